/**
 * Stable error codes shared by HTTP responses and Socket.IO acks.
 * The client maps each code to a translated message, so codes never change meaning.
 */
export const ErrorCode = {
  badRequest: 'bad_request',
  invalidPayload: 'invalid_payload',
  unauthenticated: 'unauthenticated',
  invalidCredentials: 'invalid_credentials',
  tooManyAttempts: 'too_many_attempts',
  forbidden: 'forbidden',
  notFound: 'not_found',
  conflict: 'conflict',
  setupNotAvailable: 'setup_not_available',
  invalidSetupToken: 'invalid_setup_token',
  payloadTooLarge: 'payload_too_large',
  crossOrigin: 'cross_origin',
  internal: 'internal',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface ErrorBody {
  code: ErrorCode;
  message: string;
}

/** Body of every non-2xx JSON response under /api. */
export interface ErrorResponse {
  error: ErrorBody;
}

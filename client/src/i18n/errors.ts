import type { TFunction } from 'i18next';
import { CloseCode } from '@samla/shared';
import type { ApiError, ClientErrorCode } from '../api';

/** The translated message for an error code. Typed: a new server code without a translation fails to compile. */
export function errorMessage(t: TFunction, code: ClientErrorCode): string {
  return t(`errors.${code}`);
}

/** Like errorMessage, but uses the details an ApiError carries (the wait after too many sign-ins). */
export function apiErrorMessage(t: TFunction, error: ApiError): string {
  if (error.code === 'too_many_attempts' && error.retryAfter) {
    return t('errors.too_many_attempts_wait', { count: Math.max(1, Math.ceil(error.retryAfter / 60)) });
  }
  return errorMessage(t, error.code);
}

type ClosedKey = 'unauthorized' | 'forbidden' | 'docNotFound' | 'accessRevoked' | 'tooLarge' | 'docTooLarge' | 'other';

const closedKeys = new Map<number, ClosedKey>([
  [CloseCode.unauthorized, 'unauthorized'],
  [CloseCode.forbidden, 'forbidden'],
  [CloseCode.docNotFound, 'docNotFound'],
  [CloseCode.accessRevoked, 'accessRevoked'],
  [CloseCode.tooLarge, 'tooLarge'],
  [CloseCode.docTooLarge, 'docTooLarge'],
]);

/** Explains why a document connection stopped for good, from the WebSocket close code. */
export function closeCodeMessage(t: TFunction, code: number): string {
  // In the words the Socket.IO connection uses for the same refusal.
  if (code === CloseCode.clientTooOld) return errorMessage(t, 'client_too_old');
  return t(`connection.closed.${closedKeys.get(code) ?? 'other'}`);
}

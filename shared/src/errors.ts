/**
 * Stable error codes shared by HTTP responses and Socket.IO acks.
 * The client maps each code to a translated message, so codes never change meaning.
 */
export const ErrorCode = {
  badRequest: 'bad_request',
  invalidPayload: 'invalid_payload',
  unauthenticated: 'unauthenticated',
  invalidCredentials: 'invalid_credentials',
  /** A signed-in person's current password, asked before a change of email or password, was wrong. */
  wrongPassword: 'wrong_password',
  tooManyAttempts: 'too_many_attempts',
  forbidden: 'forbidden',
  notFound: 'not_found',
  conflict: 'conflict',
  setupNotAvailable: 'setup_not_available',
  invalidSetupToken: 'invalid_setup_token',
  payloadTooLarge: 'payload_too_large',
  crossOrigin: 'cross_origin',
  /** An application's address is not in one of Stockholm County's 26 municipalities. */
  outsideCounty: 'outside_county',
  /** An organisation with this organisation number is a member or has a pending application. */
  duplicateOrgNumber: 'duplicate_org_number',
  /** The postcode does not belong to the chosen municipality (data/stockholmCounty.ts); the message starts "postalCode:". */
  postcodeMismatch: 'postcode_mismatch',
  /** An uploaded member list that cannot be read: not CSV or .xlsx, empty, too large, or too many rows. */
  invalidFile: 'invalid_file',
  /** An invitation or password-reset link that is unknown, expired or already used. */
  invalidToken: 'invalid_token',
  /** The email belongs to an existing account. */
  emailTaken: 'email_taken',
  /** The application was already approved or rejected. */
  alreadyDecided: 'already_decided',
  /** The group is archived: it takes no new members and its documents are read-only. */
  groupArchived: 'group_archived',
  /** Another working group already has this name (case and spacing aside). */
  duplicateGroupName: 'duplicate_group_name',
  /** The last coordinator cannot delete their account. */
  lastCoordinator: 'last_coordinator',
  /** The session has started, ended or was cancelled: it can no longer be edited, cancelled or started. */
  meetingStarted: 'meeting_started',
  /** The session is not live (not started yet, or over): room controls are closed. */
  meetingNotLive: 'meeting_not_live',
  /** An agenda link or follow target is not a page or board of the group's space. */
  linkNotInGroup: 'link_not_in_group',
  /** No dot vote is open, or the sticky is not open for voting. */
  voteNotOpen: 'vote_not_open',
  /** All of one's votes are placed. */
  voteBudgetExhausted: 'vote_budget_exhausted',
  /** The per-sticky limit of votes is reached. */
  voteCapReached: 'vote_cap_reached',
  /** The minutes are approved, or the amendment period is over. */
  minutesClosed: 'minutes_closed',
  internal: 'internal',
  /** This tab's build is older than the server accepts (protocol.ts): it reloads. */
  clientTooOld: 'client_too_old',
  /** This instance is older than the client (a deploy in progress): try again, another instance serves it. */
  serverTooOld: 'server_too_old',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/**
 * The one HTTP status of each code: a route answers it, and a Socket.IO ack carries the same code.
 * A new code without a status here fails to compile.
 */
export const httpStatus: Record<ErrorCode, number> = {
  [ErrorCode.badRequest]: 400,
  [ErrorCode.invalidPayload]: 400,
  [ErrorCode.unauthenticated]: 401,
  [ErrorCode.invalidCredentials]: 401,
  [ErrorCode.wrongPassword]: 403,
  [ErrorCode.tooManyAttempts]: 429,
  [ErrorCode.forbidden]: 403,
  [ErrorCode.notFound]: 404,
  [ErrorCode.conflict]: 409,
  [ErrorCode.setupNotAvailable]: 409,
  [ErrorCode.invalidSetupToken]: 403,
  [ErrorCode.payloadTooLarge]: 413,
  [ErrorCode.crossOrigin]: 403,
  [ErrorCode.outsideCounty]: 422,
  [ErrorCode.duplicateOrgNumber]: 409,
  [ErrorCode.postcodeMismatch]: 400,
  [ErrorCode.invalidFile]: 400,
  [ErrorCode.invalidToken]: 410,
  [ErrorCode.emailTaken]: 409,
  [ErrorCode.alreadyDecided]: 409,
  [ErrorCode.groupArchived]: 409,
  [ErrorCode.duplicateGroupName]: 409,
  [ErrorCode.lastCoordinator]: 409,
  [ErrorCode.meetingStarted]: 409,
  [ErrorCode.meetingNotLive]: 409,
  [ErrorCode.linkNotInGroup]: 422,
  [ErrorCode.voteNotOpen]: 409,
  [ErrorCode.voteBudgetExhausted]: 409,
  [ErrorCode.voteCapReached]: 409,
  [ErrorCode.minutesClosed]: 409,
  [ErrorCode.internal]: 500,
  [ErrorCode.clientTooOld]: 426,
  [ErrorCode.serverTooOld]: 503,
};

export interface ErrorBody {
  code: ErrorCode;
  message: string;
}

/** Body of every non-2xx JSON response under /api. */
export interface ErrorResponse {
  error: ErrorBody;
}

export interface AppErrorDetails {
  /** Seconds to wait before trying again; HTTP sends it as Retry-After. */
  retryAfterSeconds?: number;
}

/**
 * The one error that server code throws to refuse a request, in a route or a Socket.IO handler alike.
 * HTTP answers `httpStatus[code]` with `{ error: toBody() }`; an ack is `{ ok: false, error: toBody() }`.
 */
export class AppError extends Error {
  override name = 'AppError';

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: AppErrorDetails = {},
  ) {
    super(message);
  }

  toBody(): ErrorBody {
    return { code: this.code, message: this.message };
  }
}

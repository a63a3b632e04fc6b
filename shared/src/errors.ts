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

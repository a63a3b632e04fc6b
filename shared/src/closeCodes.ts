/**
 * WebSocket close codes of the Yjs endpoint (/yjs/<doc>). The 4xxx range is reserved
 * for applications by RFC 6455; the last three digits mirror the HTTP status they resemble.
 */
export const CloseCode = {
  /** No valid session cookie, or the session ended (signed out, password reset). Sign in again. */
  unauthorized: 4401,
  /** Signed in, but not a member of the group that owns the document. */
  forbidden: 4403,
  /** The document name does not address an existing group's document. */
  docNotFound: 4404,
  /**
   * An update would grow the document past the configured MAX_DOC_BYTES, or the updates waiting for
   * changes the server never received passed their bound; the update was not applied.
   */
  docTooLarge: 4413,
  /** The person was removed from the group (or their account deleted) while connected. Do not reconnect. */
  accessRevoked: 4410,
  /** The person's role in the group changed while connected (for example observer → member); reconnect to get the new rights. */
  roleChanged: 4409,
  /** The stored document could not be loaded; nothing was sent. Retry later. */
  loadFailed: 4500,
  /** The server is shutting down; reconnect shortly. */
  serverRestarting: 4503,
  /** This tab's build is older than the server accepts (protocol.ts); the client reloads to get the new one. */
  clientTooOld: 4426,
  /** This instance is older than the client (a deploy in progress); reconnect, another instance will serve it. */
  serverTooOld: 4505,
  /** A message was not valid y-websocket protocol (standard code from RFC 6455). */
  malformed: 1007,
  /** A single message exceeded the configured WS_MAX_PAYLOAD (standard code from RFC 6455). */
  tooLarge: 1009,
} as const;

export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

/** Codes after which reconnecting with the same credentials cannot help. */
export const terminalCloseCodes: ReadonlySet<number> = new Set([
  CloseCode.unauthorized,
  CloseCode.forbidden,
  CloseCode.docNotFound,
  CloseCode.accessRevoked,
  CloseCode.docTooLarge,
  CloseCode.tooLarge,
  CloseCode.clientTooOld,
]);

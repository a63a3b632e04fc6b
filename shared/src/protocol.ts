/**
 * The version of what a client build and the server exchange: Socket.IO events, y-websocket messages
 * and the layout of documents. Raise it with any change an older client cannot follow; raise
 * MIN_CLIENT_PROTOCOL when the server stops accepting the older clients (their tabs then reload).
 * A browser tab keeps the build it loaded, so during a deploy old tabs meet a new server and, behind
 * a load balancer, new tabs can meet an instance that is not yet updated.
 */
export const PROTOCOL_VERSION = 1;
/** The oldest client protocol this server still serves. */
export const MIN_CLIENT_PROTOCOL = 1;
/** Where a client sends its version: the Yjs URL's query (`/yjs/<doc>?v=1`) and Socket.IO's `auth`. */
export const PROTOCOL_PARAM = 'v';

/**
 * `clientTooOld`: the tab must load the new build (close code 4426, Socket.IO error `client_too_old`).
 * `serverTooOld`: this instance predates the client; another one (or this one, updated) will serve it,
 * so the client retries (close code 4505, Socket.IO error `server_too_old`).
 */
export type ProtocolCheck = 'ok' | 'clientTooOld' | 'serverTooOld';

/** Judges the version a client sent; a missing or unreadable one is a client from before versioning. */
export function checkProtocol(sent: unknown): ProtocolCheck {
  const v = typeof sent === 'string' && /^\d{1,6}$/.test(sent) ? Number(sent) : typeof sent === 'number' && Number.isInteger(sent) ? sent : 0;
  if (v < MIN_CLIENT_PROTOCOL) return 'clientTooOld';
  if (v > PROTOCOL_VERSION) return 'serverTooOld';
  return 'ok';
}

/**
 * The layout of documents (the shapes in schemas/docs.ts) this build reads and writes. A document
 * keeps its version in its meta map; one that has none has today's first layout, version 1, which is
 * every document written before versioning. The server migrates a document to its own version when
 * it loads it (server/src/storage/docSchema.ts). Raising it raises PROTOCOL_VERSION and
 * MIN_CLIENT_PROTOCOL too, so that no client of the old layout writes into a migrated document.
 */
export const DOC_SCHEMA_VERSION = 1;
/** The Y.Map every document keeps its own facts in, and the key of its layout version. */
export const DOC_META = 'meta';
export const DOC_SCHEMA_KEY = 'schemaVersion';

/** The layout version a document says it has (1 when it says nothing, or nothing readable). */
export function docSchemaVersion(doc: { getMap(name: string): { get(key: string): unknown } }): number {
  const v = doc.getMap(DOC_META).get(DOC_SCHEMA_KEY);
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 ? v : 1;
}

/**
 * Pure readers of the documents (Y.Doc → plain data; shapes: ../schemas/docs.ts), for the client,
 * search, exports and meetings alike. They never write, and they tolerate what another client
 * (older, newer or hostile) may have stored.
 */
export * from './board.js';
export * from './page.js';
export * from './space.js';

import { DOC_META, DOC_SCHEMA_KEY, DOC_SCHEMA_VERSION, docSchemaVersion, type DocAddress } from '@samla/shared';
import type * as Y from 'yjs';

/** Takes a document of the version below to this one's layout; runs inside the migration's transaction. */
export type DocMigration = (doc: Y.Doc, address: DocAddress) => void;

export interface DocSchema {
  version: number;
  /** By the version each one produces: `migrations[2]` takes a version-1 document to version 2. */
  migrations: Readonly<Record<number, DocMigration>>;
}

/** This build's layout. No migration yet: version 1 is the first layout. */
export const docSchema: DocSchema = { version: DOC_SCHEMA_VERSION, migrations: {} };

/** The document was written by a newer server than this one: it must not be served or written here. */
export class DocFromNewerSchemaError extends Error {
  constructor(
    readonly docName: string,
    readonly docVersion: number,
    readonly ownVersion: number,
  ) {
    super(`document ${docName} has layout version ${docVersion}; this server knows up to ${ownVersion}`);
  }
}

/**
 * Brings `doc` to `schema.version`, every step and the new version in one transaction with `origin`, so
 * that a live document persists and broadcasts the result as one update (and a copy read for search or
 * export reads the current layout). Returns the version it started from, or null when there was nothing
 * to do. Throws DocFromNewerSchemaError for a document newer than the schema.
 */
export function migrateDoc(doc: Y.Doc, docName: string, address: DocAddress, schema: DocSchema = docSchema, origin: unknown = null): number | null {
  const from = docSchemaVersion(doc);
  if (from > schema.version) throw new DocFromNewerSchemaError(docName, from, schema.version);
  if (from === schema.version) return null;
  for (let v = from + 1; v <= schema.version; v++) {
    if (!schema.migrations[v]) throw new Error(`no migration of the document layout to version ${v}`);
  }
  doc.transact(() => {
    for (let v = from + 1; v <= schema.version; v++) schema.migrations[v]!(doc, address);
    doc.getMap(DOC_META).set(DOC_SCHEMA_KEY, schema.version);
  }, origin);
  return from;
}

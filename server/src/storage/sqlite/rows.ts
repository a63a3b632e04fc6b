import type Database from 'better-sqlite3';
import { DuplicateError, type Store } from '../store.js';

/**
 * The repositories of one aggregate. Their statements need the migrated schema, so the store's `init`
 * calls `prepare` after migrating; the repositories use them from then on.
 */
export interface SqliteRepositories<K extends keyof Store> {
  prepare(): void;
  repos: Pick<Store, K>;
}

export const ms = (d: Date | null | undefined): number | null => (d ? d.getTime() : null);

/** `UPDATE table SET a = ?, b = ? WHERE key = ?` for the fields present in `patch`. */
export function patchStatement(db: Database.Database, table: string, columns: Record<string, string>, patch: object, key: unknown) {
  const entries = Object.entries(patch).filter(([k, v]) => v !== undefined && k in columns);
  if (entries.length === 0) {
    return db.prepare(`SELECT 1 FROM ${table} WHERE id = ?`).get(key) !== undefined;
  }
  const set = entries.map(([k]) => `${columns[k]} = ?`).join(', ');
  const values = entries.map(([, v]) => (v instanceof Date ? v.getTime() : v));
  return db.prepare(`UPDATE ${table} SET ${set} WHERE id = ?`).run(...values, key).changes > 0;
}

export function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: string }).code?.startsWith('SQLITE_CONSTRAINT') ?? false;
}

/** Runs an insert; a unique-key violation becomes `DuplicateError(what)`. */
export function insertUnique(what: string, run: () => unknown): void {
  try {
    run();
  } catch (err) {
    if (isUniqueViolation(err)) throw new DuplicateError(what);
    throw err;
  }
}

export const one = <R, T>(row: R | undefined, map: (r: R) => T): T | null => (row ? map(row) : null);

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { auditActions } from '@samla/shared';
import { describe, expect, it } from 'vitest';
import { AUDIT_LABELS } from './labels.js';

const src = fileURLToPath(new URL('..', import.meta.url));
const locale = (lang: string) => JSON.parse(readFileSync(fileURLToPath(new URL(`../../../client/src/i18n/${lang}.json`, import.meta.url)), 'utf8'));
const lookup = (tree: unknown, path: string): unknown =>
  path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], tree);

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('audit labels', () => {
  it('every action an audit call in the server writes is in the shared list (which the label checks walk)', () => {
    // The type of createAudit enforces it too; this also catches an action passed through a cast.
    const written = new Set<string>();
    for (const file of sources(src)) {
      const text = readFileSync(file, 'utf8');
      for (const call of text.matchAll(/\baudit\(([^;]*?)\);/gs)) {
        for (const literal of call[1]!.matchAll(/'([a-z_]+\.[a-z_]+)'/g)) written.add(literal[1]!);
      }
    }
    expect(written.size).toBeGreaterThan(20);
    expect([...written].filter((a) => !(auditActions as readonly string[]).includes(a))).toEqual([]);
  });

  it('are the words the screen shows, in both languages', () => {
    for (const lang of ['sv', 'en'] as const) {
      const json = locale(lang);
      const labels = AUDIT_LABELS[lang];
      for (const [action, label] of Object.entries(labels.actions)) expect(lookup(json, `audit.actions.${action}`), action).toBe(label);
      for (const [key, label] of Object.entries(labels.fields)) expect(lookup(json, `audit.fields.${key}`), key).toBe(label);
      for (const [key, label] of Object.entries(labels.terms)) expect(lookup(json, `audit.terms.${key}`), key).toBe(label);
      for (const [key, label] of Object.entries(labels.targets)) expect(lookup(json, `audit.targets.${key}`), key).toBe(label);
      for (const [key, label] of Object.entries(labels.roles)) expect(lookup(json, `roles.${key}`), key).toBe(label);
      for (const key of ['time', 'actor', 'action', 'target', 'details'] as const) expect(lookup(json, `audit.${key}`), key).toBe(labels.columns[key]);
      for (const key of ['system', 'yes', 'no', 'empty'] as const) expect(lookup(json, `audit.${key}`), key).toBe(labels[key]);
    }
  });
});

import type { AuditEntry } from '@samla/shared';
import { describe, expect, it } from 'vitest';
import en from '../../../i18n/en.json';
import sv from '../../../i18n/sv.json';
import { auditActions, auditDetails, auditTarget, isAuditAction } from './format';

const entry = (patch: Partial<AuditEntry>): AuditEntry => ({
  id: 'e1',
  at: '2026-05-12T08:30:00.000Z',
  actorId: 'u1',
  actorName: 'Kim',
  action: 'group.created',
  target: 'group:plast',
  details: {},
  ...patch,
});

const lookup = (tree: unknown, path: string): unknown =>
  path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], tree);

describe('audit actions', () => {
  it('has a Swedish and an English name for every action the server logs', () => {
    for (const action of auditActions) {
      expect(typeof lookup(sv, `audit.actions.${action}`), action).toBe('string');
      expect(typeof lookup(en, `audit.actions.${action}`), action).toBe('string');
    }
  });

  it('knows the listed actions and nothing else', () => {
    expect(isAuditAction('membership.role_changed')).toBe(true);
    expect(isAuditAction('membership.exploded')).toBe(false);
  });
});

describe('auditTarget', () => {
  const groups = new Map([['plast', 'Plast och förpackningar']]);

  it('names groups from the group list, falling back to the id', () => {
    expect(auditTarget(entry({}), groups)).toEqual({ kind: 'group', name: 'Plast och förpackningar' });
    expect(auditTarget(entry({ target: 'group:gone' }), groups)).toEqual({ kind: 'group', name: 'gone' });
  });

  it('names organisations and applications from the details', () => {
    expect(auditTarget(entry({ target: 'organisation:o1', details: { name: 'Grön AB' } }), groups)).toEqual({
      kind: 'organisation',
      name: 'Grön AB',
    });
    expect(auditTarget(entry({ target: 'application:a1' }), groups)).toEqual({ kind: 'application', name: 'a1' });
  });

  it('names a person by the actor name when they acted on themselves', () => {
    expect(auditTarget(entry({ target: 'user:u1' }), groups)).toEqual({ kind: 'user', name: 'Kim' });
    expect(auditTarget(entry({ target: 'user:u2' }), groups)).toEqual({ kind: 'user', name: 'u2' });
  });

  it('knows the network and leaves unknown shapes alone', () => {
    expect(auditTarget(entry({ target: 'network' }), groups)).toEqual({ kind: 'network', name: '' });
    expect(auditTarget(entry({ target: 'planet:earth' }), groups)).toBeNull();
  });
});

describe('auditDetails', () => {
  it('keeps plain values, joins lists and drops names already shown as the target', () => {
    const details = { name: 'Grön AB', orgNumber: '556677-8899', people: 3, groups: ['plast', 'mat'], nested: { a: 1 }, empty: '' };
    expect(auditDetails(entry({ target: 'organisation:o1', details }))).toEqual([
      ['orgNumber', '556677-8899'],
      ['people', '3'],
      ['groups', 'plast, mat'],
    ]);
  });

  it('keeps a group name, which may differ from the current one after an edit', () => {
    expect(auditDetails(entry({ details: { name: 'Plast' } }))).toEqual([['name', 'Plast']]);
  });
});

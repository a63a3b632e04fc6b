import { describe, expect, it } from 'vitest';
import { itemDocName, loginRequest, notesDocName, parseDocName, presenceJoin, setupRequest, spaceDocName } from './index.js';

describe('shared schemas', () => {
  it('normalises emails and rejects malformed ones', () => {
    expect(loginRequest.parse({ email: '  Kim@Example.SE ', password: 'x' }).email).toBe('kim@example.se');
    expect(loginRequest.safeParse({ email: 'kim', password: 'x' }).success).toBe(false);
    expect(loginRequest.safeParse({ email: 'kim@example.se', password: '' }).success).toBe(false);
  });

  it('requires a password of at least ten characters at setup', () => {
    const base = { token: 't', name: 'Kim', email: 'kim@example.se' };
    expect(setupRequest.safeParse({ ...base, password: 'kort' }).success).toBe(false);
    expect(setupRequest.safeParse({ ...base, password: 'tillräckligt-långt' }).success).toBe(true);
  });

  it('accepts only well-formed group ids and no extra fields in presence commands', () => {
    expect(presenceJoin.safeParse({ groupId: 'cirkulart-byggande' }).success).toBe(true);
    for (const bad of [{ groupId: 'Plast' }, { groupId: '../x' }, { groupId: '' }, { groupId: 'plast', x: 1 }, null]) {
      expect(presenceJoin.safeParse(bad).success).toBe(false);
    }
  });

  it('round-trips document names and refuses anything else', () => {
    expect(parseDocName(notesDocName('plast'))).toEqual({ groupId: 'plast', kind: 'notes' });
    expect(parseDocName(spaceDocName('plast'))).toEqual({ groupId: 'plast', kind: 'space' });
    expect(parseDocName(itemDocName('plast', 'board', 'abc12345xyz'))).toEqual({
      groupId: 'plast',
      kind: 'board',
      itemId: 'abc12345xyz',
    });
    expect(itemDocName('plast', 'page', 'abc12345xyz')).toBe('groups/plast/pages/abc12345xyz');
    for (const bad of [
      'groups/plast',
      'groups/plast/notes/x',
      'groups/PLAST/notes',
      'groups/../notes',
      'other/plast/notes',
      'groups/plast/pages/short',
      'groups/plast/pages/..%2F..%2Fsecret',
      'groups/plast/boards/abc12345xyz/x',
      'groups/plast/files/abc12345xyz',
    ]) {
      expect(parseDocName(bad)).toBeNull();
    }
  });
});

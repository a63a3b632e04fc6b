import { FORMER_MEMBER } from '@samla/shared';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { TFunction } from 'i18next';
import { base64ToBytes, contributorsText, formatVersionTime, versionLabel } from './format';

const fake = (key: string, options?: object) => (options ? `${key} ${JSON.stringify(options)}` : key);
const t = fake as unknown as TFunction;

describe('version labels', () => {
  it('shows a named version by its name and an automatic one by its reason', () => {
    expect(versionLabel(t, { name: 'Före mötet', reason: 'named' })).toBe('Före mötet');
    expect(versionLabel(t, { name: null, reason: 'auto' })).toBe('history.reason.auto');
    expect(versionLabel(t, { name: null, reason: 'last-editor-left' })).toBe('history.reason.last-editor-left');
    expect(versionLabel(t, { name: '  ', reason: 'before-restore' })).toBe('history.reason.before-restore');
  });

  it('lists contributors as a sentence in the chosen language', () => {
    const two = { contributors: [{ id: 'a', name: 'Kim' }, { id: 'b', name: 'Bo' }] };
    expect(contributorsText(t, two, 'sv-SE')).toBe('history.by {"names":"Kim och Bo"}');
    expect(contributorsText(t, two, 'en-GB')).toBe('history.by {"names":"Kim and Bo"}');
    expect(contributorsText(t, { contributors: [] }, 'sv-SE')).toBe('history.noContributors');
  });

  it('names a person whose account is gone as a former member, in the chosen language', () => {
    const gone = { contributors: [{ id: 'a', name: 'Kim' }, { id: 'b', name: FORMER_MEMBER }] };
    expect(contributorsText(t, gone, 'sv-SE')).toBe('history.by {"names":"Kim och common.formerMember"}');
  });

  it('writes the time in the chosen locale', () => {
    const iso = '2026-05-12T12:05:00.000Z';
    const sv = formatVersionTime(iso, 'sv-SE');
    const en = formatVersionTime(iso, 'en-GB');
    expect(sv).toMatch(/12 maj 2026/);
    expect(en).toMatch(/12 May 2026/);
  });
});

describe('base64ToBytes', () => {
  it('decodes a Yjs update as the server encodes it', () => {
    const doc = new Y.Doc();
    doc.getText('t').insert(0, 'hej då');
    const update = Y.encodeStateAsUpdate(doc);
    const copy = new Y.Doc();
    Y.applyUpdate(copy, base64ToBytes(Buffer.from(update).toString('base64')));
    expect(copy.getText('t').toString()).toBe('hej då');
  });
});

import { auditActions, auditFieldKeys, auditTargetKinds, auditTerms, FORMER_MEMBER, type AuditEntry } from '@samla/shared';
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import en from '../../../i18n/en.json';
import sv from '../../../i18n/sv.json';
import { actionLabel, actorLabel, fieldText, targetLabel, valueText } from './format';

const lookup = (tree: unknown, path: string): unknown =>
  path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], tree);

describe('audit labels', () => {
  // Every action the server may write is in the shared list (the server's audit() takes no other,
  // server/src/audit/labels.test.ts checks its calls); each needs words in both languages.
  const keys = [
    ...auditActions.map((a) => `audit.actions.${a}`),
    ...auditFieldKeys.map((f) => `audit.fields.${f}`),
    ...auditTerms.map((term) => `audit.terms.${term}`),
    ...auditTargetKinds.map((k) => `audit.targets.${k}`),
    'audit.yes',
    'audit.no',
    'audit.empty',
    'audit.system',
  ];

  it.each([
    ['sv', sv],
    ['en', en],
  ])('has a label for every action, field, term and target in %s', (_lang, tree) => {
    expect(keys.filter((key) => typeof lookup(tree, key) !== 'string' || (lookup(tree, key) as string).trim() === '')).toEqual([]);
  });

  it('has no label left over for an action the server no longer writes', () => {
    for (const tree of [sv, en]) {
      const actions = tree.audit.actions as Record<string, Record<string, string>>;
      const labelled = Object.entries(actions).flatMap(([group, names]) => Object.keys(names).map((name) => `${group}.${name}`));
      expect(labelled.sort()).toEqual([...auditActions].sort());
    }
  });
});

async function translator(lng: 'sv' | 'en') {
  const instance = i18next.createInstance();
  await instance.init({ lng, resources: { sv: { translation: sv }, en: { translation: en } }, interpolation: { escapeValue: false } });
  return instance.t;
}

const entry = (patch: Partial<AuditEntry>): AuditEntry => ({
  id: 'e1',
  at: '2026-05-12T08:30:00.000Z',
  actorId: 'u1',
  actorName: 'Kim',
  action: 'group.created',
  target: 'group:plast',
  targetName: 'Plast och förpackningar',
  fields: [],
  details: {},
  ...patch,
});

describe('an entry in words', () => {
  it('names the actor, the system, and a former member in the reader’s language', async () => {
    const t = await translator('sv');
    expect(actorLabel(t, entry({}))).toBe('Kim');
    expect(actorLabel(t, entry({ actorId: null, actorName: null }))).toBe('Systemet eller en besökare');
    expect(actorLabel(t, entry({ actorName: FORMER_MEMBER }))).toBe('tidigare medlem');
    expect(actorLabel(await translator('en'), entry({ actorName: FORMER_MEMBER }))).toBe('former member');
  });

  it('labels an action, and shows one of an older version as it is stored', async () => {
    const t = await translator('sv');
    expect(actionLabel(t, 'membership.role_changed')).toBe('Roll ändrades');
    expect(actionLabel(await translator('en'), 'organisations.imported')).toBe('Member list imported');
    expect(actionLabel(t, 'planet.exploded')).toBe('planet.exploded');
  });

  it('names the target by its kind', async () => {
    const t = await translator('sv');
    expect(targetLabel(t, entry({}))).toBe('Arbetsgrupp Plast och förpackningar');
    expect(targetLabel(t, entry({ target: 'user:u9', targetName: FORMER_MEMBER }))).toBe('Person tidigare medlem');
    expect(targetLabel(t, entry({ target: 'network', targetName: null }))).toBe('Hela nätverket');
    expect(targetLabel(t, entry({ target: 'planet:earth', targetName: 'planet:earth' }))).toBe('planet:earth');
  });

  it('writes each kind of value', async () => {
    const [t, tEn] = [await translator('sv'), await translator('en')];
    expect(valueText(t, { kind: 'role', role: 'facilitator' })).toBe('samtalsledare');
    expect(valueText(t, { kind: 'flag', value: false })).toBe('nej');
    expect(valueText(tEn, { kind: 'flag', value: true })).toBe('yes');
    expect(valueText(t, { kind: 'person', name: FORMER_MEMBER })).toBe('tidigare medlem');
    expect(valueText(t, { kind: 'list', items: ['Plast', 'Mat'] })).toBe('Plast, Mat');
    expect(valueText(t, { kind: 'term', term: 'organisation_left' })).toBe('organisationen lämnade nätverket');
    expect(valueText(t, { kind: 'change', from: null, to: 'https://gron.se' })).toBe('(tomt) → https://gron.se');
    expect(valueText(t, { kind: 'change', to: 'Solna kommun' })).toBe('Solna kommun');
    expect(valueText(t, { kind: 'number', value: 3 })).toBe('3');
    expect(fieldText(t, { key: 'otherSessionsEnded', value: { kind: 'number', value: 2 } })).toEqual(['Andra inloggningar som avslutades', '2']);
    expect(fieldText(tEn, { key: 'mergedInto', value: { kind: 'text', text: 'Grön AB' } })).toEqual(['Merged into', 'Grön AB']);
  });
});

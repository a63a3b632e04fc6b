import { describe, expect, it } from 'vitest';
import type { TFunction } from 'i18next';
import { CloseCode, terminalCloseCodes } from '@samla/shared';
import { closeCodeMessage } from './errors';
import en from './en.json';

const t = ((key: string) => key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)?.[part], en)) as unknown as TFunction;

describe('closeCodeMessage', () => {
  it('tells a person removed from the group that they were removed', () => {
    expect(closeCodeMessage(t, CloseCode.accessRevoked)).toMatch(/removed from the group/);
  });

  it('has a specific message (not the generic one) for every terminal close code', () => {
    for (const code of terminalCloseCodes) {
      expect(closeCodeMessage(t, code), String(code)).not.toBe(en.connection.closed.other);
    }
  });
});

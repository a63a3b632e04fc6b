import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { failWith } from './ack.js';
import { AppError, ErrorCode, httpStatus } from './errors.js';

const codes = Object.values(ErrorCode);

/** The client's translations (client/src/i18n), read as files: shared does not depend on the client. */
const translations = (language: 'sv' | 'en'): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`../../client/src/i18n/${language}.json`, import.meta.url), 'utf8')) as Record<string, unknown>;

describe('error codes', () => {
  it('give every code one HTTP error status', () => {
    expect(Object.keys(httpStatus).sort()).toEqual([...codes].sort());
    for (const code of codes) {
      expect(httpStatus[code], code).toBeGreaterThanOrEqual(400);
      expect(httpStatus[code], code).toBeLessThanOrEqual(599);
    }
  });

  it.each(['sv', 'en'] as const)('have a message in the client’s %s translation', (language) => {
    const messages = translations(language).errors as Record<string, unknown>;
    for (const code of codes) expect(typeof messages[code], `errors.${code}`).toBe('string');
  });
});

describe('AppError', () => {
  it('gives HTTP and Socket.IO the same code and message', () => {
    const err = new AppError(ErrorCode.voteCapReached, 'enough votes here');
    expect(err).toBeInstanceOf(Error);
    expect(err.toBody()).toEqual({ code: 'vote_cap_reached', message: 'enough votes here' });
    expect(failWith(err)).toEqual({ ok: false, error: err.toBody() });
  });
});

import { describe, expect, it } from 'vitest';
import { isValidEmail, isValidPassword } from './credentials';

describe('credential checks', () => {
  it('accept what the server accepts', () => {
    expect(isValidEmail(' Kim@Example.se ')).toBe(true);
    expect(isValidPassword('tio-tecken')).toBe(true);
  });

  it('refuse a malformed email and a password under 10 characters', () => {
    expect(isValidEmail('kim@')).toBe(false);
    expect(isValidEmail('')).toBe(false);
    expect(isValidPassword('nio-teckn')).toBe(false);
  });
});

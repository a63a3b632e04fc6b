import { describe, expect, it } from 'vitest';
import { ErrorCode } from '@samla/shared';
import en from './en.json';
import sv from './sv.json';

type Tree = { [key: string]: string | Tree };

/** Every leaf as [dotted.key, value]. */
function leaves(tree: Tree, prefix = ''): [string, unknown][] {
  return Object.entries(tree).flatMap(([key, value]) =>
    value !== null && typeof value === 'object' ? leaves(value, `${prefix}${key}.`) : [[`${prefix}${key}`, value]],
  );
}

describe('translations', () => {
  const svLeaves = leaves(sv);
  const enLeaves = leaves(en);

  it('have identical key sets in Swedish and English', () => {
    const svKeys = svLeaves.map(([k]) => k).sort();
    const enKeys = enLeaves.map(([k]) => k).sort();
    expect(enKeys).toEqual(svKeys);
  });

  it('have no empty or non-string values', () => {
    for (const [key, value] of [...svLeaves, ...enLeaves]) {
      expect(typeof value, key).toBe('string');
      expect((value as string).trim(), key).not.toBe('');
    }
  });

  it('use the same interpolation variables in both languages', () => {
    const vars = (s: string) => [...s.matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1]).sort();
    const enMap = new Map(enLeaves);
    for (const [key, value] of svLeaves) {
      expect(vars(String(enMap.get(key))), key).toEqual(vars(String(value)));
    }
  });

  it('translate every error code the server can send', () => {
    const keys = new Set(svLeaves.map(([k]) => k));
    for (const code of [...Object.values(ErrorCode), 'network']) {
      expect(keys.has(`errors.${code}`), code).toBe(true);
    }
  });
});

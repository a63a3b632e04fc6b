import { describe, expect, it } from 'vitest';
import { contrast, luminance, textColorOn } from './color';

describe('textColorOn', () => {
  it('uses white on dark colours and black on light ones', () => {
    expect(textColorOn('#1f5f46')).toBe('#ffffff');
    expect(textColorOn('#98981b')).toBe('#000000');
    expect(textColorOn('not a colour')).toBe('#ffffff');
  });

  it('always reaches 4.5:1 for any colour', () => {
    for (let v = 0; v < 0x1000000; v += 0x010305) {
      const hex = `#${v.toString(16).padStart(6, '0')}`;
      const bg = luminance(hex)!;
      const fg = textColorOn(hex) === '#ffffff' ? 1 : 0;
      expect(contrast(bg, fg), hex).toBeGreaterThanOrEqual(4.5);
    }
  });
});

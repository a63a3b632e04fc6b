import { describe, expect, it } from 'vitest';
import { searchPath, segments } from './highlight';

describe('search highlights', () => {
  it('splits text into plain and marked segments', () => {
    expect(segments({ text: '…om Återvinning och återvinningsgrad.', highlights: [[4, 15], [20, 36]] })).toEqual([
      { text: '…om ', marked: false },
      { text: 'Återvinning', marked: true },
      { text: ' och ', marked: false },
      { text: 'återvinningsgrad', marked: true },
      { text: '.', marked: false },
    ]);
  });

  it('survives unordered, overlapping and out-of-range ranges', () => {
    expect(segments({ text: 'abcdef', highlights: [[4, 99], [0, 2], [1, 3], [7, 9]] })).toEqual([
      { text: 'ab', marked: true },
      { text: 'c', marked: true },
      { text: 'd', marked: false },
      { text: 'ef', marked: true },
    ]);
    expect(segments({ text: '', highlights: [] })).toEqual([]);
  });

  it('keeps markup in the text as text', () => {
    expect(segments({ text: '<b>x</b>', highlights: [[3, 4]] }).map((s) => s.text).join('')).toBe('<b>x</b>');
  });

  it('builds the search page path', () => {
    expect(searchPath(' återvinning & pant ')).toBe('/search?q=%C3%A5tervinning+%26+pant');
    expect(searchPath('x', 'board')).toBe('/search?q=x&kind=board');
    expect(searchPath('x', 'board', 'plast')).toBe('/search?q=x&kind=board&group=plast');
    expect(searchPath('x', undefined, 'plast')).toBe('/search?q=x&group=plast');
  });
});

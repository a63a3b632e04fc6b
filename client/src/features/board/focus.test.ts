import { STICKY_SIZE } from '@samla/shared';
import { describe, expect, it } from 'vitest';
import { centreOn, stickyParam } from './focus';

describe('stickyParam', () => {
  it('reads the sticky id from a query string', () => {
    expect(stickyParam('?sticky=lapp-kassa')).toBe('lapp-kassa');
    expect(stickyParam('?x=1&sticky=a%20b')).toBe('a b');
  });
  it('is null without one, or for an empty one', () => {
    expect(stickyParam('')).toBeNull();
    expect(stickyParam('?sticky=')).toBeNull();
    expect(stickyParam('?stickyx=1')).toBeNull();
  });
});

describe('centreOn', () => {
  const centreOnScreen = (v: { x: number; y: number; zoom: number }, at: { x: number; y: number }) => ({
    x: v.x + (at.x + STICKY_SIZE / 2) * v.zoom,
    y: v.y + (at.y + STICKY_SIZE / 2) * v.zoom,
  });

  it('puts the middle of the sticky in the middle of the viewport, keeping the zoom', () => {
    const at = { x: 2_000, y: -300 };
    const v = centreOn({ x: 40, y: 40, zoom: 1.5 }, at, 800, 600);
    expect(v.zoom).toBe(1.5);
    expect(centreOnScreen(v, at)).toEqual({ x: 400, y: 300 });
  });

  it('zooms to 100 % when the board is zoomed out too far to read the sticky', () => {
    const at = { x: 100, y: 100 };
    const v = centreOn({ x: 0, y: 0, zoom: 0.2 }, at, 1000, 500);
    expect(v.zoom).toBe(1);
    expect(centreOnScreen(v, at)).toEqual({ x: 500, y: 250 });
  });
});

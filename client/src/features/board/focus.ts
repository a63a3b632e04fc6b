import { STICKY_SIZE } from '@samla/shared';
import { clampZoom, type Point, type View } from './model';

/**
 * Opening a board at one sticky (`/groups/:g/boards/:id?sticky=<stickyId>`, the links of search and
 * "Diskuterat tidigare"): which sticky is asked for, and the view that shows it.
 */

/** The `sticky` parameter of a query string, or null when there is none (an empty value counts as none). */
export function stickyParam(search: string): string | null {
  const value = new URLSearchParams(search).get('sticky');
  return value ? value : null;
}

/**
 * The view that puts the sticky at `at` (its top-left corner, board units) in the middle of a viewport of
 * width × height. A zoom too small to read it (under `minZoom`) becomes 100 %; otherwise it is kept.
 */
export function centreOn(view: View, at: Point, width: number, height: number, minZoom = 0.5): View {
  const zoom = view.zoom < minZoom ? 1 : clampZoom(view.zoom);
  const cx = at.x + STICKY_SIZE / 2;
  const cy = at.y + STICKY_SIZE / 2;
  return { zoom, x: width / 2 - cx * zoom, y: height / 2 - cy * zoom };
}

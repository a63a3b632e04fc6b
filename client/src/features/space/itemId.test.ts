import { itemId } from '@samla/shared';
import { describe, expect, it } from 'vitest';
import { newItemId } from './itemId';

describe('newItemId', () => {
  it('makes ids the shared schema accepts, and different each time', () => {
    const ids = new Set(Array.from({ length: 200 }, () => newItemId()));
    expect(ids.size).toBe(200);
    for (const id of ids) {
      expect(id).toMatch(/^[a-z0-9]{16}$/);
      expect(itemId.safeParse(id).success).toBe(true);
    }
  });
});

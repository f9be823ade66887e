import { describe, expect, it } from 'vitest';
import { newRowId } from '../../src/store/ids.ts';

describe('row ids', () => {
  it('are RFC 9562 version 7, distinct, and sort in the order they were made', () => {
    const ids = Array.from({ length: 20_000 }, () => newRowId());
    for (const id of ids)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(ids.length);
    // PostgreSQL orders uuid values byte by byte, as lowercase hex text sorts
    expect(ids).toEqual([...ids].sort());
    // the first 48 bits are the time of day in milliseconds
    const ms = Number.parseInt(ids[0]!.replace('-', '').slice(0, 12), 16);
    expect(Math.abs(ms - Date.now())).toBeLessThan(60_000);
  });
});

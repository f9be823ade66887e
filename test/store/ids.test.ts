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

  it('keep their order when many are made in one millisecond, and their random part differs', () => {
    // 20,000 ids in a tight loop: thousands share a millisecond, and the byte pool is refilled many times
    const ids = Array.from({ length: 20_000 }, () => newRowId());
    const byMs = new Map<string, number>();
    for (const id of ids) byMs.set(id.slice(0, 13), (byMs.get(id.slice(0, 13)) ?? 0) + 1);
    expect(Math.max(...byMs.values())).toBeGreaterThan(1);
    expect(ids).toEqual([...ids].sort());
    expect(new Set(ids).size).toBe(ids.length);
    // the last 40 bits are random bytes (from the pool), not a counter or a repeated block
    expect(new Set(ids.map((id) => id.slice(-10))).size).toBeGreaterThan(ids.length * 0.99);
  });
});

/**
 * The case pages this process has answered, kept with their stamp (docs/reads-at-scale.md, "Case pages kept
 * by their stamp"). A page is served again only when the stamp read now, in the same statement as the
 * session, is the one it was kept with; the stamp changes in the same transaction as every change to
 * anything the page shows (migration 0058), so a kept page is never older than what a read would return.
 * Nothing here decides who may read a page: the session, the role and the office are checked on every
 * request exactly as for a page read in full, and every read is audited.
 *
 * Bounded: the least recently used pages go first. `REDLINE_PAGE_CACHE_SIZE` sets how many pages are kept
 * per database (0: none, every read in full).
 */

import type { DbOrTrx } from '../store/db.ts';
import { perDatabase } from './per-database.ts';

/** Pages kept per database unless `REDLINE_PAGE_CACHE_SIZE` says otherwise. */
export const DEFAULT_PAGE_CACHE_SIZE = 2_000;

export function pageCacheSize(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.REDLINE_PAGE_CACHE_SIZE;
  if (raw === undefined || raw === '') return DEFAULT_PAGE_CACHE_SIZE;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0)
    throw new Error(`REDLINE_PAGE_CACHE_SIZE must be a whole number of pages (0 or more), not "${raw}"`);
  return n;
}

export class PageCache<T> {
  private readonly pages = new Map<string, { stamp: string; page: T }>();
  /** Pages served from memory, pages read in full and kept, pages found out of date (tests, the benchmark). */
  readonly stats = { hits: 0, stored: 0, stale: 0 };

  /** At most this many pages (0: none kept). */
  constructor(public size: number) {}

  /** Whether a page of the case is kept (whatever its stamp). */
  has(caseId: string): boolean {
    return this.pages.has(caseId);
  }

  /** The page kept for the case if it was kept with this stamp; a page with another stamp is dropped. */
  get(caseId: string, stamp: string): T | undefined {
    const kept = this.pages.get(caseId);
    if (!kept) return undefined;
    this.pages.delete(caseId);
    if (kept.stamp !== stamp) {
      this.stats.stale++;
      return undefined;
    }
    this.pages.set(caseId, kept); // the most recently used last
    this.stats.hits++;
    return kept.page;
  }

  set(caseId: string, stamp: string, page: T): void {
    if (this.size === 0) return;
    this.pages.delete(caseId);
    this.pages.set(caseId, { stamp, page });
    this.stats.stored++;
    while (this.pages.size > this.size) {
      const oldest = this.pages.keys().next().value as string;
      this.pages.delete(oldest);
    }
  }

  clear(): void {
    this.pages.clear();
  }
}

const caches = perDatabase(() => new PageCache<unknown>(pageCacheSize()));

/** This process's kept pages of a database (one per pool, as the read-log writer). */
export function pageCache<T>(db: DbOrTrx): PageCache<T> {
  return caches(db) as PageCache<T>;
}

// The people a case page names, kept by this process (docs/reads-at-scale.md, "The people a page names,
// kept"): each user's display name, role and training completion dates, as of a value of
// `page_stamp_global.v` (migration 0058), which every change to a display name or role, a new account and
// every training record written, changed or deleted set anew in their own transaction. A case read that
// finds the global stamp the directory was filled at takes the people from here instead of looking them
// up over a dozen tables in its statement; ids the directory lacks are read in one statement that reads
// the stamp too, and kept only when that stamp is the case read's own.
import { sql } from 'kysely';
import { type DbOrTrx, PREPARE } from '../store/db.ts';
import { perDatabase } from './per-database.ts';

/** A user as a case page needs them: name, role and training completion times (ascending). */
export interface DirectoryEntry {
  displayName: string;
  role: string;
  /** Each completion as PostgreSQL wrote it in JSON, and in microseconds (its own precision). */
  trainings: Array<{ text: string; us: number }>;
}

/**
 * A time as PostgreSQL writes it in JSON (`2026-01-02T03:04:05.123456+00:00`), in microseconds since the
 * epoch: the precision the database compares at, which a JavaScript date (milliseconds) would round away.
 */
export function microsOf(text: string): number {
  const m = /^(.*?T\d\d:\d\d:\d\d)(?:\.(\d+))?(.*)$/.exec(text);
  if (!m) return new Date(text).getTime() * 1000;
  return Date.parse(`${m[1]}${m[3]}`) * 1000 + Number((m[2] ?? '').padEnd(6, '0').slice(0, 6));
}

/** Beyond this many people the directory starts again empty (its memory stays bounded). */
const MAX_ENTRIES = 100_000;

export class PeopleDirectory {
  /** The global stamp the entries were read at (null: none yet). */
  stamp: string | null = null;
  /** By user id; null: no such user (an id that names nobody is not looked up again at the same stamp). */
  readonly entries = new Map<string, DirectoryEntry | null>();
  readonly stats = { lookups: 0, misses: 0, stale: 0 };

  /**
   * The entries of `ids` as of the global stamp `stamp` (the one the caller's read found), reading the
   * ones missing; undefined when the stamp has moved on since the caller's read (the caller reads again).
   * The answer is the caller's own: entries read here are kept only while the directory is still at
   * `stamp` when they arrive (another read may have found a newer stamp meanwhile).
   */
  async lookup(
    db: DbOrTrx,
    stamp: string,
    ids: Iterable<string | null | undefined>,
  ): Promise<Map<string, DirectoryEntry | null> | undefined> {
    this.stats.lookups++;
    // The stamp only grows (a sequence): a read that found an older one than the directory's has been
    // overtaken by a change, which a look-up would find too. It reads again; the directory stays.
    if (this.stamp !== null && BigInt(stamp) < BigInt(this.stamp)) {
      this.stats.stale++;
      return undefined;
    }
    if (this.stamp !== stamp) {
      this.entries.clear();
      this.stamp = stamp;
    }
    const found = new Map<string, DirectoryEntry | null>();
    const missing: string[] = [];
    for (const id of ids) {
      if (!id || found.has(id) || missing.includes(id)) continue;
      const entry = this.entries.get(id);
      if (entry === undefined) missing.push(id);
      else found.set(id, entry);
    }
    if (missing.length === 0) return found;
    this.stats.misses++;
    const row = (
      await sql<{
        v: string;
        users: Array<{ id: string; n: string; r: string; t: string[] }>;
      }>`${sql.raw(PREPARE)}
        select (select g.v::text from page_stamp_global g) as v,
          (select coalesce(json_agg(json_build_object('id', u.id, 'n', u.display_name, 'r', u.role,
                    't', array(select t.completed_at from training_records t
                               where t.user_id = u.id and t.completed_at is not null
                               order by t.completed_at))), '[]')
           from users u where u.id = any(${missing}::uuid[])) as users`.execute(db)
    ).rows[0]!;
    if (row.v !== stamp) {
      this.stats.stale++;
      return undefined;
    }
    for (const id of missing) found.set(id, null);
    for (const u of row.users)
      found.set(u.id, {
        displayName: u.n,
        role: u.r,
        trainings: u.t.map((text) => ({ text, us: microsOf(text) })),
      });
    if (this.stamp === stamp) {
      if (this.entries.size + missing.length > MAX_ENTRIES) this.entries.clear();
      for (const id of missing) this.entries.set(id, found.get(id)!);
    }
    return found;
  }
}

/**
 * The latest training completion of `entry` no later than `by` (a time as PostgreSQL writes it in JSON;
 * any, when null), as PostgreSQL wrote it, or null: what `max(completed_at) … where completed_at <= by`
 * answers.
 */
export function trainingAsOf(entry: DirectoryEntry | null | undefined, by: string | null): string | null {
  if (!entry) return null;
  const limit = by === null ? Number.POSITIVE_INFINITY : microsOf(by);
  let best: string | null = null;
  for (const t of entry.trainings) if (t.us <= limit) best = t.text;
  return best;
}

/** This process's directory of a database (one per pool, as the kept pages). */
export const peopleDirectory = perDatabase(() => new PeopleDirectory());

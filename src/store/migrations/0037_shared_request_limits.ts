import type { Kysely } from 'kysely';
import { execStatements } from './exec.ts';

/**
 * Request limits shared by every server instance on the database (services/request-limits.ts): the
 * portal's requests per address and route, and the anonymous refusals per address. A row is one fixed
 * window of one key. The table is unlogged: a crash of the database server forgets the current windows
 * (the limits start again), which costs nothing a limit protects; the refusals themselves are in the
 * audit log, and a window's count of refusals past the limit is written to the audit log when the window
 * ends.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await execStatements(
    db,
    `create unlogged table request_limits (
      scope text not null,
      key text not null,
      window_start timestamptz not null,
      window_ms integer not null check (window_ms > 0),
      hits integer not null default 0 check (hits >= 0),
      turned_away integer not null default 0 check (turned_away >= 0),
      reported boolean not null default false,
      primary key (scope, key, window_start)
    );
    create index request_limits_ended on request_limits (window_start) where not reported;`,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await execStatements(db, `drop table if exists request_limits;`);
}

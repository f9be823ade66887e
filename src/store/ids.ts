/**
 * Ids of the rows written at volume — cases, persons, notices, screenings and what the legacy import writes
 * with them: UUID version 7 (RFC 9562), whose first 48 bits are the time in milliseconds, from the `uuid`
 * library (monotonic within a process). New rows then land at the right edge of their primary key and of
 * every index that leads with the id (a case's search terms, screenings, links, gate status, facts), instead
 * of on a random page of an index that no longer fits in memory (docs/decisions/time-ordered-row-ids.md).
 *
 * Not for anything that must be hard to guess (session ids, tokens, access codes, nonces): those stay
 * `crypto.randomUUID()` or random bytes. A row id is never a capability: every read and write checks the
 * caller's permission and office scope whatever the id.
 */
import { v7 } from 'uuid';

export function newRowId(): string {
  return v7();
}

/**
 * Anonymous refusals, limited per source address (issue 9). Every refused request is audited once
 * (refusal-audit.ts), which makes a flood of anonymous refused requests — mutations without a session,
 * a bad CSRF token — a way to grow the audit chain without limit. Per address and per window (a minute by
 * default), the first `perWindow` anonymous refusals are audited one by one as before; past that the
 * address is answered 429 for the rest of the window (except sign-in, which has its own delays per
 * account and per source), and what was refused or turned away is written as ONE entry for the window
 * (`request.refused.throttled`, with the count) once the window has ended. Nothing refused goes
 * unrecorded: each refusal is either its own entry or counted in its window's entry.
 *
 * The counts are kept in the database (services/request-limits.ts, migration 0037), so every server
 * instance on one database counts against the same limit, and one instance writes each window's entry.
 */
import type { AppContext } from '../services/context.ts';
import {
  type EndedRefusalWindow,
  forgetEndedWindows,
  noteRefusal,
  reportEndedRefusalWindows,
  turnAwayIfLimited,
} from '../services/request-limits.ts';

export type { EndedRefusalWindow as ThrottledWindow };

export class RefusalThrottle {
  constructor(
    readonly app: AppContext,
    readonly perWindow: number,
    readonly windowMs = 60_000,
  ) {}

  /** Notes one anonymous refusal: `audit` it on its own, or `suppress` it (counted in the window's entry). */
  note(address: string, now: number): Promise<'audit' | 'suppress'> {
    return noteRefusal(this.app.db, address, this.perWindow, this.windowMs, now);
  }

  /**
   * When the address has used up its refusals in this window: counts the request as turned away and
   * returns the seconds until the address is heard again; otherwise 0.
   */
  turnAwayIfLimited(address: string, now: number): Promise<number> {
    return turnAwayIfLimited(this.app.db, address, this.perWindow, this.windowMs, now);
  }

  /** Writes the entries of the windows that ended with refusals past the limit. */
  report(now: number): Promise<EndedRefusalWindow[]> {
    return reportEndedRefusalWindows(this.app, this.perWindow, now);
  }

  /** The background turn (once a window): reports ended windows, then forgets those an hour old. */
  async tidy(now: number): Promise<void> {
    await this.report(now);
    await forgetEndedWindows(this.app.db, this.perWindow, now);
  }
}

/**
 * Anonymous refusals, limited per source address (issue 9). Every refused request is audited once
 * (refusal-audit.ts), which makes a flood of anonymous refused requests — mutations without a session,
 * a bad CSRF token — a way to grow the audit chain without limit. Per address and per window (a minute by
 * default), the first `perWindow` anonymous refusals are audited one by one as before; past that the
 * address is answered 429 for the rest of the window (except sign-in, which has its own delays per
 * account and per source), and what was refused or turned away is written as ONE entry for the window
 * (`request.refused.throttled`, with the count), when the window ends. Nothing refused goes unrecorded:
 * each refusal is either its own entry or counted in its window's entry.
 *
 * The counts are kept in the server process: with several instances each limits on its own, so an address
 * gets at most `perWindow` audited refusals per instance and window.
 */

export interface ThrottledWindow {
  address: string;
  /** Start of the window (ISO 8601). */
  from: string;
  /** End of the window (ISO 8601). */
  to: string;
  /** Refusals past the limit, each counted here instead of audited alone (429s included). */
  suppressed: number;
}

interface Window {
  start: number;
  audited: number;
  suppressed: number;
}

export class RefusalThrottle {
  private readonly windows = new Map<string, Window>();

  constructor(
    readonly perWindow: number,
    readonly windowMs = 60_000,
  ) {}

  private current(address: string, now: number): Window {
    const w = this.windows.get(address);
    if (w && now - w.start < this.windowMs) return w;
    const fresh = { start: now, audited: 0, suppressed: 0 };
    // an ended window with refusals to report stays until drained
    if (w && w.suppressed > 0) this.windows.set(`${address}\u0000${w.start}`, w);
    this.windows.set(address, fresh);
    return fresh;
  }

  /** Notes one anonymous refusal: `audit` it on its own, or `suppress` it (counted in the window's entry). */
  note(address: string, now: number): 'audit' | 'suppress' {
    const w = this.current(address, now);
    if (w.audited < this.perWindow) {
      w.audited += 1;
      return 'audit';
    }
    w.suppressed += 1;
    return 'suppress';
  }

  /** Seconds until the address may be heard again, or 0 when it is not limited now. */
  blockedFor(address: string, now: number): number {
    const w = this.windows.get(address);
    if (!w || now - w.start >= this.windowMs || w.audited < this.perWindow) return 0;
    return Math.max(1, Math.ceil((w.start + this.windowMs - now) / 1000));
  }

  /** Counts a request turned away with 429 (it is a refusal of its own, reported in the window's entry). */
  turnedAway(address: string, now: number): void {
    this.current(address, now).suppressed += 1;
  }

  /** The windows that ended with refusals past the limit (each reported once), forgetting ended windows. */
  drain(now: number): ThrottledWindow[] {
    const out: ThrottledWindow[] = [];
    for (const [key, w] of this.windows) {
      if (now - w.start < this.windowMs) continue;
      this.windows.delete(key);
      if (w.suppressed > 0)
        out.push({
          address: key.split('\u0000')[0]!,
          from: new Date(w.start).toISOString(),
          to: new Date(w.start + this.windowMs).toISOString(),
          suppressed: w.suppressed,
        });
    }
    return out;
  }
}

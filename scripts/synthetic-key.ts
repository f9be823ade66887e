/**
 * The master key for the synthetic databases that the generators fill and the benchmarks read
 * (scripts/gen-cases-sql.ts, scripts/gen-screening-cases.ts, bench/*): the demo accounts' authenticator
 * secrets are sealed under it (services/secrets.ts), so the generator and a later benchmark run must use
 * the same key. It is REDLINE_DOCUMENT_KEY when set; otherwise a fixed key derived from a constant, which
 * is fit only for synthetic data that holds nothing real.
 */
import { createHash } from 'node:crypto';
import type { AppContext } from '../src/services/context.ts';
import { KeyRing, keyIdOf, parseMasterKey } from '../src/services/documents/keys.ts';
import type { Database } from '../src/store/db.ts';

export function syntheticDataKeys(): KeyRing {
  const env = process.env.REDLINE_DOCUMENT_KEY;
  if (env) return new KeyRing(parseMasterKey(env, 'REDLINE_DOCUMENT_KEY'));
  const key = createHash('sha256').update('redline synthetic benchmark data only').digest();
  return new KeyRing({ id: keyIdOf(key), key });
}

/** The application context of a benchmark or generator over a synthetic database: the wall clock, no signer. */
export function syntheticApp(d: Database): AppContext {
  return { db: d.db, dbKind: d.kind, clock: () => new Date(), signer: null, secrets: syntheticDataKeys() };
}

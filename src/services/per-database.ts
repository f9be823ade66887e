import type { DbOrTrx } from '../store/db.ts';

/**
 * One object of this process per database pool, made on first use: what the read-log writer, the kept
 * pages and the directory of people keep per pool (every read of that pool shares it).
 */
export function perDatabase<T>(make: (db: DbOrTrx) => T): (db: DbOrTrx) => T {
  const made = new WeakMap<object, T>();
  return (db) => {
    let value = made.get(db);
    if (value === undefined) {
      value = make(db);
      made.set(db, value);
    }
    return value;
  };
}

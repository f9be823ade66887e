/**
 * Which database errors mean "the database is unavailable" (down, unreachable, frozen, out of connections,
 * or a statement cut off by the statement timeout) rather than a fault in the request or in our code.
 * The server answers those with 503 and Retry-After (server/unavailable.ts); everything else stays a 500.
 */

export type UnavailableKind = 'unreachable' | 'connection_lost' | 'timeout' | 'busy';

/** Node's socket errors when the server cannot be reached or the connection breaks. */
const SOCKET_CODES: Record<string, UnavailableKind> = {
  ECONNREFUSED: 'unreachable',
  EHOSTUNREACH: 'unreachable',
  ENETUNREACH: 'unreachable',
  ENOTFOUND: 'unreachable',
  EAI_AGAIN: 'unreachable',
  ETIMEDOUT: 'timeout',
  ECONNRESET: 'connection_lost',
  EPIPE: 'connection_lost',
};

/** SQLSTATEs (https://www.postgresql.org/docs/current/errcodes-appendix.html) that mean unavailability. */
function sqlStateKind(code: string): UnavailableKind | null {
  if (code.startsWith('08')) return 'connection_lost'; // connection exception
  if (code === '57P01' || code === '57P02') return 'connection_lost'; // admin / crash shutdown
  if (code === '57P03') return 'unreachable'; // cannot connect now (starting up, recovering)
  if (code === '57014') return 'timeout'; // query cancelled: the statement timeout
  // Not 55P03 (lock not available): no lock_timeout is set, so it comes from NOWAIT, a conflict for the caller.
  if (code === '53300') return 'busy'; // too many connections
  if (code.startsWith('53')) return 'busy'; // insufficient resources (disk full, out of memory)
  return null;
}

/** Messages of node-postgres and its pool, which carry no code. */
const MESSAGES: [RegExp, UnavailableKind][] = [
  [/^timeout exceeded when trying to connect$/i, 'busy'], // pool: no connection free within the timeout
  [/^Connection terminated due to connection timeout$/i, 'timeout'],
  [/^timeout expired$/i, 'timeout'], // a client's own connection timeout
  [/^Query read timeout$/i, 'timeout'], // client-side query timeout (a frozen server)
  [/^Connection terminated( unexpectedly)?$/i, 'connection_lost'],
  [/is not queryable$/i, 'connection_lost'],
];

/** The kind of unavailability an error shows, or null when it is not one. Looks through `cause` and AggregateError. */
export function databaseUnavailable(err: unknown, depth = 0): UnavailableKind | null {
  if (!err || typeof err !== 'object' || depth > 4) return null;
  const e = err as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  if (typeof e.code === 'string') {
    const socket = SOCKET_CODES[e.code];
    if (socket) return socket;
    if (/^[0-9A-Z]{5}$/.test(e.code)) {
      const kind = sqlStateKind(e.code);
      if (kind) return kind;
    }
  }
  if (typeof e.message === 'string') {
    for (const [re, kind] of MESSAGES) if (re.test(e.message)) return kind;
  }
  if (Array.isArray(e.errors)) {
    for (const inner of e.errors) {
      const kind = databaseUnavailable(inner, depth + 1);
      if (kind) return kind;
    }
  }
  return databaseUnavailable(e.cause, depth + 1);
}

/** Plain words for each kind, safe to show without a session (no addresses, no SQL). */
export const UNAVAILABLE_TEXT: Record<UnavailableKind, string> = {
  unreachable: 'the database server cannot be reached',
  connection_lost: 'the connection to the database was lost',
  timeout: 'the database did not answer in time',
  busy: 'no database connection became free in time',
};

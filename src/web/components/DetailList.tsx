// Recorded details (a gate's facts, an audit entry's detail) in plain words: each key as words ("Override
// reason"), user ids as "name (role)", indicator ids as titles, country and language codes as names, yes/no
// for true/false.
import { plainValue } from './labels.ts';

/** Who a user id stands for, when it is known. */
export type NamedPerson = { displayName: string; roleLabel: string };

/** "overrideReason" and "override_reason" as "Override reason". */
export function plainKey(key: string): string {
  const words = key
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/_/g, ' ')
    .toLowerCase();
  return words.replace(/^./, (c) => c.toUpperCase());
}

/** A recorded value as text. */
export function plainDetail(v: unknown, people: Record<string, NamedPerson>, key = ''): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'string') {
    const p = people[v];
    if (p) return `${p.displayName} (${p.roleLabel})`;
    return plainValue(key, v);
  }
  if (typeof v === 'number' || typeof v === 'boolean')
    return v === true ? 'yes' : v === false ? 'no' : String(v);
  if (Array.isArray(v)) {
    if (v.length === 0) return 'none';
    return v.map((x) => plainDetail(x, people, key)).join('; ');
  }
  return Object.entries(v as Record<string, unknown>)
    .filter(([, x]) => x !== null && x !== undefined)
    .map(([k, x]) => `${plainKey(k)}: ${plainDetail(x, people, k)}`)
    .join(', ');
}

/** Every key and value of a record, as a definition list. */
export function DetailList({
  detail,
  people = {},
  className = 'margin-top-1',
}: {
  detail: Record<string, unknown>;
  people?: Record<string, NamedPerson>;
  className?: string;
}) {
  return (
    <dl className={className}>
      {Object.entries(detail).map(([k, v]) => (
        <div key={k} className="margin-bottom-1">
          <dt className="text-bold">{plainKey(k)}</dt>
          <dd className="margin-left-0 text-wrap" style={{ overflowWrap: 'anywhere' }}>
            {plainDetail(v, people, k)}
          </dd>
        </div>
      ))}
    </dl>
  );
}

// When a line of the case history happened: one time, or the count and time range of a group.
import type { HistoryItem } from './data.ts';

/** "Jun 1, 2026, 10:02 AM", or "3 times, Jun 1, 2026, 10:02 AM to 10:40 AM" for a group. */
export function historyWhen(
  h: Pick<HistoryItem, 'at' | 'count' | 'lastAt'>,
  formatDateTime: (iso: string) => string,
): string {
  const first = formatDateTime(h.at);
  if (!h.count || h.count < 2 || !h.lastAt) return first;
  const last = formatDateTime(h.lastAt);
  if (last === first) return `${h.count} times, ${first}`;
  const sameDay = new Date(h.at).toDateString() === new Date(h.lastAt).toDateString();
  const lastShown = sameDay ? last.replace(/^.*\d{4}, /, '') : last;
  return `${h.count} times, ${first} to ${lastShown}`;
}

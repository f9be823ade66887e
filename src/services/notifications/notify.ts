/**
 * Notifications: one message to one user, shown in the web application (with the unread count in the
 * header) and sent by e-mail when SMTP is configured (services/notifications/email.ts, after commit).
 * Other features call `notify` inside their own transaction, so a notification exists exactly when the
 * change it speaks of was committed.
 */
import { randomUUID } from 'node:crypto';
import type { Role } from '../../domain/types.ts';
import type { DbOrTrx } from '../../store/db.ts';

export interface NotifyInput {
  /** The users to notify by id… */
  userIds?: string[];
  /** …and/or every enabled user with this role (of this office; null or absent: of every office). */
  role?: Role;
  office?: string | null;
  /** A short code of what it is about, e.g. `liaison_overdue`, `notice_status`. */
  kind: string;
  caseId?: string | null;
  /** The message in plain language. */
  text: string;
  /**
   * When set, a second notification with the same key for the same user is not created (a scheduled scan
   * uses `<duty>:<item>:<day>`, so a re-run on the same day, or on a second server, adds nothing).
   */
  dedupeKey?: string | null;
  /** When it was created (the action's time); default now. */
  at?: Date;
}

/** One notification to insert: the unit the scans batch. */
export interface NotificationRow {
  userId: string;
  kind: string;
  caseId: string | null;
  text: string;
  dedupeKey: string | null;
}

/** Resolves the recipients (enabled users only, each once) and writes one notification each. */
export async function notify(
  trx: DbOrTrx,
  input: NotifyInput,
): Promise<{ created: number; userIds: string[] }> {
  const ids = new Set(input.userIds ?? []);
  if (input.role) {
    let q = trx
      .selectFrom('users')
      .select('id')
      .where('role', '=', input.role)
      .where('disabled_at', 'is', null);
    if (input.office) q = q.where('office_id', '=', input.office);
    for (const r of await q.execute()) ids.add(r.id);
  }
  const rows = [...ids].map((userId) => ({
    userId,
    kind: input.kind,
    caseId: input.caseId ?? null,
    text: input.text,
    dedupeKey: input.dedupeKey ?? null,
  }));
  const created = await insertNotifications(trx, rows, input.at ?? new Date());
  return { created, userIds: [...ids] };
}

/**
 * Writes many notifications in one statement per 500; a row whose (user, dedupe key) exists already is
 * skipped. Disabled users get nothing. Returns how many were created.
 */
export async function insertNotifications(trx: DbOrTrx, rows: NotificationRow[], at: Date): Promise<number> {
  if (rows.length === 0) return 0;
  const enabled = new Set(
    (
      await trx
        .selectFrom('users')
        .select('id')
        .where('disabled_at', 'is', null)
        .where('id', 'in', [...new Set(rows.map((r) => r.userId))])
        .execute()
    ).map((u) => u.id),
  );
  let created = 0;
  const live = rows.filter((r) => enabled.has(r.userId));
  for (let i = 0; i < live.length; i += 500) {
    const chunk = live.slice(i, i + 500);
    const res = await trx
      .insertInto('notifications')
      .values(
        chunk.map((r) => ({
          id: randomUUID(),
          user_id: r.userId,
          kind: r.kind,
          case_id: r.caseId,
          text: r.text,
          dedupe_key: r.dedupeKey,
          created_at: at,
        })),
      )
      .onConflict((oc) => oc.columns(['user_id', 'dedupe_key']).doNothing())
      .returning('id')
      .execute();
    created += res.length;
  }
  return created;
}

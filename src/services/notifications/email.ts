/**
 * E-mail for notifications, through SMTP when REDLINE_SMTP_URL is set (nodemailer). Notifications are
 * written inside the actions' transactions; the e-mail goes after commit, by the job queue:
 *
 * 1. `queuePendingEmail` claims the notifications not yet queued of users with an address
 *    (`for update skip locked`, so two servers never claim the same one), marks them `queued`, and the
 *    scheduler sends one delivery job each (pg-boss, `singletonKey` the notification, with a retry limit and
 *    exponential backoff);
 * 2. `sendNotificationEmail` makes one attempt: it claims the notification (`sending`, under a row lock,
 *    only from `queued` or `retrying`), sends, and marks it `sent`. A failure is recorded on the
 *    notification (the error, the number of attempts) as `retrying` and thrown, so that pg-boss tries again
 *    after its backoff; after the last attempt it is `failed`. A notification already `sent` (or being sent)
 *    is never sent again, whatever job is delivered twice.
 *
 * The notification stays in the web application either way; its e-mail's state, attempts and last error
 * are columns of the notification (migration 0024).
 */
import nodemailer, { type Transporter } from 'nodemailer';
import type { DbOrTrx } from '../../store/db.ts';
import type { AppContext } from '../context.ts';

export interface Mailer {
  from: string;
  send(message: { to: string; subject: string; text: string }): Promise<void>;
  close(): void;
}

export function createMailer(smtpUrl: string, from: string): Mailer {
  const transport: Transporter = nodemailer.createTransport(smtpUrl);
  return {
    from,
    async send(m) {
      await transport.sendMail({ from, to: m.to, subject: m.subject, text: m.text });
    },
    close: () => transport.close(),
  };
}

/** How delivery is retried: attempts in all, and the first delay (doubled each time, with jitter). */
export interface EmailRetry {
  attempts: number;
  delaySeconds: number;
}

/** From REDLINE_SMTP_ATTEMPTS (default 5) and REDLINE_SMTP_RETRY_SECONDS (default 60). */
export function emailRetryFromEnv(env: NodeJS.ProcessEnv = process.env): EmailRetry {
  const int = (v: string | undefined, fallback: number, min: number, max: number) => {
    const n = v?.trim() ? Number(v) : fallback;
    return Number.isInteger(n) && n >= min && n <= max ? n : fallback;
  };
  return {
    attempts: int(env.REDLINE_SMTP_ATTEMPTS, 5, 1, 20),
    delaySeconds: int(env.REDLINE_SMTP_RETRY_SECONDS, 60, 1, 86_400),
  };
}

const SUBJECTS: Record<string, string> = {
  liaison_overdue: 'A request to INTERPOL Washington is overdue',
  liaison_escalation: 'Escalation: a request to INTERPOL Washington is overdue',
  validity_stale: 'A validity confirmation is going stale',
  contest_window_closing: 'A contest window is closing',
  training_expiring: 'Annual training expiring',
  notice_expiring: 'A notice reaches its expiry date',
  disclosure_not_served: 'Documents not yet served on the person',
  notice_status: "A notice's status changed",
};

/**
 * Claims up to `limit` notifications whose e-mail is not yet queued (users with an address, not
 * disabled) and marks them `queued`; returns their ids, for one delivery job each.
 */
export async function queuePendingEmail(app: AppContext, limit = 200): Promise<string[]> {
  return app.db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom('notifications as n')
      .innerJoin('users as u', 'u.id', 'n.user_id')
      .select(['n.id'])
      .where('n.email_state', 'is', null)
      .where('n.emailed_at', 'is', null)
      .where('n.email_error', 'is', null)
      .where('u.email', 'is not', null)
      .where('u.disabled_at', 'is', null)
      .orderBy('n.created_at')
      .limit(limit)
      .forUpdate('n')
      .skipLocked()
      .execute();
    const ids = rows.map((r) => r.id);
    if (ids.length)
      await trx.updateTable('notifications').set({ email_state: 'queued' }).where('id', 'in', ids).execute();
    return ids;
  });
}

/**
 * Notifications marked `queued` or `retrying` whose delivery job may be gone (a server stopped between
 * marking and queueing, or the queue was emptied): queued again by the scheduler at start. The delivery
 * job's `singletonKey` keeps a job still waiting from being doubled.
 */
export async function emailAwaitingDelivery(db: DbOrTrx, limit = 1000): Promise<string[]> {
  const rows = await db
    .selectFrom('notifications')
    .select('id')
    .where('email_state', 'in', ['queued', 'retrying'])
    .orderBy('created_at')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/** An attempt failed; pg-boss retries the job (or, after the last attempt, the notification is `failed`). */
export class EmailAttemptFailed extends Error {}

export type EmailAttempt = 'sent' | 'skipped' | 'failed';

/**
 * One attempt to e-mail one notification, of `attempts` in all (counted on the notification, so a job queued
 * again after a restart does not start the count afresh). Returns 'skipped' when the notification is not
 * waiting for delivery (already sent, failed, or being sent by another worker), and 'failed' when this was
 * the last attempt and it failed. Any other failure is recorded and thrown as EmailAttemptFailed, for the
 * job queue to try again after its backoff.
 */
export async function sendNotificationEmail(
  app: AppContext,
  mailer: Mailer,
  notificationId: string,
  attempts: number,
): Promise<EmailAttempt> {
  const now = app.clock();
  const claimed = await app.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('notifications as n')
      .innerJoin('users as u', 'u.id', 'n.user_id')
      .leftJoin('cases as c', 'c.id', 'n.case_id')
      .select(['n.id', 'n.kind', 'n.text', 'n.email_attempts', 'u.email', 'u.disabled_at', 'c.case_number'])
      .where('n.id', '=', notificationId)
      .where('n.email_state', 'in', ['queued', 'retrying'])
      .forUpdate('n')
      .skipLocked()
      .executeTakeFirst();
    if (!row) return null;
    if (!row.email || row.disabled_at) {
      // The address was removed or the account disabled since: nothing to send, and no more attempts.
      await trx
        .updateTable('notifications')
        .set({
          email_state: 'failed',
          email_error: row.email ? 'The account was disabled.' : 'The user has no e-mail address.',
        })
        .where('id', '=', row.id)
        .execute();
      return null;
    }
    await trx
      .updateTable('notifications')
      .set({ email_state: 'sending', email_attempts: row.email_attempts + 1, email_attempted_at: now })
      .where('id', '=', row.id)
      .execute();
    return row;
  });
  if (!claimed) return 'skipped';
  const subject = `Redline: ${SUBJECTS[claimed.kind] ?? 'Notification'}${claimed.case_number ? ` (case ${claimed.case_number})` : ''}`;
  try {
    await mailer.send({
      to: claimed.email!,
      subject,
      text: `${claimed.text}\n\nSee your notifications in Redline.`,
    });
  } catch (err) {
    const message = ((err as Error).message || String(err)).slice(0, 500);
    const attempt = claimed.email_attempts + 1;
    const final = attempt >= attempts;
    await app.db
      .updateTable('notifications')
      .set({ email_state: final ? 'failed' : 'retrying', email_error: message })
      .where('id', '=', claimed.id)
      .execute();
    if (final) return 'failed';
    throw new EmailAttemptFailed(
      `E-mail of notification ${claimed.id}, attempt ${attempt} of ${attempts}: ${message}`,
    );
  }
  await app.db
    .updateTable('notifications')
    .set({ email_state: 'sent', emailed_at: app.clock(), email_error: null })
    .where('id', '=', claimed.id)
    .execute();
  return 'sent';
}

/**
 * Queues and sends the pending e-mail at once, one attempt each, without the job queue (the CLI's
 * `notifications email --send` and tests). A failure is left `retrying` for the queue to try again,
 * unless `attempts` is 1.
 */
export async function deliverPendingEmail(
  app: AppContext,
  mailer: Mailer,
  limit = 50,
  attempts = emailRetryFromEnv().attempts,
): Promise<{ sent: number; failed: number }> {
  const ids = await queuePendingEmail(app, limit);
  let sent = 0;
  let failed = 0;
  for (const id of ids) {
    try {
      const r = await sendNotificationEmail(app, mailer, id, attempts);
      if (r === 'sent') sent++;
      else if (r === 'failed') failed++;
    } catch (err) {
      if (!(err instanceof EmailAttemptFailed)) throw err;
      failed++;
    }
  }
  return { sent, failed };
}

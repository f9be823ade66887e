/**
 * E-mail for notifications, through SMTP when REDLINE_SMTP_URL is set (nodemailer). Notifications are
 * written inside the actions' transactions; the e-mail goes after commit: a delivery claims a batch of
 * unsent notifications of users with an address (`for update skip locked`, so two servers never claim the
 * same one), marks them sent, then sends. A failure is recorded on the notification (`email_error`) and
 * not retried; the notification stays in the web application either way.
 */
import nodemailer, { type Transporter } from 'nodemailer';
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

export async function deliverPendingEmail(
  app: AppContext,
  mailer: Mailer,
  limit = 50,
): Promise<{ sent: number; failed: number }> {
  const now = app.clock();
  const claimed = await app.db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom('notifications as n')
      .innerJoin('users as u', 'u.id', 'n.user_id')
      .leftJoin('cases as c', 'c.id', 'n.case_id')
      .select(['n.id', 'n.kind', 'n.text', 'u.email', 'c.case_number'])
      .where('n.emailed_at', 'is', null)
      .where('n.email_error', 'is', null)
      .where('u.email', 'is not', null)
      .where('u.disabled_at', 'is', null)
      .orderBy('n.created_at')
      .limit(limit)
      .forUpdate('n')
      .skipLocked()
      .execute();
    if (rows.length)
      await trx
        .updateTable('notifications')
        .set({ emailed_at: now })
        .where(
          'id',
          'in',
          rows.map((r) => r.id),
        )
        .execute();
    return rows;
  });
  let sent = 0;
  let failed = 0;
  for (const r of claimed) {
    const subject = `Redline: ${SUBJECTS[r.kind] ?? 'Notification'}${r.case_number ? ` (case ${r.case_number})` : ''}`;
    try {
      await mailer.send({
        to: r.email!,
        subject,
        text: `${r.text}\n\nSee your notifications in Redline.`,
      });
      sent++;
    } catch (err) {
      failed++;
      await app.db
        .updateTable('notifications')
        .set({ emailed_at: null, email_error: (err as Error).message.slice(0, 500) })
        .where('id', '=', r.id)
        .execute();
    }
  }
  return { sent, failed };
}

/**
 * Notification e-mail delivered to a real SMTP server started in the test (smtp-server), through the
 * same nodemailer transport the server uses; each notification is sent once.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../src/demo/seed.ts';
import { createMailer, deliverPendingEmail } from '../../src/services/notifications/email.ts';
import { notify } from '../../src/services/notifications/notify.ts';
import type { Database } from '../../src/store/db.ts';
import { testApp } from '../helpers/app.ts';
import { testDatabase } from '../helpers/db.ts';

interface Received {
  from: string;
  to: string[];
  raw: string;
}

let d: Database;
let t: ReturnType<typeof testApp>;
let smtp: SMTPServer;
let port = 0;
const received: Received[] = [];

beforeAll(async () => {
  d = await testDatabase();
  t = testApp(d);
  await seedDemoData(t.system);
  // The demo data's own notifications (its notice status changes) are not what these tests send.
  await d.db.updateTable('notifications').set({ emailed_at: t.clock.now() }).execute();
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  port = (smtp.server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  await d.close();
});

describe('notification e-mail', () => {
  it('is delivered to the SMTP server once, to the user’s address', async () => {
    const mailer = createMailer(`smtp://127.0.0.1:${port}`, 'Redline <redline@agency.invalid>');
    try {
      const r = await d.db.transaction().execute((trx) =>
        notify(trx, {
          role: 'supervisor',
          office: 'NYC',
          kind: 'liaison_escalation',
          text: 'Escalation: the validity request on case RL-TEST is overdue by 8 days.',
          at: t.clock.now(),
        }),
      );
      expect(r.created).toBe(2);
      const first = await deliverPendingEmail(t.app, mailer);
      expect(first).toEqual({ sent: 2, failed: 0 });
      expect(received.flatMap((m) => m.to).sort()).toEqual([
        'supervisor2@demo.redline.invalid',
        'supervisor@demo.redline.invalid',
      ]);
      const m = received[0]!;
      expect(m.from).toBe('redline@agency.invalid');
      expect(m.raw).toMatch(/Subject: Redline: Escalation: a request to INTERPOL Washington is overdue/);
      expect(m.raw).toContain('Escalation: the validity request on case RL-TEST is overdue by 8 days.');
      // Delivered notifications are not sent again.
      expect(await deliverPendingEmail(t.app, mailer)).toEqual({ sent: 0, failed: 0 });
      expect(received).toHaveLength(2);
    } finally {
      mailer.close();
    }
  });

  it('records a failure on the notification when the SMTP server cannot be reached', async () => {
    const mailer = createMailer('smtp://127.0.0.1:1', 'redline@agency.invalid');
    try {
      await d.db.transaction().execute((trx) =>
        notify(trx, {
          userIds: [],
          role: 'liaison',
          kind: 'notice_status',
          text: 'A test.',
          at: t.clock.now(),
        }),
      );
      const r = await deliverPendingEmail(t.app, mailer);
      expect(r).toEqual({ sent: 0, failed: 1 });
      const row = await d.db
        .selectFrom('notifications')
        .select(['email_error', 'emailed_at'])
        .where('text', '=', 'A test.')
        .executeTakeFirstOrThrow();
      expect(row.emailed_at).toBeNull();
      expect(row.email_error).toMatch(/ECONNREFUSED|connect/i);
    } finally {
      mailer.close();
    }
  });
});

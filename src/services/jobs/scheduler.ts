/**
 * The job queue: pg-boss, on PostgreSQL through its own small pool, and on the embedded database (PGlite)
 * through the one connection, never inside a Kysely transaction (store/db.ts#executeSql) — see
 * docs/decisions/jobs-queue.md. Each duty has its own queue (policy `singleton`: one active job at a time
 * across every server) with a cron schedule; on start each server also queues a catch-up job per duty for
 * the current day (`singletonKey` the day), so a day missed while stopped is run on the next start. A job
 * that was queued and not done survives a restart (it is a row in the pgboss schema). The run itself
 * claims its duty and day (run.ts), so a duty runs once a day however many servers deliver it.
 */
import PgBoss from 'pg-boss';
import type { Database } from '../../store/db.ts';
import type { AppContext } from '../context.ts';
import {
  type EmailRetry,
  emailAwaitingDelivery,
  emailRetryFromEnv,
  type Mailer,
  queuePendingEmail,
  sendNotificationEmail,
} from '../notifications/email.ts';
import { DUTY_IDS, type DutyId } from './duties.ts';
import { runDuty, slotOf } from './run.ts';

export const dutyQueue = (duty: DutyId) => `redline-duty-${duty}`;
/** Finds the notifications to e-mail (every minute, and after a duty) and queues one delivery job each. */
export const EMAIL_QUEUE = 'redline-email';
/** One job per notification e-mailed, retried with exponential backoff (notifications/email.ts). */
export const EMAIL_SEND_QUEUE = 'redline-email-send';

export interface JobsOptions {
  /** PostgreSQL connection string (the server's DATABASE_URL); absent: the embedded database. */
  databaseUrl?: string | undefined;
  /** Names this server in `job_runs` (default host:pid). */
  instance?: string;
  /** When the duties are looked at (cron, UTC); each runs once a day whatever the schedule. */
  cron?: string;
  /** How often each worker asks for work, in seconds (≥ 0.5). */
  pollSeconds?: number;
  mailer?: Mailer | null;
  /** How e-mail delivery is retried (default from REDLINE_SMTP_ATTEMPTS and REDLINE_SMTP_RETRY_SECONDS). */
  emailRetry?: EmailRetry;
  /** false: queue and schedule, but process nothing (a server that only serves). */
  work?: boolean;
  /** false: no catch-up jobs at start. */
  catchUp?: boolean;
  onError?: (err: Error) => void;
}

/**
 * Creates a queue unless it exists. Two servers starting at once may both try: PostgreSQL then refuses one
 * (a deadlock on the queue's new table, or the name already taken), which finds the queue on a second look.
 */
async function ensureQueue(boss: PgBoss, name: string, options: Omit<PgBoss.Queue, 'name'>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    if (await boss.getQueue(name)) return;
    try {
      await boss.createQueue(name, { name, ...options });
      return;
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (attempt >= 5 || !['40P01', '23505', '42P07', '40001'].includes(code ?? '')) throw err;
      await new Promise((r) => setTimeout(r, 100 * attempt + Math.random() * 200));
    }
  }
}

export interface Jobs {
  boss: PgBoss;
  /** Queues one job per duty for today (the catch-up); returns how many were queued (not already queued). */
  queueToday(): Promise<number>;
  stop(): Promise<void>;
}

export async function startJobs(app: AppContext, database: Database, opts: JobsOptions = {}): Promise<Jobs> {
  const instance = opts.instance ?? `${process.env.HOSTNAME ?? 'host'}:${process.pid}`;
  const onError = opts.onError ?? ((err: Error) => app.log?.error({ err: err.message }, 'job queue error'));
  const common = { schema: 'pgboss', application_name: 'redline-jobs', monitorStateIntervalSeconds: 600 };
  let boss: PgBoss;
  if (opts.databaseUrl) {
    boss = new PgBoss({ ...common, connectionString: opts.databaseUrl, max: 3 });
  } else {
    if (!database.executeSql) throw new Error('The embedded database gives the job queue no connection.');
    const executeSql = database.executeSql;
    boss = new PgBoss({ ...common, db: { executeSql } } as PgBoss.ConstructorOptions);
  }
  boss.on('error', onError);
  try {
    await boss.start();
    for (const duty of DUTY_IDS) {
      const name = dutyQueue(duty);
      await ensureQueue(boss, name, { policy: 'singleton', retryLimit: 3, retryDelay: 60 });
      await boss.schedule(name, opts.cron ?? '7 * * * *', { duty }, { tz: 'UTC' });
    }
    if (opts.mailer) {
      await ensureQueue(boss, EMAIL_QUEUE, { policy: 'singleton' });
      // stately: at most one waiting job per notification (its singletonKey).
      await ensureQueue(boss, EMAIL_SEND_QUEUE, { policy: 'stately' });
      await boss.schedule(EMAIL_QUEUE, '* * * * *', {}, { tz: 'UTC' });
    } else if (await boss.getQueue(EMAIL_QUEUE)) {
      await boss.unschedule(EMAIL_QUEUE);
    }
  } catch (err) {
    await boss.stop({ graceful: false, wait: true }).catch(() => {});
    throw err;
  }
  const pollingIntervalSeconds = opts.pollSeconds ?? 10;
  const retry = opts.emailRetry ?? emailRetryFromEnv();
  /** A delivery job per notification: pg-boss retries it (attempts − 1 times) with exponential backoff. */
  const queueDelivery = async (ids: string[]) => {
    for (const notificationId of ids)
      await boss.send(
        EMAIL_SEND_QUEUE,
        { notificationId },
        {
          singletonKey: notificationId,
          retryLimit: retry.attempts - 1,
          retryDelay: retry.delaySeconds,
          retryBackoff: true,
        },
      );
    return ids.length;
  };
  const queueToday = async () => {
    const slot = slotOf(app.clock());
    let queued = 0;
    for (const duty of DUTY_IDS) {
      const id = await boss.send(dutyQueue(duty), { duty, slot }, { singletonKey: slot });
      if (id) queued++;
    }
    return queued;
  };
  if (opts.work !== false) {
    for (const duty of DUTY_IDS)
      await boss.work(dutyQueue(duty), { pollingIntervalSeconds }, async () => {
        const run = await runDuty(app, duty, instance);
        if (run.status === 'ran' && (run.counts?.notifications ?? 0) > 0 && opts.mailer)
          await boss.send(EMAIL_QUEUE, {});
        return run;
      });
    if (opts.mailer) {
      const mailer = opts.mailer;
      // Marked `queued` (committed) before its job exists, so that the job always finds it waiting.
      await boss.work(EMAIL_QUEUE, { pollingIntervalSeconds }, async () => ({
        queued: await queueDelivery(await queuePendingEmail(app)),
      }));
      await boss.work<{ notificationId: string }>(
        EMAIL_SEND_QUEUE,
        { pollingIntervalSeconds },
        async (jobs) => {
          for (const job of jobs)
            await sendNotificationEmail(app, mailer, job.data.notificationId, retry.attempts);
        },
      );
      // Notifications left queued or retrying by a server that stopped: their jobs again (a job still
      // waiting is not doubled).
      await queueDelivery(await emailAwaitingDelivery(app.db));
      // An administrator's "retry now" (notifications/email-status.ts) sends its job through this queue.
      app.emailRequeue = queueDelivery;
    }
  }
  if (opts.catchUp !== false) await queueToday();
  return {
    boss,
    queueToday,
    async stop() {
      if (app.emailRequeue === queueDelivery) app.emailRequeue = undefined;
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
      opts.mailer?.close();
    },
  };
}

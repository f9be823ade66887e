/**
 * Demo data: clearly marked, synthetic, and only ever loaded in demo mode.
 * One account per role (two supervisors, so that separation of duties can be shown), two offices,
 * and current training for everyone who acts on cases.
 */
import { randomUUID } from 'node:crypto';
import type { Role } from '../domain/types.ts';
import { createUser } from '../services/accounts.ts';
import type { Call } from '../services/context.ts';
import { enrolWithKnownSecret } from '../services/mfa.ts';
import { recordTraining } from '../services/training.ts';
import { seedDemoCases } from './cases.ts';
import { demoTotpSecret } from './mfa.ts';

export const DEMO_PASSPHRASE = 'demo passphrase 2026';

export const DEMO_USERS: Array<{
  username: string;
  displayName: string;
  role: Role;
  officeId: string | null;
  trained: boolean;
}> = [
  {
    username: 'officer',
    displayName: 'Demo Officer Dana Reyes',
    role: 'officer',
    officeId: 'NYC',
    trained: true,
  },
  {
    username: 'officer2',
    displayName: 'Demo Officer Sam Okafor',
    role: 'officer',
    officeId: 'MIA',
    trained: true,
  },
  {
    username: 'supervisor',
    displayName: 'Demo Supervisor Lee Park',
    role: 'supervisor',
    officeId: 'NYC',
    trained: true,
  },
  {
    username: 'supervisor2',
    displayName: 'Demo Supervisor Ana Costa',
    role: 'supervisor',
    officeId: 'NYC',
    trained: true,
  },
  {
    username: 'liaison',
    displayName: 'Demo Liaison (INTERPOL Washington) Chris Vance',
    role: 'liaison',
    officeId: null,
    trained: false,
  },
  {
    username: 'attorney',
    displayName: 'Demo Attorney Morgan Hale',
    role: 'attorney',
    officeId: 'NYC',
    trained: true,
  },
  {
    username: 'director',
    displayName: 'Demo Field Office Director Sam Okafor',
    role: 'director',
    officeId: 'NYC',
    trained: true,
  },
  {
    username: 'auditor',
    displayName: 'Demo Auditor Pat Quinn',
    role: 'auditor',
    officeId: null,
    trained: false,
  },
  {
    username: 'coordinator',
    displayName: 'Demo Training Coordinator Jo Ellis',
    role: 'training_coordinator',
    officeId: null,
    trained: false,
  },
  {
    username: 'admin',
    displayName: 'Demo Administrator Robin Shaw',
    role: 'administrator',
    officeId: null,
    trained: false,
  },
];

/** Demo accounts and offices only (tests use this); `seedDemoData` adds the demo cases. */
export async function seedDemo(call: Call, onLoading?: () => void): Promise<{ created: boolean }> {
  const db = call.app.db;
  const existing = await db
    .selectFrom('users')
    .select('id')
    .where('username', '=', 'officer')
    .executeTakeFirst();
  if (existing) return { created: false };
  onLoading?.();
  await db
    .insertInto('offices')
    .values([
      { id: 'NYC', name: 'New York Field Office (demo)' },
      { id: 'MIA', name: 'Miami Field Office (demo)' },
    ])
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  const now = call.app.clock();
  for (const u of DEMO_USERS) {
    const created = await createUser(call, {
      ...u,
      email: `${u.username}@demo.redline.invalid`,
      passphrase: DEMO_PASSPHRASE,
    });
    // Every demo account has an authenticator app with a published secret (src/demo/mfa.ts).
    await enrolWithKnownSecret(call, created.id, demoTotpSecret(u.username), now);
    if (u.trained) {
      await recordTraining(call, {
        userId: created.id,
        course: 'INTERPOL Notices and Diffusions — annual (ICE Directive 15006.1)',
        completedAt: new Date(now.getTime() - 30 * 86_400_000),
        certificateRef: `DEMO-${randomUUID().slice(0, 8)}`,
      });
    }
  }
  return { created: true };
}

/** The full demo data set: accounts, offices, training and a handful of cases in different states. */
export async function seedDemoData(
  call: Call,
  onLoading?: () => void,
): Promise<{ created: boolean; cases: string[] }> {
  const { created } = await seedDemo(call, onLoading);
  if (!created) return { created, cases: [] };
  return { created, cases: await seedDemoCases(call) };
}

/**
 * A caller who may not create accounts is refused before any passphrase is hashed (issue 9, item 8):
 * hashing costs 19 MiB and tens of milliseconds, so hashing first let anyone signed in spend the
 * server's memory and time. The Argon2 module is wrapped only to count its calls; it still hashes.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

const argon = vi.hoisted(() => ({ hashCalls: 0 }));
vi.mock('@node-rs/argon2', async (importOriginal) => {
  const real = await importOriginal<typeof import('@node-rs/argon2')>();
  return {
    ...real,
    hash: (...args: Parameters<typeof real.hash>) => {
      argon.hashCalls += 1;
      return real.hash(...args);
    },
  };
});

import { createUser } from '../../src/services/accounts.ts';
import type { Call } from '../../src/services/context.ts';
import { PermissionDenied } from '../../src/services/errors.ts';
import type { Database } from '../../src/store/db.ts';
import { testApp } from '../helpers/app.ts';
import { auditCount } from '../helpers/calls.ts';
import { testDatabase } from '../helpers/db.ts';

let d: Database;
let t: ReturnType<typeof testApp>;

beforeAll(async () => {
  d = await testDatabase();
  t = testApp(d);
  await d.db.insertInto('offices').values({ id: 'NYC', name: 'New York Field Office' }).execute();
});
afterAll(async () => d.close());
beforeEach(() => {
  argon.hashCalls = 0;
});

const officer = (): Call => ({
  app: t.app,
  actor: { kind: 'user', userId: null, username: 'someofficer', role: 'officer', officeId: 'NYC' },
  meta: { requestId: 'req-users-1', sourceIp: '10.0.0.9' },
});
const body = (username: string) => ({
  username,
  displayName: 'New Person',
  role: 'officer' as const,
  officeId: 'NYC',
  passphrase: 'a long passphrase for testing 2026',
});

describe('creating an account', () => {
  it('refuses a non-administrator before hashing the passphrase, with one denied entry', async () => {
    const denied = await auditCount(d, 'denied');
    await expect(createUser(officer(), body('newperson1'))).rejects.toBeInstanceOf(PermissionDenied);
    expect(argon.hashCalls).toBe(0);
    expect(await auditCount(d, 'denied')).toBe(denied + 1);
  });

  it('refuses a non-administrator on permission even when the input is also invalid', async () => {
    await expect(createUser(officer(), { ...body('x'), passphrase: 'short' })).rejects.toBeInstanceOf(
      PermissionDenied,
    );
    expect(argon.hashCalls).toBe(0);
  });

  it('hashes the passphrase once for the system (the CLI) and creates the account', async () => {
    const u = await createUser(t.system, body('newperson2'));
    expect(u.username).toBe('newperson2');
    expect(argon.hashCalls).toBe(1);
  });
});

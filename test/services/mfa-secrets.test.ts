// TOTP secrets at rest: sealed under the document master key (services/secrets.ts). The stored value is
// not the secret, sign-in still works, a wrong key is refused clearly (at sign-in and at start-up),
// migration 0025 seals the secrets stored before it, and the key rotation re-seals them.
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { demoTotpCode, demoTotpSecret } from '../../src/demo/mfa.ts';
import { DEMO_PASSPHRASE, seedDemo } from '../../src/demo/seed.ts';
import { signIn } from '../../src/services/accounts.ts';
import { KeyRing, newMasterKey } from '../../src/services/documents/keys.ts';
import { rotateDocumentKey } from '../../src/services/documents/rotate-key.ts';
import { ServiceError } from '../../src/services/errors.ts';
import { checkSecretKeys, openSecret, resealSecrets, SecretKeyError } from '../../src/services/secrets.ts';
import type { Database } from '../../src/store/db.ts';
import { migrateTo, migrateToLatest } from '../../src/store/migrate.ts';
import { testApp } from '../helpers/app.ts';
import { testDatabase } from '../helpers/db.ts';
import { tempVault } from '../helpers/documents.ts';

const opened: Database[] = [];
const cleanups: Array<() => void> = [];
afterAll(async () => {
  for (const d of opened) await d.close();
  for (const c of cleanups) c();
});

// One seeded database for the tests that only read it or seal again on it (seeding hashes passphrases).
let shared: Promise<{ d: Database; t: ReturnType<typeof testApp> }> | null = null;
function seeded() {
  shared ??= (async () => {
    const d = await testDatabase('secrets');
    opened.push(d);
    const t = testApp(d);
    await seedDemo(t.system);
    return { d, t };
  })();
  return shared;
}
const SLOW = 240_000;

const stored = (d: Database, username: string) =>
  d.db
    .selectFrom('users')
    .select(['id', 'totp_secret'])
    .where('username', '=', username)
    .executeTakeFirstOrThrow();

describe('TOTP secrets at rest', () => {
  it(
    'stores a sealed value, not the secret, and sign-in still works',
    async () => {
      const { d, t } = await seeded();
      const row = await stored(d, 'officer');
      const secret = demoTotpSecret('officer');
      expect(row.totp_secret).toMatch(/^rlk1:[0-9a-f]{16}:/);
      expect(row.totp_secret).not.toContain(secret);
      expect(Buffer.from(row.totp_secret!.split(':')[2]!, 'base64').toString('latin1')).not.toContain(secret);
      expect(openSecret(t.app.secrets!, 'totp', row.id, row.totp_secret!)).toBe(secret);
      // Bound to its account: the same value on another account does not open.
      const other = await stored(d, 'auditor');
      expect(() => openSecret(t.app.secrets!, 'totp', other.id, row.totp_secret!)).toThrow(SecretKeyError);
      // The database refuses an unsealed secret.
      await expect(
        d.db.updateTable('users').set({ totp_secret: secret }).where('id', '=', row.id).execute(),
      ).rejects.toThrow(/users_totp_secret_sealed/);
      const s = await signIn(t.system, 'officer', DEMO_PASSPHRASE, null, {
        code: demoTotpCode('officer', t.clock.now()),
      });
      expect(s.stage).toBe('active');
    },
    SLOW,
  );

  it(
    'refuses a wrong master key clearly, at sign-in and at start-up',
    async () => {
      const { d, t } = await seeded();
      const wrong = { ...t.app, secrets: new KeyRing(newMasterKey()) };
      const call = { ...t.system, app: wrong };
      const err = await signIn(call, 'officer', DEMO_PASSPHRASE, null, {
        code: demoTotpCode('officer', t.clock.now()),
      }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ServiceError);
      expect((err as ServiceError).status).toBe(503);
      expect((err as ServiceError).code).toBe('secret_key_error');
      expect((err as ServiceError).message).toMatch(/master key .* is not the key that sealed/);
      await expect(checkSecretKeys(d.db, wrong.secrets)).rejects.toThrow(
        new RegExp(
          `sealed with master key ${t.app.secrets!.current.id}, but the key in use is ${wrong.secrets.current.id}`,
        ),
      );
      await expect(checkSecretKeys(d.db, t.app.secrets!)).resolves.toBeUndefined();
    },
    SLOW,
  );

  it(
    'migration 0025 seals secrets stored before it, and stops clearly without the key',
    async () => {
      const d = await testDatabase('secrets_mig');
      opened.push(d);
      // A database as it was before 0025, with a secret stored in the clear.
      await sql`drop schema public cascade`.execute(d.db);
      await sql`create schema public`.execute(d.db);
      await migrateTo(d.db, '0021_rereview_queue');
      const t = testApp(d);
      await seedDemo(t.system);
      const row = await stored(d, 'officer');
      await d.db
        .updateTable('users')
        .set({ totp_secret: demoTotpSecret('officer') })
        .where('id', '=', row.id)
        .execute();
      await expect(migrateToLatest(d.db)).rejects.toThrow(/needs the document master key/);
      const ring = t.app.secrets!;
      await migrateToLatest(d.db, { sealSecrets: (trx) => resealSecrets(trx, ring) });
      const after = await stored(d, 'officer');
      expect(after.totp_secret).toMatch(/^rlk1:/);
      expect(openSecret(ring, 'totp', row.id, after.totp_secret!)).toBe(demoTotpSecret('officer'));
      const s = await signIn(t.system, 'officer', DEMO_PASSPHRASE, null, {
        code: demoTotpCode('officer', t.clock.now()),
      });
      expect(s.stage).toBe('active');
    },
    SLOW,
  );

  it(
    'rotate-key re-seals the secrets with the new master key',
    async () => {
      const { d, t } = await seeded();
      const v = tempVault();
      cleanups.push(v.cleanup);
      // The server's ring is the vault's: re-seal the test's secrets under it first.
      await d.db
        .transaction()
        .execute((trx) =>
          resealSecrets(
            trx,
            new KeyRing(v.vault.keys.current, [t.app.secrets!.current]),
            v.vault.keys.current,
          ),
        );
      const before = await stored(d, 'officer');
      const app = { ...t.app, documents: v.vault, secrets: v.vault.keys };
      const r = await rotateDocumentKey(app, v.vault);
      expect(r.resealed).toBeGreaterThan(0);
      const after = await stored(d, 'officer');
      expect(after.totp_secret).not.toBe(before.totp_secret);
      expect(after.totp_secret).toContain(`rlk1:${r.newKeyId}:`);
      const reloaded = KeyRing.load({ kind: 'file', path: v.keyFile });
      expect(reloaded.current.id).toBe(r.newKeyId);
      expect(openSecret(reloaded, 'totp', after.id, after.totp_secret!)).toBe(demoTotpSecret('officer'));
      await expect(checkSecretKeys(d.db, new KeyRing(v.vault.keys.current))).rejects.toThrow(SecretKeyError);
    },
    SLOW,
  );
});

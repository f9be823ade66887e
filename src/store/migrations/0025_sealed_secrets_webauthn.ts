import type { Kysely } from 'kysely';
import type { DbOrTrx } from '../db.ts';
import type { DB } from '../schema.ts';
import { execStatements } from './exec.ts';

/**
 * Second-factor secrets sealed at rest, and security keys (WebAuthn) as a second factor.
 *
 * - Every TOTP secret (confirmed or pending) is sealed with AES-256-GCM under the document master key
 *   (services/secrets.ts); a check constraint then refuses any unsealed value. The migration needs the
 *   master key: with secrets to seal and no key, it stops with a message saying so (nothing is written).
 * - `webauthn_credentials`: a registered security key or passkey (its public key, signature counter and
 *   the name the person gave it).
 * - `webauthn_challenges`: the challenge of a registration or a sign-in ceremony, kept server-side for one
 *   session with an expiry, and used once.
 */
/** Seals every unsealed secret in the transaction (services/secrets.ts#resealSecrets). */
export type SecretSealer = (trx: DbOrTrx) => Promise<number>;

export function migration(sealSecrets: SecretSealer | undefined) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      const typed = db as unknown as Kysely<DB>;
      // The migrator runs each migration in a transaction: sealing and the constraints commit together.
      {
        const unsealed = await typed
          .selectFrom('users')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where((eb) =>
            eb.or([
              eb.and([eb('totp_secret', 'is not', null), eb('totp_secret', 'not like', 'rlk1:%')]),
              eb.and([
                eb('totp_pending_secret', 'is not', null),
                eb('totp_pending_secret', 'not like', 'rlk1:%'),
              ]),
            ]),
          )
          .executeTakeFirstOrThrow();
        if (Number(unsealed.n) > 0) {
          if (!sealSecrets)
            throw new Error(
              `Migration 0025 seals ${unsealed.n} account(s)' second-factor secrets and needs the document master key (REDLINE_DOCUMENT_KEY or the document key file).`,
            );
          await sealSecrets(typed);
        }
      }
      await execStatements(
        db,
        `
        alter table users add constraint users_totp_secret_sealed
          check (totp_secret is null or totp_secret like 'rlk1:%');
        alter table users add constraint users_totp_pending_secret_sealed
          check (totp_pending_secret is null or totp_pending_secret like 'rlk1:%');

        create table webauthn_credentials (
          id uuid primary key,
          user_id uuid not null references users(id) on delete cascade,
          credential_id text not null unique,
          public_key text not null,
          counter bigint not null default 0,
          transports jsonb not null default '[]',
          name text not null,
          device_type text not null,
          backed_up boolean not null,
          created_at timestamptz not null,
          last_used_at timestamptz
        );
        create index webauthn_credentials_user on webauthn_credentials (user_id);

        create table webauthn_challenges (
          session_id text not null,
          purpose text not null check (purpose in ('register', 'sign-in')),
          user_id uuid not null references users(id) on delete cascade,
          challenge text not null,
          created_at timestamptz not null,
          expires_at timestamptz not null,
          primary key (session_id, purpose)
        );
        `,
      );
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await execStatements(
        db,
        `
        drop table webauthn_challenges;
        drop table webauthn_credentials;
        alter table users drop constraint users_totp_pending_secret_sealed;
        alter table users drop constraint users_totp_secret_sealed;
        `,
      );
    },
  };
}

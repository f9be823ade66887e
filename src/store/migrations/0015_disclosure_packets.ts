import type { Kysely } from 'kysely';
import { execStatements } from './exec.ts';

/**
 * The disclosure packet (services/packet/):
 * - disclosure_packets: each generated packet, numbered per case and language (a new version when what it
 *   says changes: the documents, the translation, its approval), with its PDF, the SHA-256 printed on its
 *   cover and the SHA-256 of the PDF file, and the portal access issued for it;
 * - packet_translation_approvals: a training coordinator's or attorney's approval of one language's text,
 *   tied to the SHA-256 of the translation file approved (a changed file needs a new approval);
 * - disclosures record the packet served, who served it and the person's acknowledgement.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await execStatements(
    db,
    `
    create table disclosure_packets (
      id uuid primary key,
      case_id uuid not null references cases(id),
      reference text not null unique,
      language text not null,
      version integer not null,
      content_sha256 text not null,
      file_sha256 text not null,
      byte_size integer not null,
      pdf bytea not null,
      fingerprint text not null,
      translation_sha256 text not null,
      translation_approved boolean not null,
      document_ids jsonb not null default '[]',
      withheld_document_ids jsonb not null default '[]',
      portal_access_id uuid,
      generated_by uuid references users(id),
      generated_at timestamptz not null,
      unique (case_id, language, version)
    );
    create index disclosure_packets_case on disclosure_packets (case_id, generated_at);

    create table packet_translation_approvals (
      id uuid primary key,
      language text not null,
      content_sha256 text not null,
      version integer not null,
      approved_by uuid not null references users(id),
      approved_role text not null,
      approved_at timestamptz not null,
      note text,
      unique (language, version)
    );
    create index packet_translation_approvals_hash on packet_translation_approvals (language, content_sha256);

    alter table disclosures add column packet_id uuid references disclosure_packets(id);
    alter table disclosures add column served_by text;
    alter table disclosures add column acknowledgement text
    `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await execStatements(
    db,
    `
    alter table disclosures drop column if exists acknowledgement;
    alter table disclosures drop column if exists served_by;
    alter table disclosures drop column if exists packet_id;
    drop table if exists packet_translation_approvals;
    drop table if exists disclosure_packets
    `,
  );
}

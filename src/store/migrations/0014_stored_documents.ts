import type { Kysely } from 'kysely';
import { execStatements } from './exec.ts';

/**
 * Documents that exist: the documents-received rows become documents that may carry a stored file.
 * - `stored_objects`: one row per stored file, addressed by the SHA-256 of its plaintext; the object itself
 *   (encrypted with its own AES-256-GCM data key) sits in the object store, and the data key is kept here
 *   only wrapped by the master key (which is never in the database nor beside the objects);
 * - `documents` keeps every recorded row as it was: rows recorded before files could be stored (metadata of
 *   documents received) stay valid with `file_status = 'none'`; an uploaded file gives `'stored'` and its
 *   object's address. A document may also be attached to a request to INTERPOL Washington or to a contest,
 *   and records its source, its safe file name and who uploaded it (a user, or, for a file that came from
 *   outside the agency such as counsel's contest submission, `uploader_label` and no user).
 * The old inline columns (`content`, `content_type`, `sha256`, `byte_size`) were never written by any code
 * path; they are kept untouched so that nothing recorded is lost.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await execStatements(
    db,
    `
    create table stored_objects (
      sha256 text primary key check (sha256 ~ '^[0-9a-f]{64}$'),
      byte_size bigint not null check (byte_size > 0),
      content_type text not null,
      wrapped_key text not null,
      key_id text not null,
      created_at timestamptz not null,
      rewrapped_at timestamptz
    );
    create index stored_objects_key on stored_objects(key_id);

    alter table documents add column file_status text not null default 'none'
      check (file_status in ('none', 'stored'));
    alter table documents add column stored_sha256 text references stored_objects(sha256);
    alter table documents add column file_name text;
    alter table documents add column source text;
    alter table documents add column liaison_request_id uuid references liaison_requests(id);
    alter table documents add column contest_id uuid references contests(id);
    alter table documents add column uploaded_at timestamptz;
    alter table documents add column uploader_label text;
    alter table documents alter column recorded_by drop not null;
    alter table documents add constraint documents_uploader
      check (recorded_by is not null or uploader_label is not null);
    alter table documents add constraint documents_file_status_object
      check ((file_status = 'stored') = (stored_sha256 is not null));
    create index documents_stored_sha256 on documents(stored_sha256);
    create index documents_case_received on documents(case_id, received_at, id);
    `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await execStatements(
    db,
    `
    drop index if exists documents_case_received;
    drop index if exists documents_stored_sha256;
    alter table documents drop constraint if exists documents_file_status_object;
    alter table documents drop constraint if exists documents_uploader;
    alter table documents drop column if exists uploader_label;
    alter table documents drop column if exists uploaded_at;
    alter table documents drop column if exists contest_id;
    alter table documents drop column if exists liaison_request_id;
    alter table documents drop column if exists source;
    alter table documents drop column if exists file_name;
    alter table documents drop column if exists stored_sha256;
    alter table documents drop column if exists file_status;
    drop table if exists stored_objects;
    `,
  );
}

/**
 * A training coordinator's or attorney's approval of one language's packet text. The approval names the
 * SHA-256 of the file they read: it holds only while the file is byte for byte the same, so a changed file
 * brings the "translation pending certified review" marking back until it is approved again.
 */
import { randomUUID } from 'node:crypto';
import { type Call, runAction } from '../context.ts';
import { conflict, type FieldProblem, invalid } from '../errors.ts';
import { actingUser } from '../inputs.ts';
import { isPacketLanguage, readTranslation } from './translations.ts';

export interface ApproveTranslationInput {
  language: string;
  /** The SHA-256 of the text the approver read (from the review page): refused if the file changed since. */
  sha256: string;
  note?: string | null;
}

export async function approveTranslation(
  call: Call,
  input: ApproveTranslationInput,
): Promise<{ id: string; language: string; version: number; sha256: string }> {
  return runAction(
    call,
    {
      action: 'packet.translation_approve',
      permission: 'packet.translation_approve',
      entityType: 'packet_translation',
    },
    async (trx, audit, now) => {
      const fields: FieldProblem[] = [];
      const language = input.language?.trim().toLowerCase();
      if (!isPacketLanguage(language) || language === 'en')
        fields.push({
          field: 'language',
          message: 'Choose a language of the packet other than English (English is the source text).',
        });
      if (!/^[0-9a-f]{64}$/.test(input.sha256 ?? ''))
        fields.push({
          field: 'sha256',
          message: 'Give the SHA-256 of the text you reviewed (64 hex digits).',
        });
      if (fields.length) throw invalid('The approval could not be recorded.', fields);
      const lang = language as Exclude<typeof language, undefined>;
      const file = readTranslation(lang as never);
      if (file.sha256 !== input.sha256)
        throw conflict(
          'translation_changed',
          'The translation file changed after you opened it. Reload the page, read the text again and approve what it says now.',
          { fields: [{ field: 'sha256', message: 'The text you reviewed is no longer the current text.' }] },
        );
      const existing = await trx
        .selectFrom('packet_translation_approvals')
        .select('version')
        .where('language', '=', lang)
        .where('content_sha256', '=', file.sha256)
        .executeTakeFirst();
      if (existing)
        throw conflict('already_approved', `This text is already approved (approval ${existing.version}).`);
      const last = await trx
        .selectFrom('packet_translation_approvals')
        .select((eb) => eb.fn.max('version').as('v'))
        .where('language', '=', lang)
        .executeTakeFirst();
      const version = Number(last?.v ?? 0) + 1;
      const id = randomUUID();
      await trx
        .insertInto('packet_translation_approvals')
        .values({
          id,
          language: lang,
          content_sha256: file.sha256,
          version,
          approved_by: actingUser(call),
          approved_role: call.actor.role ?? 'system',
          approved_at: now,
          note: input.note?.trim() || null,
        })
        .execute();
      audit.entityId = id;
      audit.detail = { language: lang, version, sha256: file.sha256 };
      return { id, language: lang, version, sha256: file.sha256 };
    },
  );
}

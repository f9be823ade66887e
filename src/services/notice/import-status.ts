/**
 * The notice-status feed: status updates from INTERPOL Washington in bulk (a file through the CLI, or a
 * JSON array through the API). Each valid item is recorded exactly as a single change is
 * (record-status.ts: authorizations withdrawn, re-review tasks opened, people notified, its own audit entry
 * and transaction); an item that is not valid is reported with its line, field and reason and the other
 * items still apply. The same update twice changes nothing the second time: an item whose status the
 * notice already has is `unchanged`, and one already recorded with the same effective time is
 * `already_recorded`.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { z } from 'zod';
import { type CsvParse, FeedFileError, type FeedLine, parseFeedText } from '../../domain/status-feed-file.ts';
import { NOTICE_STATUSES } from '../../domain/types.ts';
import { authorize, type Call, runAction } from '../context.ts';
import { ServiceError } from '../errors.ts';
import { cleanInput } from '../inputs.ts';
import { recordNoticeStatus } from './record-status.ts';

/** The most items one import (a file or one API call) may hold. */
export const FEED_MAX_ITEMS = 5000;

export const feedItemSchema = z
  .object({
    interpolRef: z.string().trim().min(1, 'Give the notice’s INTERPOL reference.').max(100),
    status: z.enum(NOTICE_STATUSES, { message: `Status is one of: ${NOTICE_STATUSES.join(', ')}.` }),
    effectiveAt: z.iso
      .datetime({ offset: true, message: 'An ISO 8601 time with its offset, e.g. 2026-11-02T09:30:00Z.' })
      .optional(),
    usncbReference: z.string().trim().max(100).nullish(),
    note: z.string().trim().max(5000).nullish(),
  })
  .strict();

export type { FeedLine };

export interface FeedProblem {
  field: string;
  reason: string;
}

export interface FeedResult {
  line: number;
  interpolRef: string | null;
  outcome: 'applied' | 'unchanged' | 'already_recorded' | 'error';
  affectedCases: number;
  withdrawnAuthorizations: number;
  notified: number;
  errors: FeedProblem[];
}

export interface FeedReport {
  total: number;
  applied: number;
  unchanged: number;
  failed: number;
  results: FeedResult[];
}

/** Reads a feed file (src/domain/status-feed-file.ts); a file that cannot be read at all is a 422 naming it. */
export function parseFeedFile(name: string, content: string): FeedLine[] {
  try {
    return parseFeedText(name, content, parseCsv as CsvParse);
  } catch (err) {
    if (!(err instanceof FeedFileError)) throw err;
    throw new ServiceError(422, 'invalid_input', err.message, {
      fields: [{ field: 'file', message: err.message }],
    });
  }
}

function problemsOf(err: unknown): FeedProblem[] {
  if (err instanceof z.ZodError)
    return err.issues.map((i) => ({
      field: i.path.join('.') || (i.code === 'unrecognized_keys' ? (i.keys ?? []).join(', ') : '(item)'),
      reason:
        i.code === 'unrecognized_keys'
          ? `Not a field of a status update (fields: interpolRef, status, effectiveAt, usncbReference, note).`
          : i.code === 'invalid_type' && i.input === undefined
            ? 'Required.'
            : i.message,
    }));
  if (err instanceof ServiceError)
    return err.detail.fields?.length
      ? err.detail.fields.map((f) => ({ field: f.field, reason: f.message }))
      : [{ field: '(item)', reason: err.message }];
  throw err;
}

export async function importNoticeStatuses(
  call: Call,
  lines: FeedLine[],
  opts: { source?: string; onProgress?: (done: number, total: number) => void } = {},
): Promise<FeedReport> {
  const spec = {
    action: 'notice.status.import',
    permission: 'notice.status.record' as const,
    entityType: 'notice',
  };
  await authorize(call, spec);
  if (lines.length > FEED_MAX_ITEMS)
    throw new ServiceError(413, 'too_many_items', `One import holds at most ${FEED_MAX_ITEMS} updates.`);
  const results: FeedResult[] = [];
  const db = call.app.db;
  let done = 0;
  for (const { line, value } of lines) {
    const result: FeedResult = {
      line,
      interpolRef: null,
      outcome: 'error',
      affectedCases: 0,
      withdrawnAuthorizations: 0,
      notified: 0,
      errors: [],
    };
    results.push(result);
    try {
      if (value && typeof value === 'object' && '__unreadable' in value)
        throw new ServiceError(422, 'invalid_input', 'Not readable.', {
          fields: [
            {
              field: '(line)',
              message: `Not a JSON object: ${(value as { __unreadable: string }).__unreadable}`,
            },
          ],
        });
      const item = feedItemSchema.parse(cleanInput(value));
      result.interpolRef = item.interpolRef;
      const notices = await db
        .selectFrom('notices')
        .select(['id', 'status'])
        .where('interpol_ref', '=', item.interpolRef)
        .execute();
      if (notices.length !== 1)
        throw new ServiceError(422, 'invalid_input', 'Unknown notice.', {
          fields: [
            {
              field: 'interpolRef',
              message: notices.length
                ? 'More than one notice has this reference.'
                : 'No notice has this INTERPOL reference.',
            },
          ],
        });
      const notice = notices[0]!;
      const effectiveAt = item.effectiveAt ? new Date(item.effectiveAt) : undefined;
      if (effectiveAt) {
        const same = await db
          .selectFrom('notice_status_changes')
          .select('id')
          .where('notice_id', '=', notice.id)
          .where('to_status', '=', item.status)
          .where('effective_at', '=', effectiveAt)
          .executeTakeFirst();
        if (same) {
          result.outcome = 'already_recorded';
          continue;
        }
      }
      if (notice.status === item.status) {
        result.outcome = 'unchanged';
        continue;
      }
      try {
        const r = await recordNoticeStatus(call, notice.id, {
          status: item.status,
          effectiveAt,
          usncbReference: item.usncbReference ?? null,
          note: item.note ?? null,
          source: opts.source ?? 'interpol_washington_feed',
        });
        result.outcome = 'applied';
        result.affectedCases = r.affectedCases.length;
        result.withdrawnAuthorizations = r.affectedCases.reduce(
          (n, a) => n + a.withdrawnAuthorizations.length,
          0,
        );
        result.notified = r.affectedCases.reduce((n, a) => n + a.notified, 0);
      } catch (err) {
        // Recorded meanwhile by someone else (the same update twice at once): nothing changes.
        if (err instanceof ServiceError && err.code === 'status_unchanged') result.outcome = 'unchanged';
        else throw err;
      }
    } catch (err) {
      result.outcome = 'error';
      result.errors = problemsOf(err);
    } finally {
      done++;
      opts.onProgress?.(done, lines.length);
    }
  }
  const report: FeedReport = {
    total: results.length,
    applied: results.filter((r) => r.outcome === 'applied').length,
    unchanged: results.filter((r) => r.outcome === 'unchanged' || r.outcome === 'already_recorded').length,
    failed: results.filter((r) => r.outcome === 'error').length,
    results,
  };
  await runAction(call, spec, async (_trx, audit) => {
    audit.detail = {
      source: opts.source ?? 'interpol_washington_feed',
      total: report.total,
      applied: report.applied,
      unchanged: report.unchanged,
      failed: report.failed,
      failedLines: results
        .filter((r) => r.outcome === 'error')
        .map((r) => r.line)
        .slice(0, 100),
    };
  });
  return report;
}

import { randomUUID } from 'node:crypto';
import { type Call, runAction } from './context.ts';
import { invalid, notFound } from './errors.ts';

export interface TrainingInput {
  userId: string;
  course: string;
  completedAt: Date;
  certificateRef?: string | null;
  via?: 'manual' | 'csv';
}

/** Records one completion of the annual training (D3). Completion dates in the future are refused. */
export async function recordTraining(call: Call, input: TrainingInput) {
  return runAction(
    call,
    { action: 'training.record', permission: 'training.record', entityType: 'training' },
    async (trx, audit, now) => {
      if (Number.isNaN(input.completedAt.getTime()) || input.completedAt.getTime() > now.getTime()) {
        throw invalid('The training record could not be saved.', [
          {
            field: 'completedAt',
            message: 'Enter the date the training was completed; it cannot be in the future.',
          },
        ]);
      }
      const user = await trx
        .selectFrom('users')
        .select(['id', 'username'])
        .where('id', '=', input.userId)
        .executeTakeFirst();
      if (!user) throw notFound('The user');
      const id = randomUUID();
      await trx
        .insertInto('training_records')
        .values({
          id,
          user_id: input.userId,
          course: input.course,
          completed_at: input.completedAt,
          recorded_by: call.actor.userId,
          recorded_via: input.via ?? 'manual',
          certificate_ref: input.certificateRef ?? null,
        })
        .execute();
      Object.assign(audit, {
        entityId: id,
        after: { userId: input.userId, course: input.course, completedAt: input.completedAt },
        detail: { username: user.username },
      });
      return { id };
    },
  );
}

export interface TrainingImportRow {
  line: number;
  username: string;
  course: string;
  completedAt: Date;
  certificateRef: string | null;
}

export interface TrainingImportResult {
  imported: number;
  rows: number;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Parses a training CSV with the header `username,course,completed_on[,certificate]`. Every problem is
 * reported with its line and column; nothing is imported unless every row is valid.
 */
export async function parseTrainingCsv(text: string): Promise<TrainingImportRow[]> {
  const { parse } = await import('csv-parse/sync');
  let records: Record<string, string>[];
  try {
    records = parse(text, {
      columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()),
      skip_empty_lines: true,
      trim: true,
      bom: true,
    });
  } catch (err) {
    throw invalid('The file is not valid CSV.', [{ field: 'file', message: (err as Error).message }]);
  }
  const problems: { field: string; message: string }[] = [];
  const rows: TrainingImportRow[] = [];
  records.forEach((r, i) => {
    const line = i + 2; // the header is line 1
    const username = r.username ?? '';
    const course = r.course ?? '';
    const completed = r.completed_on ?? '';
    if (!username) problems.push({ field: `line ${line}.username`, message: 'is empty' });
    if (!course) problems.push({ field: `line ${line}.course`, message: 'is empty' });
    const date = new Date(`${completed}T00:00:00.000Z`);
    if (
      !DATE_ONLY.test(completed) ||
      Number.isNaN(date.getTime()) ||
      date.toISOString().slice(0, 10) !== completed
    ) {
      problems.push({
        field: `line ${line}.completed_on`,
        message: `"${completed}" is not a date in the form YYYY-MM-DD`,
      });
    }
    rows.push({ line, username, course, completedAt: date, certificateRef: r.certificate || null });
  });
  if (records.length === 0)
    problems.push({ field: 'file', message: 'has no rows under the header username,course,completed_on' });
  if (problems.length) throw invalid('The training file has problems; nothing was imported.', problems);
  return rows;
}

/** Imports parsed rows in one transaction with one audit entry; all or nothing. */
export async function importTraining(
  call: Call,
  rows: TrainingImportRow[],
  onProgress?: (done: number, total: number) => void,
): Promise<TrainingImportResult> {
  return runAction(
    call,
    { action: 'training.import', permission: 'training.record', entityType: 'training' },
    async (trx, audit, now) => {
      const users = await trx.selectFrom('users').select(['id', 'username']).execute();
      const byName = new Map(users.map((u) => [u.username, u.id]));
      const problems: { field: string; message: string }[] = [];
      for (const r of rows) {
        if (!byName.has(r.username))
          problems.push({ field: `line ${r.line}.username`, message: `no user named ${r.username}` });
        if (r.completedAt.getTime() > now.getTime())
          problems.push({ field: `line ${r.line}.completed_on`, message: 'is in the future' });
      }
      if (problems.length) throw invalid('The training file has problems; nothing was imported.', problems);
      const batch = 500;
      for (let i = 0; i < rows.length; i += batch) {
        await trx
          .insertInto('training_records')
          .values(
            rows.slice(i, i + batch).map((r) => ({
              id: randomUUID(),
              user_id: byName.get(r.username)!,
              course: r.course,
              completed_at: r.completedAt,
              recorded_by: call.actor.userId,
              recorded_via: 'csv',
              certificate_ref: r.certificateRef,
            })),
          )
          .execute();
        onProgress?.(Math.min(i + batch, rows.length), rows.length);
      }
      Object.assign(audit, {
        detail: { rows: rows.length, usernames: [...new Set(rows.map((r) => r.username))].slice(0, 200) },
      });
      return { imported: rows.length, rows: rows.length };
    },
  );
}

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

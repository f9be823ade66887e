import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/demo/seed.ts';
import type { Call } from '../../src/services/context.ts';
import { importTraining, parseTrainingCsv, recordTraining } from '../../src/services/training.ts';
import type { Database } from '../../src/store/db.ts';
import { testApp } from '../helpers/app.ts';
import { testDatabase } from '../helpers/db.ts';

let d: Database;
let t: ReturnType<typeof testApp>;

beforeAll(async () => {
  d = await testDatabase();
  t = testApp(d);
  await seedDemo(t.system);
});
afterAll(async () => d.close());

const count = async () =>
  Number(
    (
      await d.db
        .selectFrom('training_records')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('training CSV import', () => {
  it('imports valid rows with one audit entry', async () => {
    const before = await count();
    const auditBefore = Number(
      (
        await d.db
          .selectFrom('audit_log')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    const rows = await parseTrainingCsv(
      '\uFEFFusername,course,completed_on,certificate\nliaison,Annual,2026-05-01,C-1\nauditor,Annual,2026-05-02,\n',
    );
    const result = await importTraining(t.system, rows);
    expect(result.imported).toBe(2);
    expect(await count()).toBe(before + 2);
    const auditAfter = Number(
      (
        await d.db
          .selectFrom('audit_log')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    expect(auditAfter).toBe(auditBefore + 1);
  });

  it('names the line and column of every problem and imports nothing', async () => {
    await expect(
      parseTrainingCsv('username,course,completed_on\nofficer,,2026-02-30\n,Annual,2026-01-01\n'),
    ).rejects.toMatchObject({
      status: 422,
      detail: {
        fields: [
          { field: 'line 2.course', message: 'is empty' },
          { field: 'line 2.completed_on', message: expect.stringContaining('2026-02-30') },
          { field: 'line 3.username', message: 'is empty' },
        ],
      },
    });
    const before = await count();
    const rows = await parseTrainingCsv(
      'username,course,completed_on\nofficer,Annual,2026-01-01\nghost,Annual,2026-01-01\nofficer,Annual,2027-01-01\n',
    );
    await expect(importTraining(t.system, rows)).rejects.toMatchObject({
      detail: {
        fields: [{ field: 'line 3.username' }, { field: 'line 4.completed_on', message: 'is in the future' }],
      },
    });
    expect(await count()).toBe(before);
  });

  it('only training coordinators may record training', async () => {
    const officer = await d.db
      .selectFrom('users')
      .selectAll()
      .where('username', '=', 'officer')
      .executeTakeFirstOrThrow();
    const call: Call = {
      ...t.system,
      actor: { kind: 'user', userId: officer.id, username: 'officer', role: 'officer', officeId: 'NYC' },
    };
    await expect(
      recordTraining(call, { userId: officer.id, course: 'x', completedAt: new Date('2026-01-01') }),
    ).rejects.toMatchObject({
      status: 403,
      detail: { rule: 'ROLE:training.record' },
    });
  });
});

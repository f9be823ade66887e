import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../src/demo/seed.ts';
import { closeCase } from '../../src/services/case/close.ts';
import { openCase } from '../../src/services/case/open.ts';
import type { Call } from '../../src/services/context.ts';
import { callAsUser } from '../../src/services/context.ts';
import { requestLiaison } from '../../src/services/liaison/request.ts';
import {
  caseHistory,
  dashboard,
  evaluateCaseNamed,
  findNotices,
  getNotice,
  listQueues,
  listUserNames,
} from '../../src/services/queries.ts';
import type { Database } from '../../src/store/db.ts';
import { testApp } from '../helpers/app.ts';
import { testDatabase } from '../helpers/db.ts';

let d: Database;
let t: ReturnType<typeof testApp>;

beforeAll(async () => {
  d = await testDatabase();
  t = testApp(d);
  await seedDemoData(t.system);
});
afterAll(async () => {
  await d.close();
});

const as = (username: string): Promise<Call> => callAsUser(t.app, username);
const caseByNumber = (n: string) =>
  d.db.selectFrom('cases').selectAll().where('case_number', '=', n).executeTakeFirstOrThrow();
const queue = async (who: string, id: string, q = {}) =>
  (await listQueues(await as(who), { queue: id as never, ...q }))[0];

describe('work queues', () => {
  it('never offers a supervisor a case they opened or are assigned to', async () => {
    const supervisor = await as('supervisor');
    const own = await openCase(supervisor, {
      purpose: 'law_enforcement_action',
      person: { languages: ['en'], familyName: 'Own' },
      notice: { type: 'red_notice', interpolRef: '2025/61001', issuingCountry: 'DE' },
    });
    await d.db
      .insertInto('reviews')
      .values({
        id: crypto.randomUUID(),
        case_id: own.id,
        reviewer_id: supervisor.actor.userId!,
        status: 'complete',
        started_at: t.clock.now(),
        completed_at: t.clock.now(),
      })
      .execute();
    const mine = await queue('supervisor', 'awaiting_my_approval');
    expect(mine?.items.map((i) => i.caseId)).not.toContain(own.id);
    const other = await queue('supervisor2', 'awaiting_my_approval');
    expect(other?.items.map((i) => i.caseId)).toContain(own.id);
    expect(await queue('officer', 'awaiting_my_approval')).toBeUndefined();
  });

  it('shows INTERPOL Washington requests with their policy due date, and flags overdue ones', async () => {
    const officer = await as('officer');
    const c = await caseByNumber('RL-2026-000003');
    const r = await requestLiaison(officer, c.id, { kind: 'validity' });
    let q = await queue('officer', 'liaison_requests');
    let item = q!.items.find((i) => i.id === r.id)!;
    expect(item.dueAt).toBe(r.dueAt.toISOString());
    expect(item.overdue).toBe(false);
    t.clock.advance(3 * 86_400_000); // validity deadline is 2 days
    q = await queue('officer', 'liaison_requests', { overdue: true });
    item = q!.items.find((i) => i.id === r.id)!;
    expect(item.overdue).toBe(true);
    const liaisonQ = await queue('liaison', 'liaison_requests');
    expect(liaisonQ!.items.map((i) => i.id)).toContain(r.id);
    const mia = await queue('officer2', 'liaison_requests');
    expect(mia!.items.map((i) => i.id)).not.toContain(r.id);
  });

  it('pages and sorts, keeping the total count', async () => {
    const all = await queue('officer', 'my_cases', { sort: 'case_number', order: 'asc', limit: 200 });
    const page = await queue('officer', 'my_cases', {
      sort: 'case_number',
      order: 'asc',
      limit: 2,
      offset: 1,
    });
    expect(page!.count).toBe(all!.count);
    expect(page!.items.map((i) => i.id)).toEqual(all!.items.slice(1, 3).map((i) => i.id));
    const open = await queue('officer', 'my_cases', { status: 'open' });
    expect(open!.items.every((i) => i.status === 'open')).toBe(true);
  });

  it("pages a supervisor's My cases in every order as a sort of all their cases would", async () => {
    // Cases assigned to the supervisor (opened by them or by an officer), opened by them and assigned to an
    // officer, several opened at the same instant (ties), one moved to another office (out of scope).
    const supervisor = await as('supervisor');
    const officer = await as('officer');
    const opened: string[] = [];
    for (let i = 0; i < 14; i++) {
      const by = i % 3 === 0 ? officer : supervisor;
      const c = await openCase(by, {
        purpose: 'law_enforcement_action',
        person: { languages: ['en'], familyName: `Order${i}` },
        notice: {
          type: 'red_notice',
          interpolRef: `2025/7${String(i).padStart(4, '0')}`,
          issuingCountry: 'DE',
        },
      });
      opened.push(c.id);
      if (i % 4 === 0) t.clock.advance(60_000);
    }
    const sup = supervisor.actor.userId!;
    await d.db
      .updateTable('cases')
      .set({ assigned_officer_id: sup })
      .where('id', 'in', opened.slice(0, 9))
      .execute();
    await d.db.updateTable('cases').set({ office_id: 'MIA' }).where('id', '=', opened[1]!).execute();
    await d.db
      .updateTable('cases')
      .set({ status: 'closed' })
      .where('id', 'in', [opened[2]!, opened[10]!])
      .execute();
    const all = await d.db
      .selectFrom('cases')
      .select(['id', 'case_number', 'created_at', 'status'])
      .where('office_id', '=', supervisor.actor.officeId!)
      .where((eb) => eb.or([eb('assigned_officer_id', '=', sup), eb('created_by', '=', sup)]))
      .execute();
    expect(all.length).toBeGreaterThan(10);
    const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    for (const sort of ['due', 'created', 'case_number'] as const) {
      for (const order of ['asc', 'desc'] as const) {
        for (const status of [undefined, 'open', 'closed'] as const) {
          const rows = all.filter((r) => status === undefined || r.status === status);
          const key = (r: (typeof all)[number]) =>
            sort === 'created'
              ? new Date(r.created_at).toISOString()
              : sort === 'case_number'
                ? r.case_number
                : '';
          const want = [...rows]
            .sort((a, b) => {
              const k = key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
              return k !== 0 ? (order === 'desc' ? -k : k) : byId(a, b);
            })
            .map((r) => r.id);
          for (const [offset, limit] of [
            [0, 50],
            [0, 4],
            [3, 4],
            [9, 5],
          ] as const) {
            const q = await queue('supervisor', 'my_cases', { sort, order, status, offset, limit });
            expect(
              q!.items.map((i) => i.caseId),
              `${sort} ${order} ${status} ${offset}+${limit}`,
            ).toEqual(want.slice(offset, offset + limit));
          }
        }
      }
    }
  });

  it('pages the contest windows (open windows and contests to decide) in every order as a sort of all would', async () => {
    // Services with windows open (several closing at the same instant: ties), closed windows (left out),
    // contests to decide and decided ones (left out), on cases of the supervisor's office and one of another.
    const supervisor = await as('supervisor');
    const office = supervisor.actor.officeId!;
    const user = supervisor.actor.userId!;
    const now = t.clock.now();
    const cases: string[] = [];
    for (let i = 0; i < 6; i++) {
      const c = await openCase(supervisor, {
        purpose: 'law_enforcement_action',
        person: { languages: ['en'], familyName: `Window${i}` },
        notice: {
          type: 'red_notice',
          interpolRef: `2025/8${String(i).padStart(4, '0')}`,
          issuingCountry: 'DE',
        },
      });
      cases.push(c.id);
    }
    await d.db.updateTable('cases').set({ office_id: 'MIA' }).where('id', '=', cases[5]!).execute();
    const day = 86_400_000;
    for (let i = 0; i < 12; i++) {
      const served = new Date(now.getTime() - (i % 4) * day);
      const deadline = new Date(now.getTime() + (i % 3 === 0 ? -day : (1 + (i % 4)) * day));
      await sql`insert into disclosures (id, case_id, served_at, method, recipient, language, contest_deadline, recorded_by, recorded_at)
        values (gen_random_uuid(), ${cases[i % 6]!}, ${served}, 'mail', 'Counsel', 'en', ${deadline}, ${user}, ${now})`.execute(
        d.db,
      );
    }
    for (let i = 0; i < 7; i++)
      await sql`insert into contests (id, case_id, filed_at, filed_by, grounds, received_by, decision, recorded_at)
        values (gen_random_uuid(), ${cases[i % 6]!}, ${new Date(now.getTime() - (i % 3) * day)}, 'the person',
          'The person contests the notice.', ${user}, ${i % 3 === 2 ? 'sustained' : null}, ${now})`.execute(
        d.db,
      );
    const rows = (
      await sql<{ id: string; case_number: string; due: Date | null; created: Date }>`
        select x.id, c.case_number, x.contest_deadline as due, x.served_at as created from disclosures x
          join cases c on c.id = x.case_id where x.office_id = ${office} and x.contest_deadline >= ${now}
        union all
        select x.id, c.case_number, null, x.filed_at from contests x join cases c on c.id = x.case_id
          where x.office_id = ${office} and x.decision is null`.execute(d.db)
    ).rows;
    expect(rows.length).toBeGreaterThan(10);
    const cmp = (a: string | number | null, b: string | number | null, desc: boolean) => {
      if (a === b) return 0;
      // A missing key last ascending, first descending.
      if (a === null) return desc ? -1 : 1;
      if (b === null) return desc ? 1 : -1;
      const k = a < b ? -1 : 1;
      return desc ? -k : k;
    };
    for (const sort of ['due', 'created', 'case_number'] as const) {
      for (const order of ['asc', 'desc'] as const) {
        const key = (r: (typeof rows)[number]) =>
          sort === 'due'
            ? r.due === null
              ? null
              : new Date(r.due).getTime()
            : sort === 'created'
              ? new Date(r.created).getTime()
              : r.case_number;
        const want = [...rows]
          .sort((a, b) => cmp(key(a), key(b), order === 'desc') || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
          .map((r) => r.id);
        for (const [offset, limit] of [
          [0, 50],
          [0, 3],
          [4, 5],
          [9, 4],
        ] as const) {
          const q = await queue('supervisor', 'contest_windows', { sort, order, offset, limit });
          expect(q!.count).toBe(rows.length);
          expect(
            q!.items.map((i) => i.id),
            `${sort} ${order} ${offset}+${limit}`,
          ).toEqual(want.slice(offset, offset + limit));
        }
      }
    }
    // A case number narrows both parts before the page is taken.
    const one = rows.find((r) => r.due === null)!.case_number;
    const q = await queue('supervisor', 'contest_windows', { caseNumber: one, limit: 2 });
    const mine = rows.filter((r) => r.case_number === one);
    expect(q!.count).toBe(mine.length);
    expect(q!.items.every((i) => i.caseNumber === one)).toBe(true);
    expect(q!.items.length).toBe(Math.min(2, mine.length));
  });

  it('lists trainings expiring within 30 days for the coordinator', async () => {
    t.clock.advance(340 * 86_400_000); // demo training was 30 days before the seed
    const q = await queue('coordinator', 'trainings_expiring');
    expect(q!.count).toBeGreaterThan(0);
    expect(q!.items.every((i) => i.dueAt !== null && i.caseId === null)).toBe(true);
    t.clock.set(new Date('2026-06-05T12:00:00.000Z'));
  });
});

describe('notices, names and history', () => {
  it('finds a notice by reference only within the office', async () => {
    const mia = await caseByNumber('RL-2026-000005');
    const link = await d.db
      .selectFrom('case_notices')
      .selectAll()
      .where('case_id', '=', mia.id)
      .executeTakeFirstOrThrow();
    const n = await getNotice(await as('officer2'), link.notice_id);
    expect(await findNotices(await as('officer2'), n.interpolRef)).toHaveLength(1);
    expect(await findNotices(await as('officer'), n.interpolRef)).toHaveLength(0);
    // Another office's notice answers as an unknown one does.
    await expect(getNotice(await as('officer'), link.notice_id)).rejects.toMatchObject({
      status: 404,
      code: 'not_found',
      message: 'The notice was not found.',
    });
  });

  it('names people in gate reasons and in the history', async () => {
    const c = await caseByNumber('RL-2026-000001');
    const names = await listUserNames(await as('officer'));
    const officer = names.find((u) => u.id === c.assigned_officer_id)!;
    const ev = await evaluateCaseNamed(await as('supervisor'), c.id);
    const text = ev.gates.map((g) => `${g.reason} ${g.nextStep}`).join(' ');
    expect(text).not.toContain(c.assigned_officer_id);
    expect(ev.people[c.assigned_officer_id]?.displayName).toBe(officer.displayName);
    await closeCase(await as('supervisor'), c.id, {
      reason: 'The person left the country.',
      withdrawAuthorization: true,
    });
    const h = await caseHistory(await as('auditor'), c.id);
    const close = h.find((e) => e.action === 'case.close')!;
    expect(close.summary).toMatch(/\(Supervisor\) closed the case\.$/);
    expect(close.reasons).toContain('The person left the country.');
    const withReads = await caseHistory(await as('auditor'), c.id, { includeReads: true });
    expect(withReads.length).toBeGreaterThan(h.length);
  });
});

describe('dashboard', () => {
  it('counts cases, blocking gates, indicators by country, time to authorization and contests', async () => {
    const c = await caseByNumber('RL-2026-000002');
    const country = (
      await d.db
        .selectFrom('case_notices')
        .innerJoin('notices', 'notices.id', 'case_notices.notice_id')
        .select('notices.issuing_country')
        .where('case_notices.case_id', '=', c.id)
        .executeTakeFirstOrThrow()
    ).issuing_country;
    await d.db
      .updateTable('reviews')
      .set({
        indicators: JSON.stringify([
          {
            indicatorId: 'IND_TEST_PRESENT',
            strength: 'strong',
            outcome: 'present',
            disposition: null,
            note: null,
          },
        ]),
      })
      .where('case_id', '=', c.id)
      .where('superseded_at', 'is', null)
      .execute();
    const board = await dashboard(await as('auditor'));
    expect(board.indicatorsByCountry).toContainEqual({
      country,
      indicatorId: 'IND_TEST_PRESENT',
      present: 1,
    });
    expect(board.openCasesEvaluated).toBeGreaterThan(0);
    expect(board.blockingGates.length).toBeGreaterThan(0);
    expect(board.blockingGates[0]!.count).toBeGreaterThanOrEqual(board.blockingGates.at(-1)!.count);
    expect(board.timeToAuthorization.cases).toBeGreaterThanOrEqual(1);
    expect(board.contests.filed).toBeGreaterThanOrEqual(board.contests.undecided);
    await expect(dashboard(await as('attorney'))).rejects.toMatchObject({ status: 403 });
  });
});

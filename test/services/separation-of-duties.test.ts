/**
 * Separation of duties across a case: ONE table (domain/permissions.ts#SEPARATION_RULES). For every pair
 * of duties the table separates, a service-level test: the person who holds the first duty is refused the
 * second (403 with the rule), and another person is allowed it. The pure check is tested both ways.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/demo/seed.ts';
import {
  checkSeparation,
  DUTIES,
  type Duty,
  SEPARATION_RULES,
  separationTable,
} from '../../src/domain/permissions.ts';
import { createUser } from '../../src/services/accounts.ts';
import { decideApproval } from '../../src/services/approval/decide.ts';
import { decideContest } from '../../src/services/contest/decide.ts';
import { recordContest } from '../../src/services/contest/record.ts';
import { recordDisclosure } from '../../src/services/disclosure/record.ts';
import { loadDutyHolders } from '../../src/services/duties.ts';
import { recordLegalReview } from '../../src/services/legal-review/record.ts';
import { recordTraining } from '../../src/services/training.ts';
import type { Database } from '../../src/store/db.ts';
import { testApp } from '../helpers/app.ts';
import { caseWalker, DISSIDENT, DISSIDENT_ANALYSIS } from '../helpers/case-walk.ts';
import { testDatabase } from '../helpers/db.ts';

let d: Database;
let t: ReturnType<typeof testApp>;
let w: ReturnType<typeof caseWalker>;

beforeAll(async () => {
  d = await testDatabase();
  t = testApp(d);
  await seedDemo(t.system);
  w = caseWalker(t);
  // a second attorney, and a person whose role changes (a supervisor who later becomes an attorney)
  for (const [username, role] of [
    ['attorney2', 'attorney'],
    ['flex', 'supervisor'],
  ] as const) {
    const u = await createUser(t.system, {
      username,
      displayName: `Test ${username}`,
      role,
      officeId: 'NYC',
      passphrase: 'a long enough passphrase for tests',
    });
    await recordTraining(t.system, {
      userId: u.id,
      course: 'INTERPOL Notices and Diffusions — annual',
      completedAt: new Date(t.clock.now().getTime() - 10 * 86_400_000),
      certificateRef: `T-${username}`,
    });
  }
});
afterAll(async () => d.close());

describe('the table', () => {
  it('names each rule once, over known duties, with a clause and a plain reason', () => {
    const ids = SEPARATION_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of SEPARATION_RULES) {
      expect(r.id).toMatch(/^SOD-/);
      expect(DUTIES).toEqual(expect.arrayContaining([...r.duties]));
      expect(r.duties[0]).not.toBe(r.duties[1]);
      expect(r.clauses.length).toBeGreaterThan(0);
      expect(r.reason.length).toBeGreaterThan(40);
    }
    expect(separationTable()).toHaveLength(SEPARATION_RULES.length);
  });

  it.each(SEPARATION_RULES.map((r) => [r.id, r.duties[0], r.duties[1]] as const))(
    '%s refuses %s and %s to the same person, either way round, and allows another person',
    (rule, a, b) => {
      for (const [held, taken] of [
        [a, b],
        [b, a],
      ] as Array<[Duty, Duty]>) {
        const holders = { [held]: ['u1'] };
        expect(checkSeparation(taken, 'u1', holders)).toMatchObject({ allowed: false, rule });
        expect(checkSeparation(taken, 'u2', holders)).toEqual({ allowed: true });
      }
    },
  );

  it('does not separate the reviewer from the officer (the approval is the independent check)', () => {
    expect(checkSeparation('reviewer', 'u1', { officer: ['u1'] })).toEqual({ allowed: true });
  });
});

// ---------------------------------------------------------------------------
// Service level: every pair.
// ---------------------------------------------------------------------------

const userId = async (username: string) => (await w.as(username)).actor.userId!;

const setRole = (username: string, role: string) =>
  d.db.updateTable('users').set({ role }).where('username', '=', username).execute();

const assignOfficer = async (caseId: string, username: string) =>
  d.db
    .updateTable('cases')
    .set({ assigned_officer_id: await userId(username) })
    .where('id', '=', caseId)
    .execute();

let textSeq = 0;
const RETURN_RATIONALE = () =>
  `Returned for more work (${++textSeq}): the use authorization from INTERPOL Washington for the immigration proceedings has not been requested yet.`;

/** What the duties need: a case whose completed review confirms a strong indicator (legal review needed). */
async function doNotActCase(opener = 'officer', reviewer = 'officer') {
  const c = await w.open(opener, { journalist: true, purpose: 'immigration_proceedings' });
  await w.confirmAndRequest(c.id);
  await w.review(c.id, reviewer, [DISSIDENT]);
  await w.receiveDocuments(c.id);
  return c.id;
}

const GROUNDS = [
  {
    ground: 'political_character' as const,
    statement: 'The prosecution is politically motivated because the person is a journalist.',
  },
];

const documentsOn = async (caseId: string) =>
  (await d.db.selectFrom('documents').select('id').where('case_id', '=', caseId).execute()).map((r) => r.id);

/** The duties, taken by `username` on the case. */
const take: Record<Exclude<Duty, 'officer'>, (caseId: string, username: string) => Promise<unknown>> = {
  reviewer: (caseId, username) =>
    w.review(
      caseId,
      username,
      [DISSIDENT],
      `Reviewed again (${++textSeq}) by a second reviewer on the same file and the same screening.`,
    ),
  approver: async (caseId, username) =>
    decideApproval(await w.as(username), caseId, { decision: 'returned', rationale: RETURN_RATIONALE() }),
  legal_reviewer: async (caseId, username) =>
    recordLegalReview(await w.as(username), caseId, {
      analyses: [{ indicatorId: DISSIDENT, analysis: DISSIDENT_ANALYSIS }],
      conclusion: 'proceed',
    }),
  server: async (caseId, username) =>
    recordDisclosure(await w.as(username), caseId, {
      servedAt: t.clock.now(),
      method: 'in person',
      recipient: 'The person, with counsel present',
      language: 'fr',
      documentIds: await documentsOn(caseId),
      restricted: true,
      restrictionNote:
        'INTERPOL Washington restricted disclosure of the warrant; the person was told of the restriction and of the contest route.',
    }),
  contest_decider: async (caseId, username) => {
    const k = await recordContest(await w.as('officer'), caseId, {
      filedBy: 'Counsel for the person',
      grounds: GROUNDS,
    });
    return decideContest(await w.as(username), k.id, {
      decision: 'not_sustained',
      answers: [
        {
          groundIndex: 0,
          answer: `Not sustained (${++textSeq}): the ground that the prosecution is political in character because the person is a journalist is not shown; the warrant describes a concrete fraud with dates and amounts.`,
        },
      ],
    });
  },
};

interface PairCase {
  rule: string;
  /** The first duty, held by `holder` after `setup`. */
  first: Duty;
  second: Exclude<Duty, 'officer'>;
  holder: string;
  /** Another person eligible for the second duty. */
  other: string;
  /** Builds the case with the first duty held by `holder`; returns its id. */
  setup: () => Promise<string>;
  /** Role of `holder` for the second duty, when it differs (a person whose role changed). */
  roleForSecond?: string;
}

const PAIRS: PairCase[] = [
  {
    rule: 'SOD-SELF-APPROVAL',
    first: 'officer',
    second: 'approver',
    holder: 'supervisor',
    other: 'supervisor2',
    setup: () => doNotActCase('supervisor', 'officer'),
  },
  {
    rule: 'SOD-APPROVER-REVIEWER',
    first: 'reviewer',
    second: 'approver',
    holder: 'supervisor2',
    other: 'supervisor',
    setup: () => doNotActCase('officer', 'supervisor2'),
  },
  {
    rule: 'SOD-LEGAL-REVIEWER',
    first: 'reviewer',
    second: 'legal_reviewer',
    holder: 'attorney',
    other: 'attorney2',
    setup: () => doNotActCase('officer', 'attorney'),
  },
  {
    rule: 'SOD-LEGAL-APPROVER',
    first: 'approver',
    second: 'legal_reviewer',
    holder: 'flex',
    other: 'attorney',
    roleForSecond: 'attorney',
    setup: async () => {
      const id = await doNotActCase();
      await take.approver(id, 'flex');
      return id;
    },
  },
  {
    rule: 'SOD-LEGAL-OFFICER',
    first: 'officer',
    second: 'legal_reviewer',
    holder: 'attorney',
    other: 'attorney2',
    setup: async () => {
      const id = await doNotActCase();
      await assignOfficer(id, 'attorney');
      return id;
    },
  },
  {
    rule: 'SOD-CONTEST-INDEPENDENCE',
    first: 'officer',
    second: 'contest_decider',
    holder: 'attorney',
    other: 'attorney2',
    setup: async () => {
      const id = await doNotActCase();
      await assignOfficer(id, 'attorney');
      return id;
    },
  },
  {
    rule: 'SOD-CONTEST-REVIEWER',
    first: 'reviewer',
    second: 'contest_decider',
    holder: 'attorney',
    other: 'attorney2',
    setup: () => doNotActCase('officer', 'attorney'),
  },
  {
    rule: 'SOD-CONTEST-REVIEWER',
    first: 'contest_decider',
    second: 'reviewer',
    holder: 'attorney',
    other: 'officer',
    setup: async () => {
      const id = await doNotActCase();
      await take.contest_decider(id, 'attorney');
      return id;
    },
  },
  {
    rule: 'SOD-CONTEST-SERVER',
    first: 'server',
    second: 'contest_decider',
    holder: 'attorney',
    other: 'attorney2',
    setup: async () => {
      const id = await doNotActCase();
      await take.server(id, 'attorney');
      return id;
    },
  },
  {
    rule: 'SOD-CONTEST-SERVER',
    first: 'contest_decider',
    second: 'server',
    holder: 'attorney',
    other: 'officer',
    setup: async () => {
      const id = await doNotActCase();
      await take.contest_decider(id, 'attorney');
      return id;
    },
  },
  {
    rule: 'SOD-CONTEST-APPROVER',
    first: 'approver',
    second: 'contest_decider',
    holder: 'flex',
    other: 'attorney',
    roleForSecond: 'attorney',
    setup: async () => {
      const id = await doNotActCase();
      await take.approver(id, 'flex');
      return id;
    },
  },
  {
    rule: 'SOD-CONTEST-LEGAL',
    first: 'legal_reviewer',
    second: 'contest_decider',
    holder: 'attorney',
    other: 'attorney2',
    setup: async () => {
      const id = await doNotActCase();
      await take.legal_reviewer(id, 'attorney');
      return id;
    },
  },
  {
    rule: 'SOD-CONTEST-LEGAL',
    first: 'contest_decider',
    second: 'legal_reviewer',
    holder: 'attorney',
    other: 'attorney2',
    setup: async () => {
      const id = await doNotActCase();
      await take.contest_decider(id, 'attorney');
      return id;
    },
  },
];

describe('every separated pair, in the services', () => {
  it('covers every rule of the table', () => {
    expect(new Set(PAIRS.map((p) => p.rule))).toEqual(new Set(SEPARATION_RULES.map((r) => r.id)));
  });

  it.each(PAIRS.map((p) => [p.rule, p.first, p.second, p] as const))(
    '%s: the %s may not become the %s; another person may',
    async (rule, first, second, p) => {
      const caseId = await p.setup();
      const holders = await loadDutyHolders(d.db, caseId);
      expect(holders[first]).toContain(await userId(p.holder));
      if (p.roleForSecond) await setRole(p.holder, p.roleForSecond);
      try {
        const refused = (await take[second](caseId, p.holder).then(
          () => null,
          (e: Error) => e,
        )) as Error | null;
        expect(refused, 'the second duty was allowed').not.toBeNull();
        expect(refused, refused?.message).toMatchObject({ status: 403, detail: { rule } });
        expect(refused?.message).toMatch(/may not/);
      } finally {
        if (p.roleForSecond) await setRole(p.holder, 'supervisor');
      }
      await expect(take[second](caseId, p.other)).resolves.toBeTruthy();
      // the refusal is audited with its rule
      const denied = await d.db
        .selectFrom('audit_log')
        .select('detail')
        .where('case_id', '=', caseId)
        .where('outcome', '=', 'denied')
        .execute();
      expect(denied.some((e) => (e.detail as { rule?: string }).rule === rule)).toBe(true);
    },
  );
});

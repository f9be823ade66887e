/**
 * Soak: two server instances on one fresh PostgreSQL database, 50 concurrent connections of mixed reads
 * and writes for 60 s, then every invariant checked in SQL and the audit chain verified.
 *
 *   npx tsx scripts/soak.ts [--seconds 60] [--connections 50] [--ports 3103,3113]
 *     [--server postgres://postgres@127.0.0.1:5432/postgres] [--ready 30] [--keep]
 *
 * The workload (each connection picks one step at random, on a case of the officer's office):
 * reads (case list, case view, gates, history, queues, dashboard) and writes that race on purpose:
 * authorizations, changes of the case (some material: they void the approval and withdraw the
 * authorization), re-approvals, validity requests answered twice, contests recorded and decided twice,
 * new cases. Sessions are opened once per user and shared by both instances (same session secret).
 * Exit code 0 only when no request answered 5xx, every invariant holds and the chain verifies.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import pg from 'pg';
import { demoTotpCode } from '../src/demo/mfa.ts';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
};
const SECONDS = Number(arg('seconds', '60'));
const CONNECTIONS = Number(arg('connections', '50'));
const PORTS = arg('ports', '3103,3113').split(',').map(Number);
const SERVER = arg('server', 'postgres://postgres@127.0.0.1:5432/postgres');
const KEEP = process.argv.includes('--keep');
const READY = Number(arg('ready', '30'));
const PASSPHRASE = 'demo passphrase 2026';

const dbName = `redline_soak_${Date.now().toString(36)}`;
const dbUrl = (() => {
  const u = new URL(SERVER);
  u.pathname = `/${dbName}`;
  return u.toString();
})();
const work = `/tmp/redline-soak/${dbName}`;
const env = {
  ...process.env,
  DATABASE_URL: dbUrl,
  REDLINE_DEMO: 'true',
  REDLINE_SESSION_SECRET: 'soak-secret-soak-secret-soak-secret-0123456789',
  REDLINE_AUDIT_KEY_FILE: `${work}/keys/audit-ed25519.pem`,
  LOG_LEVEL: 'error',
};

async function admin(sql: string) {
  const c = new pg.Client({ connectionString: SERVER });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

function startInstance(port: number) {
  mkdirSync(`${work}/${port}`, { recursive: true });
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve'], {
    env: { ...env, PORT: String(port), REDLINE_DATA_DIR: `${work}/${port}` },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout.on('data', (b) => {
    log += b;
  });
  child.stderr.on('data', (b) => {
    log += b;
  });
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setInterval(async () => {
      try {
        const r = await fetch(`http://127.0.0.1:${port}/api/v1/health`);
        if (r.ok) {
          clearInterval(timer);
          resolve();
        }
      } catch {}
    }, 500);
    child.once('exit', (code) => {
      clearInterval(timer);
      reject(new Error(`instance on ${port} exited (${code}):\n${log}`));
    });
  });
  return { child, ready, log: () => log };
}

type Session = { cookie: string; csrf: string };
/** The few fields of an answer the workload reads. */
type Answer = {
  id?: string;
  code?: string;
  noticeId?: string;
  items?: Array<{ id: string; status: string }>;
  indicators?: Array<{ indicatorId: string; title?: string; strength: string; outcome: string }>;
};
const sessions = new Map<string, Session>();
async function signIn(port: number, username: string): Promise<Session> {
  const r = await fetch(`http://127.0.0.1:${port}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, passphrase: PASSPHRASE, code: demoTotpCode(username) }),
  });
  if (!r.ok) throw new Error(`sign-in ${username}: ${r.status} ${await r.text()}`);
  const cookie = (r.headers.get('set-cookie') ?? '').split(';')[0]!;
  const { csrfToken, stage } = (await r.json()) as { csrfToken: string; stage?: string };
  // A session still waiting for its second factor is no session: stop rather than soak with 401s.
  if (stage !== 'active')
    throw new Error(`sign-in ${username}: the session is at stage ${stage}, not active`);
  return { cookie, csrf: csrfToken };
}

const stats = {
  requests: 0,
  byStatus: new Map<number, number>(),
  byStep: new Map<string, number>(),
  /** Refusals by route and code, e.g. "POST /cases/:id/authorizations 409 gates_unmet". */
  refusals: new Map<string, number>(),
};
const serverErrors: string[] = [];
let networkErrors = 0;

/** The first refusals met while setting up, printed if the set-up falls short. */
const setupFailures: string[] = [];
let loadStarted = false;
/** 503 answers under load that asked the client to retry later (no database connection free in time). */
let shed = 0;

async function call(
  user: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: Answer }> {
  // Set-up steps honour a 503's Retry-After (a well-behaved client retries; the workload under load does not).
  for (let attempt = 0; ; attempt++) {
    const answer = await callOnce(user, method, path, body);
    if (answer.status !== 503 || loadStarted || attempt >= 5) return answer;
    await new Promise((r) => setTimeout(r, 1000 * (answer.retryAfter ?? 5)));
  }
}

async function callOnce(
  user: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: Answer; retryAfter?: number }> {
  const port = PORTS[Math.floor(Math.random() * PORTS.length)]!;
  const s = sessions.get(user)!;
  let r: Response;
  try {
    r = await fetch(`http://127.0.0.1:${port}/api/v1${path}`, {
      method,
      headers: {
        cookie: s.cookie,
        'x-csrf-token': s.csrf,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    networkErrors++;
    return { status: 0, json: {} };
  }
  stats.requests++;
  stats.byStatus.set(r.status, (stats.byStatus.get(r.status) ?? 0) + 1);
  const text = await r.text();
  let json: Answer = {};
  try {
    json = JSON.parse(text);
  } catch {}
  const retryAfter = Number(r.headers.get('retry-after') ?? Number.NaN);
  if (r.status === 503 && json.code === 'database_unavailable' && retryAfter > 0) {
    // Load shed on purpose: no connection became free in time; the answer says when to come back.
    if (loadStarted) shed++;
    else if (setupFailures.length < 20) setupFailures.push(`${method} ${path} → 503 (retried)`);
    return { status: r.status, json, retryAfter };
  }
  if (r.status >= 500) serverErrors.push(`${method} ${path} → ${r.status} ${text.slice(0, 300)}`);
  if (r.status >= 400 && setupFailures.length < 20 && !loadStarted)
    setupFailures.push(`${method} ${path} → ${r.status} ${text.slice(0, 400)}`);
  if (r.status >= 400) {
    const key = `${method} ${path.replace(/[0-9a-f-]{36}/g, ':id').replace(/\?.*/, '')} ${r.status} ${json.code ?? ''}`;
    stats.refusals.set(key, (stats.refusals.get(key) ?? 0) + 1);
    // REDLINE_SOAK_SHOW=<code>: print each refusal with that problem code in full, to see its cause.
    if (json.code && json.code === process.env.REDLINE_SOAK_SHOW)
      console.error(`${method} ${path} → ${r.status} ${text.slice(0, 2000)}`);
  }
  return { status: r.status, json };
}

const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)]!;
let caseIds: string[] = [];
let seq = 0;
const both = <T>(a: () => Promise<T>, b: () => Promise<T>) => Promise.all([a(), b()]);

const BASIS = {
  summary: 'Federal records show the person overstayed a visa and has a prior federal conviction.',
  evidence: [
    {
      description: 'Entry and exit records showing an overstay since 2022.',
      sourceType: 'federal_record',
      source: 'CBP arrival records',
    },
  ],
  actions: ['detention', 'removal_proceedings'],
  grounds: ['criminal_conviction', 'visa_overstay'],
  legalAuthority: 'INA 236(c), 8 U.S.C. 1226(c); INA 237(a)(1)(B) and (a)(2), 8 U.S.C. 1227(a)',
};

let refSeq = Math.floor(Math.random() * 80_000) + 10_000;
const file = (document: string) => ({ document });
const CHECKED_FACTS = {
  subject: {
    profileTags: [],
    protection: { grants: [], source: file('USCIS and EOIR records check') },
    publicActivities: [],
    claims: [],
    source: file('Interview record'),
  },
  context: {
    assetDispute: { value: false, source: file('Case file review') },
    governmentChange: { value: false, source: file('Case file review') },
    massListingCampaign: { value: false, source: file('Case file review') },
    politicalEvent: { value: false, source: file('Case file review') },
    relatedPersons: [],
  },
  priorDecisions: [],
  evidence: [],
  judicial: {
    summaryOfFacts: {
      time: 'May 2022',
      place: 'Lyon',
      personRole: 'issued false invoices to a public hospital',
      source: file('Summary of facts'),
    },
    damageValue: { amountUsd: 90_000, source: file('Summary of facts') },
  },
};

/** Cases walked to the point where only the authorization is missing, with their notice. */
const ready: Array<{ id: string; noticeId: string }> = [];
async function readyCase(): Promise<void> {
  const opened = await openCase();
  if (!opened) return;
  const v = await call('officer', 'POST', `/cases/${opened.id}/liaison-requests`, { kind: 'validity' });
  await call('liaison', 'POST', `/liaison-requests/${v.json.id}/response`, {
    result: 'valid',
    expiresOn: '2030-01-01',
    method: 'i-24/7 query',
  });
  await call('officer', 'POST', `/cases/${opened.id}/liaison-requests`, { kind: 'documentation' });
  await call('officer', 'PUT', `/cases/${opened.id}/facts`, { facts: CHECKED_FACTS });
  const started = await call('officer', 'POST', `/cases/${opened.id}/review`, { start: true });
  await call('officer', 'POST', `/cases/${opened.id}/review`, {
    complete: true,
    dispositions: (started.json.indicators ?? [])
      .filter((i) => i.outcome !== 'absent')
      .map((i) =>
        i.strength === 'strong'
          ? {
              indicatorId: i.indicatorId,
              disposition: 'resolved',
              explanation: `${i.title}: the arrest warrant and the summary of facts describe an ordinary invoice fraud.`,
              evidence: 'Arrest warrant and summary of facts.',
            }
          : {
              indicatorId: i.indicatorId,
              disposition: 'not_applicable',
              reason: `${i.title}: the file shows nothing that bears on it (${i.indicatorId}); an ordinary fraud case.`,
            },
      ),
  });
  const approved = await call('supervisor2', 'POST', `/cases/${opened.id}/approvals`, {
    decision: 'approved',
    rationale:
      'Federal entry records establish the overstay on their own and the review found no indicator of abuse.',
  });
  if (approved.status === 201) ready.push(opened);
}

async function openCase(): Promise<{ id: string; noticeId: string } | null> {
  refSeq += 1;
  const r = await call('officer', 'POST', '/cases', {
    purpose: 'law_enforcement_action',
    person: { languages: ['en'], familyName: `Soak${refSeq}`, nationalities: ['FR'] },
    notice: {
      type: 'red_notice',
      interpolRef: `2024/${refSeq}`,
      issuingCountry: 'FR',
      expiresOn: '2030-01-01',
      warrants: [{ kind: 'arrest_warrant', charge: 'Fraud', maxPenaltyMonths: 60, inAbsentia: false }],
    },
    independentBasis: BASIS,
    narrative: 'The person was encountered at a routine check-in and identified from federal records.',
  });
  if (!r.json.id || !r.json.noticeId) return null;
  caseIds.push(r.json.id);
  return { id: r.json.id, noticeId: r.json.noticeId };
}

/** Takes a ready case out of the pool (each is raced on once). */
const take = () => ready.pop();

const steps: Array<[string, number, () => Promise<unknown>]> = [
  ['write: open a case', 2, openCase],
  [
    'write: double authorize (ready case)',
    3,
    async () => {
      const c = take();
      if (!c) return;
      await both(
        () => call('officer', 'POST', `/cases/${c.id}/authorizations`, {}),
        () => call('officer', 'POST', `/cases/${c.id}/authorizations`, {}),
      );
    },
  ],
  [
    'write: authorize during a material change (ready case)',
    3,
    async () => {
      const c = take();
      if (!c) return;
      await both(
        () => call('officer', 'POST', `/cases/${c.id}/authorizations`, {}),
        () =>
          call('officer', 'PATCH', `/cases/${c.id}`, {
            independentBasis: { ...BASIS, summary: `${BASIS.summary} Updated (${++seq}).` },
          }),
      );
    },
  ],
  [
    'write: authorize during a notice withdrawal (ready case)',
    3,
    async () => {
      const c = take();
      if (!c) return;
      await both(
        () => call('officer', 'POST', `/cases/${c.id}/authorizations`, {}),
        () =>
          call('liaison', 'POST', `/notices/${c.noticeId}/status`, {
            status: 'withdrawn',
            usncbReference: 'USNCB-SOAK',
          }),
      );
    },
  ],
  ['read: case list', 12, () => call('officer', 'GET', '/cases?limit=50')],
  ['read: case view', 18, () => call('officer', 'GET', `/cases/${pick(caseIds)}`)],
  ['read: gates', 10, () => call('officer', 'GET', `/cases/${pick(caseIds)}/gates`)],
  ['read: history', 5, () => call('supervisor', 'GET', `/cases/${pick(caseIds)}/history`)],
  ['read: queues', 5, () => call('liaison', 'GET', '/queues')],
  ['read: dashboard', 3, () => call('supervisor', 'GET', '/dashboard')],
  [
    'write: concurrent changes',
    8,
    async () => {
      const id = pick(caseIds);
      const n = ++seq;
      await both(
        () => call('officer', 'PATCH', `/cases/${id}`, { narrative: `Encountered at a check-in (${n}a).` }),
        () => call('officer', 'PATCH', `/cases/${id}`, { narrative: `Encountered at a check-in (${n}b).` }),
      );
    },
  ],
  [
    'write: material change and re-approval',
    5,
    async () => {
      const id = pick(caseIds);
      const n = ++seq;
      await call('officer', 'PATCH', `/cases/${id}`, {
        independentBasis: { ...BASIS, summary: `${BASIS.summary} Checked again (${n}).` },
      });
      await call('supervisor2', 'POST', `/cases/${id}/approvals`, {
        decision: 'approved',
        rationale: `Federal entry records establish the overstay on their own (check ${n}), and the review found no indicator of abuse.`,
      });
    },
  ],
  [
    'write: double authorize',
    8,
    async () => {
      const id = pick(caseIds);
      await both(
        () => call('officer', 'POST', `/cases/${id}/authorizations`, {}),
        () => call('officer', 'POST', `/cases/${id}/authorizations`, {}),
      );
    },
  ],
  [
    'write: authorize during a material change',
    5,
    async () => {
      const id = pick(caseIds);
      const n = ++seq;
      await both(
        () => call('officer', 'POST', `/cases/${id}/authorizations`, {}),
        () =>
          call('officer', 'PATCH', `/cases/${id}`, {
            independentBasis: { ...BASIS, summary: `${BASIS.summary} Updated (${n}).` },
          }),
      );
    },
  ],
  [
    'write: validity request answered twice',
    6,
    async () => {
      const id = pick(caseIds);
      const r = await call('officer', 'POST', `/cases/${id}/liaison-requests`, { kind: 'validity' });
      if ((r.status !== 201 && r.status !== 200) || !r.json.id) return;
      const answer = () =>
        call('liaison', 'POST', `/liaison-requests/${r.json.id}/response`, {
          result: 'valid',
          expiresOn: '2030-01-01',
          method: 'i-24/7 query',
        });
      await both(answer, answer);
    },
  ],
  [
    'write: contest recorded and decided twice',
    5,
    async () => {
      const id = pick(caseIds);
      const n = ++seq;
      const r = await call('officer', 'POST', `/cases/${id}/contests`, {
        filedBy: 'Counsel for the person',
        grounds: [{ ground: 'political_character', statement: `The prosecution is retaliation (${n}).` }],
      });
      if (r.status !== 201 || !r.json.id) return;
      const decide = (decision: string) => () =>
        call('attorney', 'POST', `/contests/${r.json.id}/decision`, {
          decision,
          answers: [
            {
              groundIndex: 0,
              answer: `The warrant concerns invoices billed to a private company (contest ${n}); nothing in the file links the prosecution to retaliation, and counsel offered nothing that does.`,
            },
          ],
        });
      await both(decide('not_sustained'), decide(Math.random() < 0.2 ? 'sustained' : 'not_sustained'));
    },
  ],
];
const weightTotal = steps.reduce((s, [, w]) => s + w, 0);
function chooseStep() {
  let r = Math.random() * weightTotal;
  for (const s of steps) {
    r -= s[1];
    if (r <= 0) return s;
  }
  return steps[0]!;
}

async function invariants(): Promise<Record<string, number>> {
  const c = new pg.Client({ connectionString: dbUrl });
  await c.connect();
  const count = async (sql: string) =>
    Number((await c.query(`select count(*)::int as n from (${sql}) x`)).rows[0].n);
  const out = {
    'cases with more than one standing authorization': await count(
      `select case_id from authorizations where status in ('active','suspended') group by case_id having count(*) > 1`,
    ),
    'active authorizations without a standing approval': await count(
      `select a.id from authorizations a where a.status = 'active' and not exists (
         select 1 from approvals p where p.case_id = a.case_id and p.decision = 'approved' and p.voided_at is null)`,
    ),
    'active authorizations on a notice that is not valid': await count(
      `select a.id from authorizations a join case_notices cn on cn.case_id = a.case_id
         join notices n on n.id = cn.notice_id where a.status = 'active' and n.status <> 'valid'`,
    ),
    'active authorizations on a case not authorized': await count(
      `select a.id from authorizations a join cases c on c.id = a.case_id where a.status = 'active' and c.status <> 'authorized'`,
    ),
    'contests decided more than once': await count(
      `select entity_id from audit_log where action = 'contest.decide' and outcome = 'ok' group by entity_id having count(*) > 1`,
    ),
    'requests answered more than once': await count(
      `select detail->>'requestId' from audit_log where action like 'liaison.respond%' and outcome = 'ok' group by 1 having count(*) > 1`,
    ),
    'cases whose revision is not 1 + their changes': await count(
      `select c.id from cases c where c.revision <> 1 + (select count(*) from audit_log l
         where l.case_id = c.id and l.action = 'case.update' and l.outcome = 'ok')`,
    ),
  };
  await c.end();
  return out;
}

async function main() {
  console.log(
    `soak: database ${dbName}, instances on ${PORTS.join(' and ')}, ${CONNECTIONS} connections, ${SECONDS} s`,
  );
  console.log(`load before: ${execFileSync('uptime').toString().trim()}`);
  await admin(`create database ${dbName}`);
  mkdirSync(`${work}/keys`, { recursive: true });
  // The first instance migrates and seeds the demo data; the second starts on the seeded database.
  const first = startInstance(PORTS[0]!);
  await first.ready;
  const others = PORTS.slice(1).map(startInstance);
  await Promise.all(others.map((o) => o.ready));
  const instances = [first, ...others];
  try {
    for (const u of ['officer', 'supervisor', 'supervisor2', 'liaison', 'attorney'])
      sessions.set(u, await signIn(PORTS[0]!, u));
    const list = await call('officer', 'GET', '/cases?limit=100');
    caseIds = (list.json.items ?? []).filter((c) => c.status !== 'closed').map((c) => c.id);
    for (let i = 0; i < 12; i++) await openCase();
    await Promise.all(Array.from({ length: READY }, () => readyCase()));
    console.log(
      `cases in the officer's office: ${caseIds.length} (${12 + READY} opened for the soak, ${ready.length} walked to just before authorization)`,
    );
    if (caseIds.length < 12 || ready.length !== READY) {
      for (const f of setupFailures) console.log(`  set-up refusal: ${f}`);
      throw new Error(`setup failed: ${caseIds.length} cases, ${ready.length} of ${READY} walked`);
    }
    loadStarted = true;
    const setupRequests = stats.requests;
    console.log(`setup: ${setupRequests} requests (sign-ins not counted)`);
    const until = Date.now() + SECONDS * 1000;
    const started = Date.now();
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async () => {
        while (Date.now() < until) {
          const [name, , run] = chooseStep();
          stats.byStep.set(name, (stats.byStep.get(name) ?? 0) + 1);
          await run();
        }
      }),
    );
    const elapsed = (Date.now() - started) / 1000;
    console.log(`load at the end: ${execFileSync('uptime').toString().trim()}`);
    console.log(
      `requests under load: ${stats.requests - setupRequests} in ${elapsed.toFixed(1)} s (${((stats.requests - setupRequests) / elapsed).toFixed(0)}/s); with the setup: ${stats.requests}; network errors: ${networkErrors}`,
    );
    console.log(
      `by status (setup included): ${[...stats.byStatus]
        .sort((a, b) => a[0] - b[0])
        .map(([s, n]) => `${s}: ${n}`)
        .join(', ')}`,
    );
    console.log(`steps: ${[...stats.byStep].map(([s, n]) => `${s}: ${n}`).join('; ')}`);
    console.log('refusals (route, status, code):');
    for (const [k, n] of [...stats.refusals].sort((a, b) => b[1] - a[1])) console.log(`  ${k}: ${n}`);
    for (const e of serverErrors.slice(0, 10)) console.log(`  5xx: ${e}`);
    for (const i of instances) i.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 1500));
    const inv = await invariants();
    // A signed-in workload must never be answered "not signed in": that would mean the soak tested nothing.
    const unauthenticated = stats.byStatus.get(401) ?? 0;
    let ok = serverErrors.length === 0 && networkErrors === 0 && unauthenticated === 0;
    if (unauthenticated) console.log(`  401 answers to a signed-in workload: ${unauthenticated}`);
    console.log(`503 with Retry-After under load (load shed, not counted as errors): ${shed}`);
    for (const [name, n] of Object.entries(inv)) {
      console.log(`invariant: ${name}: ${n}`);
      if (n !== 0) ok = false;
    }
    let chain = '';
    try {
      chain = execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'audit', 'verify'], {
        env: { ...env, REDLINE_DATA_DIR: `${work}/${PORTS[0]}` },
      })
        .toString()
        .trim();
    } catch (e) {
      ok = false;
      chain = `${(e as { stdout?: Buffer }).stdout?.toString() ?? ''} (exit ${(e as { status?: number }).status})`;
    }
    console.log(`audit chain: ${chain}`);
    console.log(ok ? 'SOAK PASSED' : 'SOAK FAILED');
    process.exitCode = ok ? 0 : 1;
  } finally {
    for (const i of instances) if (i.child.exitCode === null) i.child.kill('SIGTERM');
    if (!KEEP) {
      await new Promise((r) => setTimeout(r, 500));
      await admin(`drop database if exists ${dbName} with (force)`).catch(() => {});
      rmSync(work, { recursive: true, force: true });
    }
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

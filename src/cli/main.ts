#!/usr/bin/env node
/**
 * The `redline` command. Operator commands run on the server as a named system actor; every change
 * they make goes through the same services and is audited.
 */
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, Option } from 'commander';
import { auditKeyWarning, loadConfig } from '../config.ts';
import { demoTotpCode, demoTotpSecret } from '../demo/mfa.ts';
import { DEMO_PASSPHRASE, DEMO_USERS, seedDemoData } from '../demo/seed.ts';
import { prefillFromInterpolPublic } from '../domain/interpol-public.ts';
import { languageLabel } from '../domain/languages.ts';
import { TASK_KIND_LABELS } from '../domain/rereview.ts';
import {
  LEGAL_REVIEW_CONCLUSIONS,
  type LegalReviewConclusion,
  NOTICE_STATUSES,
  type NoticeStatus,
  ROLES,
  type Role,
} from '../domain/types.ts';
import { cliCall, openApp, startServer } from '../server/start.ts';
import { createUser, releaseLockout, setUserDisabled } from '../services/accounts.ts';
import { verifyAuditChain } from '../services/audit.ts';
import { checkAgainstAnchor, exportCheckpoint, sealAuditTail } from '../services/audit-anchor.ts';
import { closeCase } from '../services/case/close.ts';
import { confirmSubjectLink } from '../services/case/confirm-link.ts';
import { auditEvent, callAsUser } from '../services/context.ts';
import { rotateDocumentKey } from '../services/documents/rotate-key.ts';
import { verifyStoredDocuments } from '../services/documents/verify.ts';
import { ServiceError } from '../services/errors.ts';
import { cleanInput } from '../services/inputs.ts';
import { DUTY_IDS, type DutyId } from '../services/jobs/duties.ts';
import { runDuty } from '../services/jobs/run.ts';
import { startJobs } from '../services/jobs/scheduler.ts';
import { recordLegalReview } from '../services/legal-review/record.ts';
import { resetMfa } from '../services/mfa.ts';
import { importNoticeStatuses, parseFeedFile } from '../services/notice/import-status.ts';
import { recordNoticeStatus } from '../services/notice/record-status.ts';
import { createMailer } from '../services/notifications/email.ts';
import {
  EMAIL_STATES,
  type EmailStateName,
  listEmailDelivery,
} from '../services/notifications/email-status.ts';
import { approveTranslation } from '../services/packet/approve.ts';
import { generatePacket } from '../services/packet/generate.ts';
import { downloadPacket, listPackets } from '../services/packet/read.ts';
import { isPacketLanguage, PACKET_LANGUAGES, readTranslation } from '../services/packet/translations.ts';
import { evaluateCaseNamed } from '../services/queries.ts';
import { foldAllReads } from '../services/read-log.ts';
import { oversightReport } from '../services/report/oversight.ts';
import { reportCsv, reportPdf } from '../services/report/publish.ts';
import { listRereviewQueue } from '../services/rereview/list.ts';
import { recordRereviewOutcome } from '../services/rereview/outcome.ts';
import { releaseCase, takeNextCase } from '../services/rereview/take.ts';
import { listTasks } from '../services/tasks/list.ts';
import { importTraining, parseTrainingCsv } from '../services/training.ts';
import { DataDirectoryLockedError } from '../store/db.ts';
import { caseShowFacts, caseShowHead, caseShowText } from './case-show.ts';
import { registerImportCommand } from './import.ts';
import { runLintText, runScreen } from './screen.ts';

const program = new Command();
program.name('redline').description('Redline: ICE Directive 15006.1 case system').showHelpAfterError();
// The text rule (domain/text-rules.ts) for every argument and option of every command, as the HTTP edge
// applies it to every request: refused with the argument or option named, or replaced by its stored form.
program.hook('preAction', (_program, command) => {
  const names = command.registeredArguments.map((a) => a.name());
  const args = Object.fromEntries(command.processedArgs.map((v, i) => [names[i] ?? `arg${i}`, v]));
  const cleanArgs = cleanInput(args) as Record<string, unknown>;
  command.processedArgs.forEach((_v, i) => {
    command.processedArgs[i] = cleanArgs[names[i] ?? `arg${i}`];
  });
  const opts = cleanInput(command.opts()) as Record<string, unknown>;
  for (const [k, v] of Object.entries(opts)) command.setOptionValue(k, v);
});

/**
 * Opens the application for one command and always closes it. The CLI runs without the server and its
 * checkpoint timer, so a command that appended to the audit trail checkpoints its entries before it ends
 * (except `audit verify`, which only reads: signing there would anchor the very entries it reports).
 */
async function withApp<T>(
  fn: (ctx: Awaited<ReturnType<typeof openApp>>) => Promise<T>,
  opts: { seal?: boolean } = {},
): Promise<T> {
  const ctx = await openApp(loadConfig());
  try {
    return await fn(ctx);
  } finally {
    try {
      if (opts.seal !== false) {
        await foldAllReads(ctx.app);
        await sealAuditTail(ctx.app, { force: true });
      }
    } finally {
      await ctx.database.close();
    }
  }
}

function printDemoCredentials(): void {
  console.log('\n  DEMO MODE — synthetic data only. Demo accounts (passphrase for all):');
  console.log(`  passphrase: ${DEMO_PASSPHRASE}`);
  console.log(
    '  Each has an authenticator app: add its key to any TOTP app, or run `npx tsx src/cli/main.ts demo code <username>`.',
  );
  for (const u of DEMO_USERS)
    console.log(
      `    ${u.username.padEnd(12)} ${`${u.role}${u.officeId ? ` (${u.officeId})` : ''}`.padEnd(22)} key ${demoTotpSecret(u.username)}`,
    );
  console.log('');
}

/**
 * Runs scripts/build-web.mjs in a child process: it builds src/web into dist/web when the build is missing
 * or older than its sources, and returns at once otherwise.
 */
function buildWebApplication(): Promise<void> {
  const script = fileURLToPath(new URL('../../scripts/build-web.mjs', import.meta.url));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script], { stdio: 'inherit' });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`Building the web application failed (exit code ${code}).`)),
    );
  });
}

program
  .command('serve')
  .description('Start the server (applies migrations; seeds demo data in demo mode)')
  .option(
    '--build-web',
    'first build the web application if it is missing or out of date (npm start does), while the database starts',
  )
  .action(async (opts: { buildWeb?: boolean }) => {
    const config = loadConfig();
    const started = Date.now();
    // The web build (a child process) and the database start-up run side by side: on a first start each
    // takes several seconds.
    const web = opts.buildWeb ? buildWebApplication() : undefined;
    web?.catch(() => {}); // awaited below; this only keeps an early failure from being reported as unhandled
    if (!config.databaseUrl && !existsSync(join(config.dataDir, 'pg', 'PG_VERSION')))
      console.log('  Creating the embedded database (first start only)…');
    const { database, app } = await openApp(config);
    const keyWarning = auditKeyWarning(config);
    if (keyWarning) console.warn(`  ${keyWarning}`);
    console.log(`  Audit signing key and checkpoint mirror: ${config.auditKeyDir}`);
    if (config.demo) {
      const { created, cases } = await seedDemoData(cliCall(app, 'demo-seed'), () =>
        console.log('  Loading demo data…'),
      );
      if (created) console.log(`  Demo data loaded: ${cases.length} demo cases (${cases.join(', ')}).`);
      printDemoCredentials();
    }
    if (web) {
      try {
        await web;
      } catch (err) {
        await database.close();
        throw err;
      }
    }
    const server = await startServer(config, app);
    const jobs = config.jobs.enabled
      ? await startJobs(app, database, {
          databaseUrl: config.databaseUrl,
          cron: config.jobs.cron,
          pollSeconds: config.jobs.pollSeconds,
          mailer: config.jobs.smtpUrl ? createMailer(config.jobs.smtpUrl, config.jobs.smtpFrom) : null,
        })
      : null;
    const port = (server.addresses()[0] as { port?: number } | undefined)?.port ?? config.port;
    console.log(
      `  Redline is serving on http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port} ` +
        `(database: ${database.kind} ${database.location}; ready in ${Date.now() - started} ms)`,
    );
    console.log(`  API docs: http://localhost:${port}/api/docs`);
    const stop = async (signal: string) => {
      console.log(`\n  ${signal}: stopping…`);
      await jobs?.stop();
      await server.close();
      await database.close();
      process.exit(0);
    };
    process.once('SIGINT', () => void stop('SIGINT'));
    process.once('SIGTERM', () => void stop('SIGTERM'));
  });

program
  .command('migrate')
  .description('Apply database migrations')
  .action(() =>
    withApp(async ({ database }) => {
      console.log(`Migrations applied (${database.kind} ${database.location}).`);
    }),
  );

const demo = program.command('demo').description('Demo data');
demo
  .command('seed')
  .description('Load the demo data set (refused in production)')
  .action(() =>
    withApp(async ({ app }) => {
      if (loadConfig().production) throw new Error('Demo data is never loaded in production.');
      const { created, cases } = await seedDemoData(cliCall(app, 'demo-seed'));
      console.log(
        created ? `Demo data loaded: ${cases.length} demo cases.` : 'Demo data was already present.',
      );
      printDemoCredentials();
    }),
  );
demo
  .command('code')
  .argument('<username>', 'a demo account')
  .description('The current authenticator code of a demo account (its key is published; demo only)')
  .action((username: string) => {
    if (!DEMO_USERS.some((u) => u.username === username))
      throw new Error(`${username} is not a demo account.`);
    console.log(demoTotpCode(username));
  });

const user = program.command('user').description('User accounts');
user
  .command('add')
  .description('Create a user account (the passphrase is read from REDLINE_NEW_PASSPHRASE or prompted)')
  .requiredOption('--username <name>')
  .requiredOption('--name <display name>')
  .addOption(new Option('--role <role>').choices([...ROLES]).makeOptionMandatory())
  .option('--office <id>')
  .option('--email <email>')
  .action((o: { username: string; name: string; role: Role; office?: string; email?: string }) =>
    withApp(async ({ app }) => {
      const passphrase = cleanInput(
        process.env.REDLINE_NEW_PASSPHRASE ?? (await prompt('Passphrase (8+ characters): ')),
        'passphrase',
      );
      const u = await createUser(cliCall(app), {
        username: o.username,
        displayName: o.name,
        role: o.role,
        officeId: o.office ?? null,
        email: o.email ?? null,
        passphrase,
      });
      console.log(`Created ${u.username} (${u.role}${u.officeId ? `, ${u.officeId}` : ''}).`);
    }),
  );
user
  .command('disable <username>')
  .description('Disable an account and end its sessions')
  .action((username: string) =>
    withApp(async ({ app }) => {
      await setUserDisabled(cliCall(app), username, true);
      console.log(`Disabled ${username}.`);
    }),
  );
user
  .command('enable <username>')
  .description('Enable a disabled account')
  .action((username: string) =>
    withApp(async ({ app }) => {
      await setUserDisabled(cliCall(app), username, false);
      console.log(`Enabled ${username}.`);
    }),
  );
user
  .command('release-lockout <username>')
  .description('Release a lockout after repeated failed sign-ins')
  .action((username: string) =>
    withApp(async ({ app }) => {
      await releaseLockout(cliCall(app), username);
      console.log(`Released the lockout of ${username}.`);
    }),
  );
user
  .command('reset-mfa <username>')
  .description(
    'Remove a lost authenticator app (and the security keys added to it) and end the sessions; the person sets up a new one at the next sign-in',
  )
  .action((username: string) =>
    withApp(async ({ app }) => {
      await resetMfa(cliCall(app), username);
      console.log(
        `Removed the authenticator app of ${username} and ended their sessions. They set up a new one at their next sign-in.`,
      );
    }),
  );

program
  .command('screen <file>')
  .description(
    'Screen a JSON or JSON-lines file of case facts; prints one JSON result per case, then a summary',
  )
  .option('--as-of <date>', 'screen as of this date (YYYY-MM-DD); default today')
  .action((file: string, o: { asOf?: string }) => {
    process.exitCode = runScreen(
      file,
      o,
      (l) => console.log(l),
      (l) => console.error(l),
    );
  });

program
  .command('lint-text [file]')
  .description(
    'Check text for wording that presents a notice as a warrant or as authority (D10); reads stdin without a file',
  )
  .option('--field <name>', 'field name shown in the findings', 'text')
  .option(
    '--evaluate <labelled.jsonl>',
    'measure the check against a labelled set (JSON Lines of {"text", "violation", "rule"?}): prints precision, recall, counts and every misclassified sentence; exits 1 below 0.95',
  )
  .action(async (file: string | undefined, o: { field: string; evaluate?: string }) => {
    const { readFileSync } = await import('node:fs');
    if (o.evaluate) {
      const { evaluateWording, formatWordingEvaluation, parseLabelledSentences } = await import(
        '../domain/wording-eval.ts'
      );
      const e = evaluateWording(parseLabelledSentences(readFileSync(o.evaluate, 'utf8')));
      for (const line of formatWordingEvaluation(e)) console.log(line);
      process.exitCode = e.precision >= 0.95 && e.recall >= 0.95 ? 0 : 1;
      return;
    }
    const text = readFileSync(file ?? 0, 'utf8');
    process.exitCode = runLintText(text, file ?? o.field, (l) => console.log(l));
  });

const caseCmd = program.command('case').description('Cases');
caseCmd
  .command('show <caseNumber>')
  .description('Show a case with every gate: met, unmet or not applicable, why, and what to do next')
  .requiredOption('--as <username>', 'act as this user (their role and office apply)')
  .option('--json', 'print the evaluation as JSON')
  .action((caseNumber: string, o: { as: string; json?: boolean }) =>
    withApp(async ({ app }) => {
      const row = await app.db
        .selectFrom('cases')
        .select(['id', 'status', 'purpose'])
        .where('case_number', '=', caseNumber)
        .executeTakeFirst();
      if (!row) throw new Error(`No case ${caseNumber}.`);
      const evaluation = await evaluateCaseNamed(await callAsUser(app, o.as, 'cli'), row.id);
      if (o.json) {
        console.log(JSON.stringify(evaluation, null, 2));
        return;
      }
      console.log(caseShowText(caseNumber, row, evaluation, await caseShowHead(app.db, row.id)));
      const facts = await caseShowFacts(app.db, row.id);
      if (facts) console.log(facts);
    }),
  );

caseCmd
  .command('close <caseNumber>')
  .description('Close a case with a reason (supervisors); refused while an authorization is active')
  .requiredOption('--as <username>', 'the supervisor closing the case')
  .requiredOption('--reason <text>', 'why the case is closed')
  .option(
    '--withdraw-authorization',
    'withdraw an active authorization in the same step, with the same reason',
  )
  .action((caseNumber: string, o: { as: string; reason: string; withdrawAuthorization?: boolean }) =>
    withApp(async ({ app }) => {
      const row = await app.db
        .selectFrom('cases')
        .select('id')
        .where('case_number', '=', caseNumber)
        .executeTakeFirst();
      if (!row) throw new Error(`No case ${caseNumber}.`);
      const r = await closeCase(await callAsUser(app, o.as, 'cli'), row.id, {
        reason: o.reason,
        withdrawAuthorization: o.withdrawAuthorization === true,
      });
      console.log(`Closed ${r.caseNumber}.`);
      if (r.withdrawnAuthorizations.length)
        console.log(`  Withdrew ${r.withdrawnAuthorizations.length} authorization(s).`);
      if (r.cancelledRequests.length)
        console.log(`  Cancelled ${r.cancelledRequests.length} pending INTERPOL Washington request(s).`);
    }),
  );

caseCmd
  .command('confirm-link <caseNumber>')
  .description(
    "Confirm that the case's person is the subject of a notice whose name, date of birth or nationality differ (attorneys)",
  )
  .requiredOption('--as <username>', 'the attorney confirming the link')
  .requiredOption('--reason <text>', "what establishes that the person is the notice's subject")
  .option('--notice <interpolRef>', 'the notice, by INTERPOL reference (needed when several are unconfirmed)')
  .action((caseNumber: string, o: { as: string; reason: string; notice?: string }) =>
    withApp(async ({ app }) => {
      const row = await app.db
        .selectFrom('cases')
        .select('id')
        .where('case_number', '=', caseNumber)
        .executeTakeFirst();
      if (!row) throw new Error(`No case ${caseNumber}.`);
      let q = app.db
        .selectFrom('case_notices')
        .innerJoin('notices', 'notices.id', 'case_notices.notice_id')
        .select(['notices.id', 'notices.interpol_ref', 'case_notices.subject_link'])
        .where('case_notices.case_id', '=', row.id);
      q = o.notice
        ? q.where('notices.interpol_ref', '=', o.notice)
        : q.where('case_notices.subject_link', '=', 'unconfirmed');
      const links = await q.execute();
      if (links.length === 0)
        throw new Error(
          o.notice ? `Notice ${o.notice} is not on ${caseNumber}.` : `${caseNumber} has no unconfirmed link.`,
        );
      if (links.length > 1)
        throw new Error(
          `Several notices on ${caseNumber}: name one with --notice (${links.map((l) => l.interpol_ref).join(', ')}).`,
        );
      const link = links[0]!;
      await confirmSubjectLink(await callAsUser(app, o.as, 'cli'), row.id, {
        noticeId: link.id,
        reason: o.reason,
      });
      console.log(
        `Confirmed that the person on ${caseNumber} is the subject of notice ${link.interpol_ref}.`,
      );
    }),
  );

caseCmd
  .command('legal-review <caseNumber>')
  .description(
    'Record the legal review of a case whose review advises "do not act" (an attorney independent of the case)',
  )
  .requiredOption('--as <username>', 'the attorney recording the legal review')
  .addOption(
    new Option('--conclusion <conclusion>', 'the conclusion')
      .choices([...LEGAL_REVIEW_CONCLUSIONS])
      .makeOptionMandatory(),
  )
  .option(
    '--analysis <indicatorId=text>',
    'the analysis of one confirmed strong indicator (repeat for each)',
    (v: string, all: string[]) => [...all, v],
    [] as string[],
  )
  .option('--conditions <text>', 'the conditions (with proceed_with_conditions)')
  .option('--reversal-reason <text>', 'why an earlier "do not proceed" is reversed')
  .action(
    (
      caseNumber: string,
      o: {
        as: string;
        conclusion: LegalReviewConclusion;
        analysis: string[];
        conditions?: string;
        reversalReason?: string;
      },
    ) =>
      withApp(async ({ app }) => {
        const row = await app.db
          .selectFrom('cases')
          .select('id')
          .where('case_number', '=', caseNumber)
          .executeTakeFirst();
        if (!row) throw new Error(`No case ${caseNumber}.`);
        const analyses = o.analysis.map((a) => {
          const at = a.indexOf('=');
          if (at < 1) throw new Error(`--analysis takes INDICATOR_ID=text, not "${a}".`);
          return { indicatorId: a.slice(0, at).trim(), analysis: a.slice(at + 1) };
        });
        const r = await recordLegalReview(await callAsUser(app, o.as, 'cli'), row.id, {
          analyses,
          conclusion: o.conclusion,
          conditions: o.conditions ?? null,
          reversalReason: o.reversalReason ?? null,
        });
        console.log(
          `Recorded the legal review of ${caseNumber}: ${r.conclusion.replaceAll('_', ' ')}${r.reverses ? ' (reverses the earlier "do not proceed")' : ''}.`,
        );
      }),
  );

program
  .command('tasks')
  .description('List the re-review tasks you can see (your office; every office for liaison and auditors)')
  .requiredOption('--as <username>', 'act as this user')
  .option('--all', 'include completed tasks')
  .option('--json', 'print the tasks as JSON')
  .action((o: { as: string; all?: boolean; json?: boolean }) =>
    withApp(async ({ app }) => {
      const tasks = await listTasks(await callAsUser(app, o.as, 'cli'), o.all ? {} : { status: 'open' });
      if (o.json) {
        console.log(JSON.stringify(tasks, null, 2));
        return;
      }
      if (tasks.length === 0) console.log(o.all ? 'No tasks.' : 'No open tasks.');
      for (const k of tasks) {
        console.log(
          `${k.caseNumber}  ${TASK_KIND_LABELS[k.kind] ?? k.kind.replaceAll('_', ' ')}  priority ${k.priority}  ${k.status}  (task ${k.id})`,
        );
        console.log(`    ${k.reason}`);
        if (k.resolution) console.log(`    done by ${k.closedByName ?? k.closedBy}: ${k.resolution}`);
      }
    }),
  );

const packetCmd = program
  .command('packet')
  .description('The disclosure packet for the person (Directive D9)');

async function caseIdOf(app: { db: Awaited<ReturnType<typeof openApp>>['app']['db'] }, caseNumber: string) {
  const row = await app.db
    .selectFrom('cases')
    .select('id')
    .where('case_number', '=', caseNumber)
    .executeTakeFirst();
  if (!row) throw new Error(`No case ${caseNumber}.`);
  return row.id;
}

packetCmd
  .command('generate <caseNumber>')
  .description(
    "Generate the packet in the person's language (or --language): a new version when the documents, the translation or its approval changed",
  )
  .requiredOption('--as <username>', 'the officer, supervisor or attorney generating it')
  .option('--language <code>', `one of ${PACKET_LANGUAGES.join(', ')}; default: the first the person reads`)
  .option(
    '--no-access-code',
    'do not issue a counsel portal access code (the packet says how to ask for one)',
  )
  .option('--out <file>', 'also write the PDF to this file')
  .action((caseNumber: string, o: { as: string; language?: string; accessCode: boolean; out?: string }) =>
    withApp(async ({ app }) => {
      const started = performance.now();
      const call = await callAsUser(app, o.as, 'cli');
      const caseId = await caseIdOf(app, caseNumber);
      const p = await generatePacket(call, caseId, {
        language: o.language ?? null,
        issueAccessCode: o.accessCode,
      });
      const ms = Math.round(performance.now() - started);
      console.log(
        p.created
          ? `Generated packet ${p.reference}: ${languageLabel(p.language)}, version ${p.version} (${p.byteSize} bytes, ${ms} ms).`
          : `Nothing changed since version ${p.version} (${p.reference}): no new version.`,
      );
      console.log(`  SHA-256 (on the cover and in the audit entry): ${p.sha256}`);
      console.log(`  SHA-256 of the PDF file: ${p.fileSha256}`);
      if (p.accessCode) console.log(`  Counsel portal access code printed on it: ${p.accessCode}`);
      if (!p.translationApproved) console.log('  Marked "translation pending certified review".');
      if (!p.personReadsLanguage)
        console.log('  The person does not read this language: serve it through an interpreter.');
      if (o.out) {
        const file = await downloadPacket(call, caseId, p.id);
        writeFileSync(o.out, file.pdf);
        console.log(`  Wrote ${o.out}.`);
      }
    }),
  );

packetCmd
  .command('show <caseNumber>')
  .description(
    'List the packets of a case (versions, languages, hashes, which were served); --out writes one',
  )
  .requiredOption('--as <username>', 'act as this user')
  .option('--language <code>', 'with --out: the language (default: the newest packet)')
  .option('--version <n>', 'with --out: the version (default: the newest in the language)')
  .option('--out <file>', 'write the chosen packet’s PDF to this file')
  .option('--json', 'print the list as JSON')
  .action(
    (
      caseNumber: string,
      o: { as: string; language?: string; version?: string; out?: string; json?: boolean },
    ) =>
      withApp(async ({ app }) => {
        const call = await callAsUser(app, o.as, 'cli');
        const caseId = await caseIdOf(app, caseNumber);
        const packets = await listPackets(call, caseId);
        if (o.json) console.log(JSON.stringify(packets, null, 2));
        else if (!packets.length) console.log(`No packet has been generated for ${caseNumber}.`);
        else
          for (const p of packets) {
            const served = p.servedIn.length
              ? `served ${p.servedIn.map((s) => `${s.servedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC (${s.method})`).join(', ')}`
              : 'not served';
            console.log(
              `${p.reference}  ${languageLabel(p.language).padEnd(16)} v${p.version}${p.latest ? ' (latest)' : '         '}  ${p.generatedAt.toISOString().slice(0, 10)}  ${served}${p.translationApproved ? '' : '  [translation pending certified review]'}`,
            );
            console.log(`    SHA-256 ${p.sha256}`);
          }
        if (o.out) {
          const chosen = packets.find(
            (p) =>
              (!o.language || p.language === o.language) &&
              (o.version ? p.version === Number(o.version) : true),
          );
          if (!chosen) throw new Error('No packet of that language and version.');
          const file = await downloadPacket(call, caseId, chosen.id);
          writeFileSync(o.out, file.pdf);
          console.log(`Wrote ${chosen.reference} (v${chosen.version}, ${chosen.language}) to ${o.out}.`);
        }
      }),
  );

packetCmd
  .command('approve <language>')
  .description("Approve a language's packet text as it is now (training coordinator or attorney)")
  .requiredOption('--as <username>', 'the training coordinator or attorney approving it')
  .option('--note <text>', 'how it was reviewed')
  .action((language: string, o: { as: string; note?: string }) =>
    withApp(async ({ app }) => {
      const call = await callAsUser(app, o.as, 'cli');
      // The text approved is the file as it is now (the service refuses a language the packet lacks).
      const sha256 = isPacketLanguage(language) ? readTranslation(language).sha256 : '';
      const r = await approveTranslation(call, { language, sha256, note: o.note ?? null });
      console.log(
        `Approved ${languageLabel(r.language)} (approval ${r.version}) for the text with SHA-256 ${r.sha256}.`,
      );
    }),
  );

const noticeCmd = program.command('notice').description('Notices');
noticeCmd
  .command('import <file>')
  .description(
    "Read INTERPOL's public notice JSON and print the intake prefill and its warnings (writes nothing)",
  )
  .action(async (file: string) => {
    const { readFileSync } = await import('node:fs');
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      throw new Error(`${file} is not readable JSON: ${(err as Error).message}`);
    }
    const { ZodError } = await import('zod');
    try {
      const prefill = prefillFromInterpolPublic(raw);
      console.log(JSON.stringify({ person: prefill.person, notice: prefill.notice }, null, 2));
      for (const w of prefill.warnings) console.error(`warning: ${w}`);
    } catch (err) {
      if (!(err instanceof ZodError)) throw err;
      console.error(`redline: ${file} is not an INTERPOL public notice:`);
      for (const i of err.issues) console.error(`  ${i.path.join('.') || '(root)'}: ${i.message}`);
      process.exitCode = 2;
    }
  });

program
  .command('notice-status <interpolRef> <status>')
  .description(
    `Record a notice status reported by INTERPOL Washington (${NOTICE_STATUSES.join(', ')}); withdraws authorizations and raises re-review tasks`,
  )
  .requiredOption('--as <username>', 'the INTERPOL Washington liaison recording it')
  .option('--usncb-ref <ref>', 'INTERPOL Washington reference number')
  .option('--note <text>')
  .action((interpolRef: string, status: string, o: { as: string; usncbRef?: string; note?: string }) =>
    withApp(async ({ app }) => {
      if (!NOTICE_STATUSES.includes(status as NoticeStatus))
        throw new Error(`Status must be one of: ${NOTICE_STATUSES.join(', ')}.`);
      const notices = await app.db
        .selectFrom('notices')
        .select(['id', 'type'])
        .where('interpol_ref', '=', interpolRef)
        .execute();
      if (notices.length !== 1)
        throw new Error(
          notices.length ? `More than one notice has reference ${interpolRef}.` : `No notice ${interpolRef}.`,
        );
      const r = await recordNoticeStatus(await callAsUser(app, o.as, 'cli'), notices[0]!.id, {
        status: status as NoticeStatus,
        usncbReference: o.usncbRef ?? null,
        note: o.note ?? null,
      });
      console.log(`Recorded ${interpolRef} as ${status}. Cases affected: ${r.affectedCases.length}.`);
      for (const c of r.affectedCases) console.log(`  ${JSON.stringify(c)}`);
    }),
  );

const noticesCmd = program.command('notices').description('Notice status updates in bulk');
noticesCmd
  .command('import-status <file>')
  .description(
    'Import notice status updates from INTERPOL Washington (JSON lines, a JSON array, or CSV with the header interpolRef,status,effectiveAt,usncbReference,note); each valid line applies as a single status change does, and each bad line is reported with its field and reason',
  )
  .requiredOption('--as <username>', 'the INTERPOL Washington liaison recording them')
  .option('--json', 'print the whole report as JSON')
  .action((file: string, o: { as: string; json?: boolean }) =>
    withApp(async ({ app }) => {
      const { readFileSync } = await import('node:fs');
      const { SingleBar, Presets } = await import('cli-progress');
      const lines = parseFeedFile(file, readFileSync(file, 'utf8'));
      const bar = new SingleBar(
        { format: '  {bar} {value}/{total} updates', stream: process.stderr, hideCursor: true },
        Presets.shades_classic,
      );
      bar.start(lines.length, 0);
      let report: Awaited<ReturnType<typeof importNoticeStatuses>>;
      try {
        report = await importNoticeStatuses(await callAsUser(app, o.as, 'cli'), lines, {
          source: `feed file ${file.split('/').at(-1)}`,
          onProgress: (done) => bar.update(done),
        });
      } finally {
        bar.stop();
      }
      if (o.json) console.log(JSON.stringify(report, null, 2));
      else {
        console.log(
          `${report.total} updates: ${report.applied} applied, ${report.unchanged} unchanged, ${report.failed} with errors.`,
        );
        for (const r of report.results.filter((x) => x.outcome === 'applied'))
          console.log(
            `  line ${r.line}: ${r.interpolRef} applied (${r.affectedCases} case(s), ${r.withdrawnAuthorizations} authorization(s) withdrawn, ${r.notified} notified)`,
          );
        for (const r of report.results.filter((x) => x.outcome === 'error'))
          for (const e of r.errors) console.error(`  line ${r.line}: ${e.field}: ${e.reason}`);
      }
      if (report.failed) process.exitCode = 1;
    }),
  );

const notificationsCmd = program.command('notifications').description('Notifications and their e-mail');
notificationsCmd
  .command('email-status')
  .description('Where each notification e-mail stands: failed first, with its attempts and last error')
  .option('--state <state>', `only e-mail in this state (${EMAIL_STATES.join(', ')})`)
  .option('--limit <n>', 'rows per page (1 to 200)', '50')
  .option('--after <cursor>', 'the cursor printed at the end of the previous page')
  .option('--as <username>', 'act as this administrator (default: the system)')
  .option('--json', 'print the page as JSON')
  .action((o: { state?: string; limit: string; after?: string; as?: string; json?: boolean }) =>
    withApp(async ({ app }) => {
      if (o.state !== undefined && !EMAIL_STATES.includes(o.state as EmailStateName))
        throw new Error(`--state is one of: ${EMAIL_STATES.join(', ')}.`);
      const call = o.as ? await callAsUser(app, o.as, 'cli') : cliCall(app, 'notifications-email-status');
      const page = await listEmailDelivery(call, {
        ...(o.state ? { state: o.state as EmailStateName } : {}),
        limit: Number(o.limit),
        ...(o.after ? { after: o.after } : {}),
      });
      if (o.json) {
        console.log(JSON.stringify(page, null, 2));
        return;
      }
      console.log(EMAIL_STATES.map((s) => `${s} ${page.counts[s]}`).join('  '));
      if (page.items.length === 0) console.log(o.state ? `No e-mail is ${o.state}.` : 'No e-mail.');
      for (const r of page.items) {
        console.log(
          `${r.state.padEnd(8)}  ${r.createdAt}  ${r.username} <${r.email ?? 'no address'}>  ${r.kind}${r.caseNumber ? `  ${r.caseNumber}` : ''}  attempts ${r.attempts}  ${r.id}`,
        );
        if (r.error) console.log(`    last error: ${r.error}`);
      }
      if (page.next) console.log(`More: --after ${page.next}`);
    }),
  );

const jobsCmd = program.command('jobs').description('Scheduled duties (reminders and escalations)');
jobsCmd
  .command('run [duty]')
  .description(
    `Run the scheduled duties now (${DUTY_IDS.join(', ')}); each runs once a day, so a second run adds nothing`,
  )
  .action((duty: string | undefined) =>
    withApp(async ({ app }) => {
      if (duty && !DUTY_IDS.includes(duty as DutyId))
        throw new Error(`Duty is one of: ${DUTY_IDS.join(', ')}.`);
      for (const d of duty ? [duty as DutyId] : DUTY_IDS) {
        const r = await runDuty(app, d, `cli:${process.pid}`);
        console.log(
          r.status === 'ran'
            ? `${d}: ${r.counts!.items} item(s), ${r.counts!.notifications} notification(s) created, ${r.counts!.duplicates} already sent`
            : `${d}: already ran for ${r.slot}`,
        );
      }
    }),
  );

program
  .command('rescreen [caseNumber]')
  .description(
    'Screen one case again, or launch a bulk re-screening (--all or a filter) under the current ruleset, with a progress bar',
  )
  .option('--all', 'every case')
  .option('--office <id>', 'only the cases of this office')
  .option('--country <iso2>', 'only the cases with a notice from this country (e.g. RU)')
  .option('--state <state>', 'only the cases in this state (open, authorized, closed)')
  .option('--legacy [source]', 'only imported (legacy) cases; of one import source when named')
  .option('--batch <n>', 'cases per batch (one transaction and one audit entry each)', (v) => Number(v))
  .option('--detach', 'only launch the run: the server process drives it')
  .option('--watch [runId]', 'follow a run (the latest when no id is given) until it ends')
  .option('--pause <runId>', 'pause a run')
  .option('--resume <runId>', 'resume a paused or failed run here')
  .option('--cancel <runId>', 'cancel a run')
  .action(
    (
      caseNumber: string | undefined,
      o: {
        all?: boolean;
        office?: string;
        country?: string;
        state?: string;
        legacy?: string | boolean;
        batch?: number;
        detach?: boolean;
        watch?: string | boolean;
        pause?: string;
        resume?: string;
        cancel?: string;
      },
    ) =>
      withApp(async ({ app }) => {
        const bulk = await import('../services/screening/bulk.ts');
        const call = cliCall(app, 'rescreen');
        const { SingleBar, Presets } = (await import('cli-progress')).default;
        const bar = new SingleBar(
          {
            format:
              '  re-screening |{bar}| {percentage}% | {value}/{total} cases | {rate} cases/s | ETA {eta_formatted}',
            stream: process.stderr,
            etaBuffer: 20,
          },
          Presets.shades_classic,
        );
        const started = Date.now();
        let base = -1;
        const progress = (r: import('../services/screening/bulk.ts').RescreenRunView) => {
          if (base < 0) {
            base = r.processed;
            bar.start(r.total, r.processed, { rate: '-' });
          }
          const rate = Math.round((r.processed - base) / Math.max(0.001, (Date.now() - started) / 1000));
          bar.update(r.processed, { rate: String(rate) });
        };
        const summary = (r: import('../services/screening/bulk.ts').RescreenRunView | null) => {
          bar.stop();
          if (!r) return;
          const secs = (Date.now() - started) / 1000;
          console.log(
            `Run ${r.id}: ${r.state}; ${r.processed}/${r.total} cases re-screened, ${r.stored} new screenings, ` +
              `${r.changed} with a changed outcome or advice, ${r.reviewsSuperseded} reviews superseded` +
              ` (${secs.toFixed(1)} s here, ${Math.round(r.processed / Math.max(secs, 0.001))} cases/s).`,
          );
          if (r.lastError) console.log(`Last error: ${r.lastError}`);
        };
        for (const [flag, change] of [
          [o.pause, 'pause'],
          [o.cancel, 'cancel'],
        ] as const)
          if (flag) {
            summary(await bulk.changeRescreenRun(call, flag, change));
            return;
          }
        let runId: string | null = null;
        if (o.resume) runId = (await bulk.changeRescreenRun(call, o.resume, 'resume')).id;
        else if (o.watch !== undefined) {
          runId =
            typeof o.watch === 'string' ? o.watch : ((await bulk.listRescreenRuns(call, 1))[0]?.id ?? null);
          if (!runId) throw new Error('No re-screening run yet.');
          // follow the row; the server process drives the run
          let r = await bulk.getRescreenRun(call, runId);
          progress(r);
          while (r.state === 'running') {
            await new Promise((res) => setTimeout(res, 1000));
            r = await bulk.getRescreenRun(call, runId);
            progress(r);
          }
          summary(r);
          return;
        } else if (o.all || o.office || o.country || o.state || o.legacy) {
          const filter = {
            ...(o.office ? { officeId: o.office } : {}),
            ...(o.country ? { issuingCountry: o.country.toUpperCase() } : {}),
            ...(o.state ? { status: o.state } : {}),
            ...(o.legacy ? { legacy: o.legacy } : {}),
          };
          const run = await bulk.startRescreenRun(call, {
            filter,
            ...(o.batch ? { batchSize: o.batch } : {}),
          });
          runId = run.id;
          console.log(`Launched re-screening run ${run.id} over ${run.total} cases.`);
          if (o.detach) return;
        }
        if (runId) {
          let stop = false;
          const onSignal = () => {
            stop = true;
          };
          process.once('SIGINT', onSignal);
          const { driveRun } = await import('../services/screening/bulk-worker.ts');
          const last = await driveRun(app, runId, progress, () => stop);
          process.off('SIGINT', onSignal);
          summary(last ?? (await bulk.getRescreenRun(call, runId)));
          if (stop)
            console.log(
              'Stopped after the current batch; the run stays running and resumes from its cursor.',
            );
          return;
        }
        if (!caseNumber) throw new Error('Name a case number, or use --all or a filter.');
        const { runScreening } = await import('../services/screening/run.ts');
        const c = await app.db
          .selectFrom('cases')
          .select('id')
          .where('case_number', '=', caseNumber)
          .executeTakeFirst();
        if (!c) throw new Error(`No case ${caseNumber}.`);
        const r = await runScreening(call, c.id, 'ruleset_rescreen');
        const changed = r.diff?.indicators.map((i) => i.id) ?? [];
        const rec = r.diff?.recommendation ?? null;
        console.log(
          `${caseNumber}: ${r.stored ? `new screening; changed: ${changed.join(', ') || 'none'}` : 'unchanged'}` +
            `${rec ? `; advice ${rec.from} -> ${rec.to}` : ''}${r.reviewSuperseded ? '; review superseded' : ''}`,
        );
      }),
  );

const training = program.command('training').description('The annual training registry (Directive D3)');
training
  .command('import <file>')
  .description(
    'Import completions from a CSV file: username,course,completed_on[,certificate] (all or nothing)',
  )
  .action((file: string) =>
    withApp(async ({ app }) => {
      const { readFileSync } = await import('node:fs');
      const rows = await parseTrainingCsv(cleanInput(readFileSync(file, 'utf8'), 'csv'));
      const result = await importTraining(cliCall(app, 'training-import'), rows, (done, total) => {
        if (process.stderr.isTTY) process.stderr.write(`\r  imported ${done}/${total}`);
      });
      if (process.stderr.isTTY) process.stderr.write('\n');
      console.log(`Imported ${result.imported} training records.`);
    }),
  );

const gates = program.command('gates').description('The stored gate status of every case');
gates
  .command('verify')
  .description(
    "Compare every case's stored gate status with the gate evaluator now, the case columns the work queues read and the counts kept per office with a recount; names each case and count that differs (exit code 3 when one does, unless repaired)",
  )
  .option(
    '--repair',
    'rewrite the stored status of every case that differs, is missing or is stale, recompute the queue columns, and correct every count that differs',
  )
  .option('--json', 'print the report as JSON')
  .action((o: { repair?: boolean; json?: boolean }) =>
    withApp(async ({ app }) => {
      const { verifyGateStatus } = await import('../services/gate-status.ts');
      const report = await verifyGateStatus(app.db, {
        now: app.clock(),
        repair: o.repair === true,
        onProgress: (done) => {
          if (process.stderr.isTTY) process.stderr.write(`\r  checked ${done} cases`);
        },
      });
      if (process.stderr.isTTY) process.stderr.write('\n');
      // The case columns the work queues read, against a recount (before the counts: one follows a column).
      const { verifyQueueColumns } = await import('../services/queue-columns.ts');
      const queueColumns = await verifyQueueColumns(app.db, { repair: o.repair === true });
      // Then the counts kept per office against a recount over the tables (after the gate rows are right,
      // since the blocking counts follow them).
      const { compactCounters, verifyCounters } = await import('../services/counters.ts');
      const counters = await verifyCounters(app.db, { repair: o.repair === true });
      if (o.repair) await compactCounters(app.db);
      // And the oversight report's counts per day against a recount over the report's per-case facts.
      const { compactReportCounts, verifyReportCounts } = await import('../services/report/day-counts.ts');
      const reportCounts = await verifyReportCounts(app.db, { repair: o.repair === true });
      if (o.repair) await compactReportCounts(app.db);
      if (o.json) console.log(JSON.stringify({ ...report, queueColumns, counters, reportCounts }, null, 2));
      else {
        console.log(
          `Case columns of the work queues: ${queueColumns.differences.length} differ from a recount${o.repair ? `; ${queueColumns.repaired} cases recomputed` : ''}.`,
        );
        for (const c of queueColumns.differences.slice(0, 50))
          console.log(
            `  ${c.caseNumber} ${c.column}: stored ${c.stored ?? 'none'}; recount ${c.expected ?? 'none'}`,
          );
        console.log(
          `Counts kept per office: ${counters.differences.length} differ from a recount${o.repair ? `; ${counters.repaired} repaired` : ''}.`,
        );
        for (const c of counters.differences.slice(0, 50))
          console.log(
            `  ${c.officeId} ${c.counter} ${c.key || '(none)'}: stored ${c.stored}; recount ${c.expected}`,
          );
        console.log(
          `Oversight report counts per day: ${reportCounts.differences.length} differ from a recount${o.repair ? `; ${reportCounts.repaired} repaired` : ''}.`,
        );
        for (const c of reportCounts.differences.slice(0, 50))
          console.log(
            `  ${c.grain === 'd' ? c.day : c.grain === 'm' ? c.day.slice(0, 7) : c.day.slice(0, 4)} ${c.officeId} ${c.counter} ${c.country || '(all)'} ${[c.k1, c.k2].filter(Boolean).join(' ')}: stored ${c.stored}; recount ${c.expected}`,
          );
        const by = (k: string) => report.differences.filter((d) => d.kind === k).length;
        console.log(
          `Checked ${report.checked} cases: ${report.differences.length} differ from the evaluator (${by('differs')} wrong, ${by('stale')} stale, ${by('missing')} missing)${o.repair ? `; ${report.repaired} repaired` : ''}.`,
        );
        for (const d of report.differences.slice(0, 50))
          console.log(
            `  ${d.caseNumber} ${d.kind}: stored ${d.stored ? (d.stored.allMet ? 'all met' : `blocked by ${d.stored.blocking.join(', ')}`) : 'none'}; evaluator ${d.derived.allMet ? 'all met' : `blocked by ${d.derived.blocking.join(', ')}`}`,
          );
      }
      process.exitCode =
        (report.differences.some((d) => d.kind === 'differs') ||
          counters.differences.length > 0 ||
          queueColumns.differences.length > 0 ||
          reportCounts.differences.length > 0) &&
        !o.repair
          ? 3
          : 0;
    }),
  );

const documentsCmd = program.command('documents').description('Stored documents and the master key');
documentsCmd
  .command('verify')
  .description(
    'Read back, decrypt and re-hash every stored document file; report missing and changed ones with the documents that rely on them (exit code 3 when any)',
  )
  .option('--json', 'print the report as JSON')
  .action((o: { json?: boolean }) =>
    withApp(async ({ app }) => {
      if (!app.documents) throw new Error('Document storage is not configured.');
      const report = await verifyStoredDocuments(app, app.documents);
      await auditEvent(cliCall(app), 'documents.verify', report.problems.length ? 'failed' : 'ok', {
        entityType: 'document_store',
        detail: {
          checked: report.checked,
          ok: report.ok,
          problems: report.problems.map((p) => ({
            sha256: p.sha256,
            problem: p.problem,
            documentIds: p.documentIds,
          })),
        },
      });
      if (o.json) console.log(JSON.stringify(report, null, 2));
      else {
        console.log(
          `Checked ${report.checked} stored file(s): ${report.ok} intact, ${report.problems.length} with a problem.`,
        );
        for (const p of report.problems)
          console.log(
            `  ${p.problem.toUpperCase()} ${p.sha256}: ${p.detail} Documents: ${p.documentIds.join(', ') || 'none'}.`,
          );
      }
      process.exitCode = report.problems.length ? 3 : 0;
    }),
  );
documentsCmd
  .command('rotate-key')
  .description(
    'A new master key: wraps every document data key and re-seals every second-factor secret again, in one transaction',
  )
  .option(
    '--new-key-file <path>',
    'where to write the new key when the current one comes from REDLINE_DOCUMENT_KEY',
  )
  .action((o: { newKeyFile?: string }) =>
    withApp(async ({ app }) => {
      if (!app.documents) throw new Error('Document storage is not configured.');
      const r = await rotateDocumentKey(app, app.documents, o.newKeyFile ? { newKeyFile: o.newKeyFile } : {});
      await auditEvent(cliCall(app), 'documents.rotate_key', 'ok', {
        entityType: 'master_key',
        entityId: r.newKeyId,
        detail: { oldKeyId: r.oldKeyId, newKeyId: r.newKeyId, rewrapped: r.rewrapped, resealed: r.resealed },
      });
      console.log(
        `Master key ${r.oldKeyId} replaced by ${r.newKeyId}: ${r.rewrapped} document data key(s) wrapped again, ${r.resealed} second-factor secret(s) re-sealed. The new key is in ${r.keyFile}.`,
      );
    }),
  );

const audit = program.command('audit').description('The audit trail');
audit
  .command('verify')
  .description(
    'Verify the whole hash chain, the signed checkpoints and the head against the latest checkpoint; names the first bad entry',
  )
  .option('--json', 'print the report as JSON')
  .option(
    '--against <file>',
    'also prove that the chain still contains a checkpoint exported with `audit checkpoint --export`',
  )
  .action((o: { json?: boolean; against?: string }) =>
    withApp(
      async ({ app }) => {
        await foldAllReads(app);
        const report = await verifyAuditChain(
          app.db,
          app.signer,
          (done, total) => {
            if (process.stderr.isTTY) process.stderr.write(`\r  checked ${done}/${total} entries`);
          },
          { now: app.clock() },
        );
        if (process.stderr.isTTY) process.stderr.write('\n');
        const anchor = o.against ? await checkAgainstAnchor(app.db, app.signer, o.against) : null;
        const ok = report.ok && (anchor?.ok ?? true);
        if (o.json) console.log(JSON.stringify(anchor ? { ...report, anchor } : report, null, 2));
        else {
          if (report.ok) {
            console.log(
              `Audit chain intact: ${report.entries} entries, head ${report.headSeq} ${report.headHash?.slice(0, 16)}…, ${report.checkpointsChecked} signed checkpoints verified` +
                (report.tail.checkpointSeq
                  ? `; latest checkpoint at entry ${report.tail.checkpointSeq}, ${report.tail.pending} entries after it.`
                  : '.'),
            );
          } else {
            console.log(
              `AUDIT CHAIN BROKEN. First bad entry: ${report.firstBad?.seq} — ${report.firstBad?.problem}`,
            );
            for (const p of report.problems.slice(1, 20)) console.log(`  also: ${p.problem}`);
          }
          if (anchor?.ok)
            console.log(
              `Exported checkpoint found: entry ${anchor.seq} has the exported hash and the signature verifies.`,
            );
          else if (anchor) {
            console.log(`EXPORTED CHECKPOINT NOT MATCHED (${o.against}):`);
            for (const p of anchor.problems) console.log(`  ${p}`);
          }
        }
        process.exitCode = ok ? 0 : 3;
      },
      { seal: false },
    ),
  );
audit
  .command('checkpoint')
  .description('Write a signed checkpoint of the chain head now')
  .option(
    '--export <file>',
    'also write the signed checkpoint to this file, to keep elsewhere (check it later with `audit verify --against`)',
  )
  .action((o: { export?: string }) =>
    withApp(async ({ app }) => {
      if (!app.signer) throw new Error('No audit signing key is configured.');
      if (o.export) {
        const cp = await exportCheckpoint(app, o.export);
        if (!cp) console.log('The audit log is empty; nothing to checkpoint.');
        else
          console.log(
            `Signed checkpoint at entry ${cp.seq} (${cp.hash.slice(0, 16)}…), key ${cp.keyId}, written to ${o.export}. Keep it outside this system.`,
          );
        return;
      }
      const cp = await sealAuditTail(app, { force: true });
      if (cp)
        console.log(`Signed checkpoint at entry ${cp.seq} (${cp.hash.slice(0, 16)}…), key ${cp.keyId}.`);
      else
        console.log('The latest checkpoint already covers the head (or the log is empty); nothing to sign.');
    }),
  );

registerImportCommand(program, (fn) => withApp(({ app }) => fn(cliCall(app, 'import'))));

async function prompt(question: string): Promise<string> {
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return await rl.question(question);
  } finally {
    rl.close();
  }
}

const rereview = program
  .command('rereview')
  .description(
    'The re-review queue: retrospective review of past cases, most urgent first (docs/rereview.md)',
  );

const printQueueItem = (q: { caseNumber: string; tier: number; person: string; reasons: string[] }) => {
  console.log(`${q.caseNumber}  tier ${q.tier}  ${q.person}`);
  for (const r of q.reasons) console.log(`    ${r}`);
};

rereview
  .command('list')
  .description('The queue from the top, with why each case is where it is, and the cases you have taken')
  .requiredOption('--as <username>', 'act as this user')
  .option('--limit <n>', 'cases per page', '20')
  .option('--cursor <cursor>', 'the cursor printed with the previous page')
  .option('--json', 'print the page as JSON')
  .action((o: { as: string; limit: string; cursor?: string; json?: boolean }) =>
    withApp(async ({ app }) => {
      const limit = Number(o.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 200)
        throw new Error('--limit is a whole number from 1 to 200.');
      const page = await listRereviewQueue(await callAsUser(app, o.as, 'cli'), { limit, cursor: o.cursor });
      if (o.json) {
        console.log(JSON.stringify(page, null, 2));
        return;
      }
      console.log(`${page.pending} case(s) waiting.`);
      for (const q of page.items) printQueueItem(q);
      if (page.next) console.log(`Next page: --cursor ${page.next}`);
      if (page.mine.length) {
        console.log('Taken by you:');
        for (const q of page.mine) printQueueItem(q);
      }
    }),
  );

rereview
  .command('next')
  .description('Take the next case from the top of the queue (supervisors and attorneys)')
  .requiredOption('--as <username>', 'act as this user')
  .action((o: { as: string }) =>
    withApp(async ({ app }) => {
      const { taken } = await takeNextCase(await callAsUser(app, o.as, 'cli'));
      if (!taken) {
        console.log('Nothing to take: the queue has no case you may review.');
        return;
      }
      console.log('Taken:');
      printQueueItem(taken);
    }),
  );

rereview
  .command('release <caseNumber>')
  .description('Give a case you took back to the queue')
  .requiredOption('--as <username>', 'act as this user')
  .action((caseNumber: string, o: { as: string }) =>
    withApp(async ({ app }) => {
      await releaseCase(await callAsUser(app, o.as, 'cli'), await caseIdOf(app, caseNumber));
      console.log(`${caseNumber} is back in the queue.`);
    }),
  );

rereview
  .command('outcome <caseNumber>')
  .description('Record the outcome of the retrospective review of a case you took')
  .requiredOption('--as <username>', 'act as this user')
  .addOption(
    new Option('--outcome <outcome>', 'the outcome')
      .choices([
        'no_action',
        'authorization_withdrawn',
        'release_recommended',
        'referral_counsel',
        'referral_oversight',
      ])
      .makeOptionMandatory(),
  )
  .requiredOption('--reasons <text>', 'the reasons: what the record shows and why it leads to this outcome')
  .action((caseNumber: string, o: { as: string; outcome: string; reasons: string }) =>
    withApp(async ({ app }) => {
      const r = await recordRereviewOutcome(
        await callAsUser(app, o.as, 'cli'),
        await caseIdOf(app, caseNumber),
        {
          outcome: o.outcome as 'no_action',
          reasons: o.reasons,
        },
      );
      console.log(`Recorded ${r.outcome} on ${caseNumber}.`);
      if (r.withdrawnAuthorizations.length)
        console.log(`  Withdrew ${r.withdrawnAuthorizations.length} authorization(s).`);
    }),
  );

program
  .command('report')
  .description('The oversight report for a period; CSV and PDF are publishable (counts below 11 withheld)')
  .requiredOption('--as <username>', 'act as this user (auditor, director, supervisor)')
  .requiredOption('--from <date>', 'first day of the period, YYYY-MM-DD')
  .requiredOption('--to <date>', 'last day of the period, YYYY-MM-DD')
  .option('--office <id>', 'one office only')
  .option('--country <code>', 'one issuing country only (two letters)')
  .addOption(new Option('--format <format>', 'what to write').choices(['json', 'csv', 'pdf']).default('csv'))
  .option('--out <file>', 'write to this file (default: standard output; required for PDF)')
  .action(
    (o: {
      as: string;
      from: string;
      to: string;
      office?: string;
      country?: string;
      format: 'json' | 'csv' | 'pdf';
      out?: string;
    }) =>
      withApp(async ({ app }) => {
        if (o.format === 'pdf' && !o.out) throw new Error('Give --out FILE for a PDF.');
        const report = await oversightReport(
          await callAsUser(app, o.as, 'cli'),
          { from: o.from, to: o.to, officeId: o.office, country: o.country },
          o.format,
        );
        const body =
          o.format === 'json'
            ? `${JSON.stringify(report, null, 2)}\n`
            : o.format === 'csv'
              ? reportCsv(report)
              : await reportPdf(report);
        if (o.out) {
          writeFileSync(o.out, body);
          console.log(`Wrote ${o.out}.`);
        } else process.stdout.write(body);
      }),
  );

program.parseAsync(process.argv).catch((err: unknown) => {
  if (err instanceof ServiceError) {
    console.error(`redline: ${err.message}`);
    for (const f of err.detail.fields ?? []) console.error(`  ${f.field}: ${f.message}`);
  } else if (err instanceof DataDirectoryLockedError) {
    console.error(`redline: ${err.message}`);
  } else {
    console.error(`redline: ${(err as Error).message ?? err}`);
  }
  process.exit(err instanceof ServiceError && err.status === 403 ? 4 : 1);
});

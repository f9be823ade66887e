import { SummaryBox, SummaryBoxContent, SummaryBoxHeading, Tag } from '@trussworks/react-uswds';
import { memo, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ROLE_LABELS, type Role } from '../api/types.ts';
import { OfficeName } from '../app/offices.tsx';
import {
  type CaseView,
  type GateEvaluation,
  type GateResult,
  humanize,
  KIND_LABELS,
  type LiaisonRequestView,
  PURPOSE_LABELS,
  personName,
  STATUS_LABELS,
  useCase,
  useFacts,
  useGates,
  useHistory,
} from '../case/data.ts';
import { MissingDocumentation } from '../case/documentation.tsx';
import { DocumentsSection } from '../case/documents.tsx';
import {
  AuthorizeForm,
  CloseCaseForm,
  ContestDecisionForm,
  ContestForm,
  DisclosureForm,
  ExigencyDecisionForm,
  ExigencyRequestForm,
  FlashMessage,
  FlashProvider,
  LiaisonRequestForm,
  Opener,
  OutOfBandForm,
  RoleNote,
} from '../case/forms.tsx';
import { CaseHistory } from '../case/history.tsx';
import { LegalReviewAction } from '../case/legal-review.tsx';
import { LiaisonRequestsSection } from '../case/liaison-request-actions.tsx';
import { NoticeStatusSection, noticeStatusWord, noticeTypeName } from '../case/notice-status.tsx';
import { PacketSection } from '../case/packet.tsx';
import { GateFacts, GateTag, PersonSummary } from '../case/parts.tsx';
import { PortalPanel } from '../case/portal-panel.tsx';
import { CaseRecord } from '../case/record.tsx';
import { Steps } from '../case/steps.tsx';
import { SubjectLinks } from '../case/subject-link.tsx';
import { WordingAction } from '../case/wording.tsx';
import { formatDateTime, LoadError, Loading, PageHeading } from '../components/common.tsx';
import { useSession } from '../session/session.tsx';

export default function CasePage() {
  const { id = '' } = useParams();
  // All reads start together: the page's first load waits for the slowest, not for the sum.
  const caseQ = useCase(id);
  const gatesQ = useGates(id);
  const historyQ = useHistory(id);
  useFacts(id);
  // The summary (what blocks the case, what to do next) is drawn first; the long sections below it (every
  // gate with its forms, the record, the history) follow in the next frame, so the answer to "can I act?"
  // is on screen without waiting for the layout of the whole page.
  const rest = useAfterFirstPaint(!caseQ.isPending && !gatesQ.isPending);
  if (caseQ.isPending) return <Loading what="the case" />;
  if (caseQ.isError)
    return (
      <>
        <PageHeading title="Case" />
        <LoadError error={caseQ.error} />
      </>
    );
  const c = caseQ.data;
  return (
    <FlashProvider>
      <PageHeading title={`Case ${c.caseNumber}`} />
      <FlashMessage />
      <CaseHeader c={c} />
      {gatesQ.isPending ? (
        <Loading what="the safeguards" />
      ) : gatesQ.isError ? (
        <LoadError error={gatesQ.error} />
      ) : (
        <>
          <Steps ev={gatesQ.data} />
          <Blockers c={c} ev={gatesQ.data} />
          {rest ? <Gates c={c} ev={gatesQ.data} /> : null}
        </>
      )}
      {rest ? (
        <>
          <CaseActions c={c} />
          <LiaisonRequestsSection c={c} />
          <DocumentsSection c={c} />
          <PacketSection c={c} />
          <NoticeStatusSection c={c} />
          <PortalPanel caseId={c.id} />
          <CaseRecord c={c} />
          <CaseHistory q={historyQ} />
        </>
      ) : null}
    </FlashProvider>
  );
}

/** False until the frame after `ready` first became true has been painted; then true for good. */
function useAfterFirstPaint(ready: boolean): boolean {
  const [done, setDone] = useState(false);
  useEffect(() => {
    if (!ready || done) return;
    let timer = 0;
    const frame = requestAnimationFrame(() => {
      timer = window.setTimeout(() => setDone(true), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      window.clearTimeout(timer);
    };
  }, [ready, done]);
  return done;
}

const CaseHeader = memo(function CaseHeader({ c }: { c: CaseView }) {
  return (
    <>
      <ul className="usa-list usa-list--unstyled margin-bottom-2">
        <li>
          <strong>Purpose:</strong> {PURPOSE_LABELS[c.purpose] ?? c.purpose}
        </li>
        <li>
          <strong>Status:</strong>{' '}
          <Tag className={statusClass(c.status)}>{STATUS_LABELS[c.status] ?? c.status}</Tag>
        </li>
        <li>
          <strong>Office:</strong> <OfficeName code={c.officeId} />
        </li>
        <li>
          <strong>Assigned officer:</strong> {personName(c, c.assignedOfficerId)}
        </li>
        <li>
          <strong>Opened by:</strong> {personName(c, c.requesterId)}
        </li>
        <li>
          <strong>Custody:</strong> {humanize(c.custodyStatus)}
          {c.inProceedings ? '; already in immigration proceedings' : ''}
        </li>
        <li>
          <strong>{c.notices.length === 1 ? 'Notice' : 'Notices'}:</strong>{' '}
          {c.notices.length === 0
            ? 'None recorded'
            : c.notices.map((n, i) => (
                <span key={n.id}>
                  {i > 0 ? '; ' : ''}
                  <Link to={`/notices/${n.id}`}>
                    {noticeTypeName(n.type)} {n.interpolRef}
                  </Link>{' '}
                  ({noticeStatusWord(n.status).toLowerCase()})
                </span>
              ))}
        </li>
        <li>
          <strong>Encounter:</strong>{' '}
          {c.encounterAt || c.encounterLocation
            ? [c.encounterAt ? formatDateTime(c.encounterAt) : '', c.encounterLocation ?? '']
                .filter(Boolean)
                .join(', ')
            : 'Not recorded'}
        </li>
      </ul>
      <PersonSummary c={c} />
    </>
  );
});

function statusClass(s: string) {
  return s === 'authorized' ? 'bg-green' : s === 'closed' ? 'bg-base-dark' : 'bg-primary';
}

/**
 * Marks (once per page load) when the summary was first painted, for the first-load measurement
 * (test/e2e/first-load.spec.ts): after the commit, the next animation frame, then the task after it.
 */
function useFirstPaintMark(name: string) {
  useEffect(() => {
    if (performance.getEntriesByName(name).length > 0) return;
    requestAnimationFrame(() =>
      setTimeout(() => {
        if (performance.getEntriesByName(name).length === 0) performance.mark(name);
      }, 0),
    );
  }, [name]);
}

// Sections are memoised: the case page's reads arrive one by one, and a late one (the history, the person)
// should not draw the gates and their forms again.
const Blockers = memo(function Blockers({ c, ev }: { c: CaseView; ev: GateEvaluation }) {
  useFirstPaintMark('redline:case-summary-painted');
  const unmet = ev.gates.filter((g) => g.status === 'unmet');
  const active = (c.authorizations ?? []).find((a) => a.status === 'active');
  const suspended = (c.authorizations ?? []).find((a) => a.status === 'suspended');
  return (
    <SummaryBox className="margin-y-3">
      <SummaryBoxHeading headingLevel="h2">What blocks this case and what to do next</SummaryBoxHeading>
      <SummaryBoxContent>
        {c.status === 'closed' ? <p>The case is closed. Nothing may be done on it.</p> : null}
        {c.review?.recommendation.code === 'do_not_act_refer_legal_review' ? (
          <p className="text-bold text-secondary-darker">
            The reviewer advises: {c.review.recommendation.text} An agency attorney independent of the case
            must record a legal review, and an approval must acknowledge each confirmed strong indicator in
            writing.
          </p>
        ) : null}
        {suspended ? (
          <p className="text-bold text-secondary-darker" data-testid="authorization-suspended">
            The authorization of {formatDateTime(suspended.authorizedAt)} is suspended since{' '}
            {formatDateTime(suspended.suspendedAt ?? suspended.authorizedAt)}: the person contested the notice
            after it was given. Do not use the notice in immigration proceedings until an attorney independent
            of the case decides the contest. If the contest is not sustained the authorization is in force
            again; if it is sustained the authorization is withdrawn and the case is re-reviewed.
          </p>
        ) : null}
        {active ? (
          <p>
            The case was authorized on {formatDateTime(active.authorizedAt)} by {active.authorizedByName},
            covering {active.gates.filter((g) => g.status === 'met').length} safeguards met (
            {active.gates
              .filter((g) => g.status === 'met')
              .map((g) => g.title)
              .join('; ')}
            ) for case version <code>{active.caseVersionHash.slice(0, 16)}</code>.
          </p>
        ) : null}
        {unmet.length === 0 ? (
          active || suspended ? null : (
            <p className="text-bold">Every gate is met: you can authorize.</p>
          )
        ) : (
          <ol>
            {unmet.map((g) => (
              <li key={g.gate} className="margin-bottom-1">
                <a href={`#gate-${g.gate}`}>{g.title}</a>: {g.reason}{' '}
                {g.nextStep ? <strong>Next: {g.nextStep}</strong> : null}
              </li>
            ))}
          </ol>
        )}
        <p className="font-body-3xs">
          Checked {formatDateTime(ev.evaluatedAt)} under policy version {ev.policyVersion}; case version{' '}
          <code>{ev.caseVersionHash.slice(0, 16)}</code>.
        </p>
      </SummaryBoxContent>
    </SummaryBox>
  );
});

const Gates = memo(function Gates({ c, ev }: { c: CaseView; ev: GateEvaluation }) {
  return (
    <section aria-labelledby="gates-h">
      <h2 id="gates-h">Safeguards of Directive 15006.1</h2>
      {ev.gates.map((g) => (
        <section
          key={g.gate}
          id={`gate-${g.gate}`}
          aria-labelledby={`gate-${g.gate}-h`}
          className="border-top-1px border-base-lighter padding-top-2 margin-top-2"
          tabIndex={-1}
        >
          <h3 id={`gate-${g.gate}-h`} className="margin-top-0">
            {g.title} <GateTag status={g.status} />
          </h3>
          <p>
            <span className="text-bold">Directive clause{g.clauses.length > 1 ? 's' : ''}:</span>{' '}
            {g.clauses.join(', ')}
          </p>
          <p>{g.reason}</p>
          {g.status === 'unmet' && g.nextStep ? (
            <p>
              <strong>What to do:</strong> {g.nextStep}
            </p>
          ) : null}
          <GateFacts g={g} people={{ ...ev.people, ...c.people }} />
          {g.status === 'unmet' && c.status !== 'closed' ? <GateAction c={c} g={g} ev={ev} /> : null}
        </section>
      ))}
    </section>
  );
});

function pending(c: CaseView, kind: LiaisonRequestView['kind']) {
  return c.liaisonRequests.filter((r) => r.kind === kind && r.status === 'pending');
}

function LiaisonAction({ c, kind }: { c: CaseView; kind: LiaisonRequestView['kind'] }) {
  const { user, hasRole } = useSession();
  const open = pending(c, kind);
  const canRequest = hasRole('officer', 'supervisor', 'attorney');
  const canOob = hasRole('officer', 'supervisor');
  return (
    <>
      {open.map((r) => (
        <div key={r.id}>
          <p>
            A request to INTERPOL Washington ({KIND_LABELS[kind]}) was sent {formatDateTime(r.requestedAt)}{' '}
            and is due {formatDateTime(r.dueAt)}.{' '}
            {Date.parse(r.dueAt) < Date.now() ? <span className="rl-overdue">Overdue</span> : null}{' '}
            <a href="#liaison-requests-h">Its follow-ups, and how to follow it up or cancel it</a>.
          </p>
          {canOob ? <OutOfBandForm c={c} request={r} /> : null}
        </div>
      ))}
      {open.length === 0 ? (
        canRequest ? (
          <LiaisonRequestForm c={c} kind={kind} />
        ) : (
          <RoleNote
            action={`send requests to INTERPOL Washington (you are ${ROLE_LABELS[user?.role as Role] ?? 'signed in'})`}
            roles="officers, supervisors and agency attorneys"
          />
        )
      ) : !canOob && user?.role !== 'liaison' ? (
        <RoleNote action="record answers of INTERPOL Washington" roles="officers and supervisors" />
      ) : null}
    </>
  );
}

function GateAction({ c, g, ev }: { c: CaseView; g: GateResult; ev: GateEvaluation }) {
  const { hasRole } = useSession();
  switch (g.gate) {
    case 'G-VALIDITY':
      return (
        <>
          <SubjectLinks c={c} />
          <LiaisonAction c={c} kind="validity" />
        </>
      );
    case 'G-DOCS-REQUESTED':
      return <LiaisonAction c={c} kind="documentation" />;
    case 'G-DOCS-RECEIVED':
      // one form for the documentation request: under "requested" until it is sent, then here
      return ev.gates.some((x) => x.gate === 'G-DOCS-REQUESTED' && x.status === 'unmet') ? (
        <p>
          First <a href="#gate-G-DOCS-REQUESTED">request the underlying documentation</a>.
        </p>
      ) : (
        <>
          <MissingDocumentation c={c} g={g} />
          <LiaisonAction c={c} kind="documentation" />
        </>
      );
    case 'G-INDEPENDENT':
      return (
        <p>
          <a href="#record-basis">Correct the independent basis</a> (what it supports, its kind of ground and
          the legal authority) in the record below.
        </p>
      );
    case 'G-USE-AUTH':
      return <LiaisonAction c={c} kind="use_authorization" />;
    case 'G-LANGUAGE':
      return <WordingAction c={c} g={g} />;
    case 'G-REVIEW':
      return (
        <p>
          <Link className="usa-button" to={`/cases/${c.id}/review`}>
            Go to the preliminary review
          </Link>{' '}
          <Link className="usa-button usa-button--outline" to={`/cases/${c.id}/facts`}>
            Screening facts
          </Link>
        </p>
      );
    case 'G-LEGAL-REVIEW':
      return <LegalReviewAction c={c} g={g} />;
    case 'G-APPROVAL':
      return hasRole('supervisor') ? (
        <p>
          <Link className="usa-button" to={`/cases/${c.id}/approval`}>
            Go to the approval screen
          </Link>
        </p>
      ) : (
        <p className="usa-hint">
          Approval is for a supervisor who neither opened the case nor is its assigned officer. Ask one to
          open this case's approval screen.
        </p>
      );
    case 'G-DISCLOSURE':
      return hasRole('officer', 'supervisor', 'attorney') ? (
        <Opener label="Record a service on the person">
          {(done) => <DisclosureForm c={c} onDone={done} />}
        </Opener>
      ) : (
        <RoleNote action="record service of the documentation" roles="officers, supervisors and attorneys" />
      );
    case 'G-CONTEST': {
      const undecided = c.contests.filter((k) => !k.decision);
      const exigencies = c.exigencies ?? [];
      const awaiting = exigencies.filter((e) => e.status === 'requested');
      return (
        <>
          {undecided.map((k) => (
            <div key={k.id}>
              <p>
                A contest filed {formatDateTime(k.filedAt)} raises {k.grounds?.length ?? 0} ground(s) and
                awaits the decision of an agency attorney independent of the case.
              </p>
              {hasRole('attorney') ? (
                <Opener label="Decide this contest">
                  {(done) => <ContestDecisionForm c={c} contestId={k.id} onDone={done} />}
                </Opener>
              ) : null}
            </div>
          ))}
          {hasRole('officer', 'supervisor', 'attorney') ? (
            <Opener label="Record a contest">{(done) => <ContestForm c={c} onDone={done} />}</Opener>
          ) : (
            <RoleNote action="record a contest" roles="officers, supervisors and attorneys" />
          )}
          <ExigencyPart c={c} />
          {awaiting.map((e) => (
            <div key={e.id}>
              <p>
                Exigency requested {formatDateTime(e.requestedAt)} by {personName(c, e.requestedBy)} for “
                {e.action}”: {e.reason}
              </p>
              {hasRole('director') ? (
                <Opener label="Decide this exigency">
                  {(done) => <ExigencyDecisionForm c={c} exigencyId={e.id} onDone={done} />}
                </Opener>
              ) : (
                <p className="usa-hint">The field office director decides it.</p>
              )}
            </div>
          ))}
        </>
      );
    }
    default:
      return null;
  }
}

/** Exigencies: reliance on the notice before the contest is over, decided by the field office director. */
function ExigencyPart({ c }: { c: CaseView }) {
  const { hasRole } = useSession();
  const exigencies = c.exigencies ?? [];
  const decided = exigencies.filter((e) => e.status !== 'requested');
  const awaiting = exigencies.some((e) => e.status === 'requested');
  return (
    <>
      {decided.map((e) => (
        <p key={e.id}>
          Exigency for “{e.action}” {e.status} by {personName(c, e.decidedBy)} on{' '}
          {formatDateTime(e.decidedAt)}: {e.decisionReason}
        </p>
      ))}
      {hasRole('officer', 'supervisor') && !awaiting ? (
        <Opener label="Request an exigency">{(done) => <ExigencyRequestForm c={c} onDone={done} />}</Opener>
      ) : null}
    </>
  );
}

function CaseActions({ c }: { c: CaseView }) {
  const { hasRole } = useSession();
  return (
    <section aria-labelledby="actions-h" className="margin-top-4">
      <h2 id="actions-h">Decide on the case</h2>
      <p>
        <Link to={`/cases/${c.id}/review`}>Open the preliminary review</Link>
        {' · '}
        <Link to={`/cases/${c.id}/facts`}>Screening facts</Link>
        {' · '}
        <Link to={`/cases/${c.id}/charges`}>Charges and penalties</Link>
        {hasRole('supervisor') ? (
          <>
            {' · '}
            <Link to={`/cases/${c.id}/approval`}>Open the approval screen</Link>
          </>
        ) : null}
      </p>
      {c.status === 'closed' ? (
        <p>The case is closed.</p>
      ) : hasRole('officer', 'supervisor') ? (
        <AuthorizeForm c={c} />
      ) : (
        <RoleNote action="authorize a case" roles="officers and supervisors" />
      )}
      {c.status !== 'closed' ? (
        hasRole('supervisor') ? (
          <CloseCaseForm c={c} />
        ) : (
          <RoleNote action="close a case" roles="supervisors" />
        )
      ) : null}
    </section>
  );
}

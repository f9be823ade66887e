/**
 * A contest filed by the person or their counsel through the counsel portal. It is the workflow's own
 * contest (contest/record.ts#recordContest): the same checks, the same audit entry (`contest.record`, with
 * source "portal"), the same effect on an authorization, decided by an attorney in the same way. The case
 * is the one the portal session's access names; the receipt carries a reference number.
 *
 * Supporting documents: the contest's id is returned with the receipt; stored uploads attach to a
 * contest by that id (see docs/portal.md, "Supporting documents").
 */
import { randomBytes } from 'node:crypto';
import type { ContestGround } from '../../domain/types.ts';
import type { PortalContactJson } from '../../store/schema.ts';
import { recordContest } from '../contest/record.ts';
import type { AppContext } from '../context.ts';
import { type FieldProblem, invalid } from '../errors.ts';
import { type PortalCallMeta, type PortalSession, portalCall } from './session.ts';

export interface PortalContestInput {
  grounds: ContestGround[];
  contact: {
    name: string;
    role: 'person' | 'counsel';
    email?: string | null;
    phone?: string | null;
    address?: string | null;
  };
}

const REF_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A receipt reference, e.g. `C-7KQ2-M9XD` (C for a contest, F for a CCF report). */
export function receiptReference(prefix: 'C' | 'F'): string {
  const b = randomBytes(8);
  let s = '';
  for (let i = 0; i < 8; i++) s += REF_ALPHABET[b[i]! & 31];
  return `${prefix}-${s.slice(0, 4)}-${s.slice(4)}`;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function checkContact(contact: PortalContestInput['contact'] | undefined, fields: FieldProblem[]) {
  if (!contact?.name?.trim())
    fields.push({
      field: 'contact.name',
      code: 'name_required',
      message: 'Enter the name of the person filing.',
    });
  if (contact?.role !== 'person' && contact?.role !== 'counsel')
    fields.push({
      field: 'contact.role',
      code: 'role_required',
      message: 'Say whether you are the person or their counsel.',
    });
  const email = contact?.email?.trim() || null;
  const phone = contact?.phone?.trim() || null;
  const address = contact?.address?.trim() || null;
  if (!email && !phone && !address)
    fields.push({
      field: 'contact.email',
      code: 'contact_required',
      message:
        'Give at least one way to reach you: an e-mail address, a telephone number or a postal address.',
    });
  if (email && !EMAIL.test(email))
    fields.push({
      field: 'contact.email',
      code: 'email_invalid',
      message: 'Enter an e-mail address such as name@example.org.',
    });
}

export async function filePortalContest(
  app: AppContext,
  session: PortalSession,
  meta: PortalCallMeta,
  input: PortalContestInput,
): Promise<{ id: string; reference: string; filedAt: string }> {
  const fields: FieldProblem[] = [];
  if (!input.grounds?.length)
    fields.push({
      field: 'grounds',
      code: 'grounds_required',
      message: 'Choose at least one ground and say, for each, why it applies.',
    });
  input.grounds?.forEach((g, i) => {
    if (!g?.statement?.trim())
      fields.push({
        field: `grounds.${i}.statement`,
        code: 'statement_required',
        message: 'Say why this ground applies, in your own words.',
      });
  });
  checkContact(input.contact, fields);
  if (fields.length) throw invalid('The contest could not be filed.', fields);
  const contact: PortalContactJson = {
    name: input.contact.name.trim(),
    role: input.contact.role,
    email: input.contact.email?.trim() || null,
    phone: input.contact.phone?.trim() || null,
    address: input.contact.address?.trim() || null,
  };
  const reference = receiptReference('C');
  const filedAt = app.clock();
  const { id } = await recordContest(portalCall(app, session, meta), session.caseId, {
    filedBy: `${contact.name} (${contact.role === 'counsel' ? 'counsel' : 'the person'}, through the portal)`,
    grounds: input.grounds,
    filedAt,
    portal: { accessId: session.accessId, contact, reference },
  });
  return { id, reference, filedAt: filedAt.toISOString() };
}

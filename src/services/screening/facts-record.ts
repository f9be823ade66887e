/** Recording screening facts on a case (versioned, each with its source); the case is screened again. */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { caseFactsSchema } from '../../domain/screening/index.ts';
import { type Call, runAction } from '../context.ts';
import { type FieldProblem, invalid, ServiceError } from '../errors.ts';
import { loadCaseForAction } from '../snapshot.ts';
import { latestStoredFacts } from './input.ts';
import { type RescreenOutcome, rescreenCase, rescreenDetail } from './rescreen.ts';

// ---------------------------------------------------------------------------
// Recording facts (with provenance).
// ---------------------------------------------------------------------------

export function unwrap(schema: z.ZodType): z.ZodType {
  let s = schema;
  while (s instanceof z.ZodOptional || s instanceof z.ZodNullable) s = s.unwrap() as z.ZodType;
  return s;
}

export function sameFact(a: unknown, b: unknown): boolean {
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(strip);
    if (v && typeof v === 'object') {
      const o: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v).sort(([p], [q]) => (p < q ? -1 : 1)))
        if (k !== 'source') o[k] = strip(x);
      return o;
    }
    return v;
  };
  return JSON.stringify(strip(a)) === JSON.stringify(strip(b));
}

/**
 * True when an object states something itself (a value, or "known: none" as an empty list), rather
 * than only holding facts that each name their own source.
 */
function statesFactsOfItsOwn(v: Record<string, unknown>): boolean {
  return Object.entries(v).some(
    ([k, x]) =>
      k !== 'source' &&
      x !== undefined &&
      (x === null ||
        typeof x !== 'object' ||
        (Array.isArray(x) && (x.length === 0 || x.some((e) => !e || typeof e !== 'object')))),
  );
}

/**
 * Stamps who recorded each fact and checks it names its source document. A fact object that can
 * carry a source must name a document, itself or through the fact that contains it. A fact unchanged
 * since the previous version keeps its recorder; a new or changed one is recorded by `by`.
 */
export function stampProvenance(
  schema: z.ZodType,
  value: unknown,
  prev: unknown,
  path: string,
  inheritedDoc: string | undefined,
  by: string,
  fields: FieldProblem[],
): unknown {
  const s = unwrap(schema);
  if (s instanceof z.ZodArray && Array.isArray(value))
    return value.map((v, i) =>
      stampProvenance(
        s.element as z.ZodType,
        v,
        Array.isArray(prev) ? prev[i] : undefined,
        `${path}.${i}`,
        inheritedDoc,
        by,
        fields,
      ),
    );
  if (!(s instanceof z.ZodObject) || !value || typeof value !== 'object') return value;
  const shape = s.shape as Record<string, z.ZodType>;
  const v = value as Record<string, unknown>;
  const p = (prev && typeof prev === 'object' ? prev : {}) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  let doc = inheritedDoc;
  if ('source' in shape) {
    const src = (v.source ?? {}) as {
      document?: string;
      documentId?: string;
      reportedBy?: string;
      recordedBy?: string;
    };
    doc = src.document ?? src.reportedBy ?? inheritedDoc;
    if (!doc && statesFactsOfItsOwn(v))
      fields.push({
        field: `${path}.source.document`,
        message: 'Name the document this fact comes from, or who reported it.',
      });
    const prevSrc = p.source as { recordedBy?: string } | undefined;
    const recordedBy =
      prev !== undefined && sameFact(v, prev) && prevSrc?.recordedBy ? prevSrc.recordedBy : by;
    out.source = {
      ...(src.document ? { document: src.document } : {}),
      ...(src.documentId ? { documentId: src.documentId } : {}),
      ...(src.reportedBy ? { reportedBy: src.reportedBy } : {}),
      recordedBy,
    };
  }
  for (const [k, x] of Object.entries(v)) {
    if (k === 'source') continue;
    out[k] = shape[k] ? stampProvenance(shape[k], x, p[k], `${path}.${k}`, doc, by, fields) : x;
  }
  return out;
}

/** Every `source.documentId` in the facts, with its path. */
function documentIds(value: unknown, path: string, out: Array<{ id: string; path: string }> = []) {
  if (Array.isArray(value)) for (const [i, v] of value.entries()) documentIds(v, `${path}.${i}`, out);
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) {
      if (
        k === 'source' &&
        v &&
        typeof v === 'object' &&
        typeof (v as { documentId?: unknown }).documentId === 'string'
      )
        out.push({ id: (v as { documentId: string }).documentId, path: `${path}.source.documentId` });
      else documentIds(v, `${path}.${k}`, out);
    }
  return out;
}

export function zodFields(error: z.ZodError, prefix: string): FieldProblem[] {
  return error.issues.map((i) => ({
    field: [prefix, ...i.path.map(String)].join('.'),
    message: i.message,
  }));
}
/**
 * Records the screening facts of a case as a new version (the whole set replaces the previous one)
 * and screens the case again.
 */
export async function recordCaseFacts(
  call: Call,
  caseId: string,
  input: { facts: unknown; note?: string | null },
): Promise<{ version: number; screening: RescreenOutcome }> {
  return runAction(
    call,
    { action: 'screening.facts.record', permission: 'screening.facts.record', entityType: 'case_facts' },
    async (trx, audit, now) => {
      audit.caseId = caseId;
      const row = await loadCaseForAction(trx, call, caseId, { lock: true });
      if (row.status === 'closed')
        throw new ServiceError(409, 'case_closed', 'The case is closed; its facts cannot change.');
      const parsed = caseFactsSchema.safeParse(input.facts ?? {});
      if (!parsed.success)
        throw invalid('The facts could not be recorded.', zodFields(parsed.error, 'facts'));
      if (parsed.data.documentsOnFile !== undefined)
        throw invalid('The facts could not be recorded.', [
          {
            field: 'facts.documentsOnFile',
            message:
              'The documents on file come from the documents on the case: add the document to the case instead of typing it here.',
          },
        ]);
      const prev = await latestStoredFacts(trx, caseId);
      const fields: FieldProblem[] = [];
      const by = call.actor.username;
      const facts = stampProvenance(
        caseFactsSchema,
        parsed.data,
        prev?.facts,
        'facts',
        undefined,
        by,
        fields,
      );
      const ids = documentIds(facts, 'facts');
      if (ids.length) {
        const known = new Set(
          (
            await trx
              .selectFrom('documents')
              .select('id')
              .where('case_id', '=', caseId)
              .where(
                'id',
                'in',
                ids.map((x) => x.id),
              )
              .execute()
          ).map((r) => r.id),
        );
        for (const x of ids)
          if (!known.has(x.id))
            fields.push({ field: x.path, message: 'Choose one of the documents on this case.' });
      }
      if (fields.length) throw invalid('The facts could not be recorded.', fields);
      const version = (prev?.version ?? 0) + 1;
      const id = randomUUID();
      await trx
        .insertInto('case_facts')
        .values({
          id,
          case_id: caseId,
          version,
          facts: JSON.stringify(facts),
          note: input.note ?? null,
          recorded_by: call.actor.userId,
          recorded_by_name: by,
          recorded_at: now,
        })
        .execute();
      const screening = await rescreenCase(trx, caseId, now, 'facts_recorded');
      audit.entityId = id;
      audit.before = prev ? { version: prev.version, facts: prev.facts } : null;
      audit.after = { version, facts };
      audit.detail = { version, sections: Object.keys(parsed.data), screening: rescreenDetail(screening) };
      return { version, screening };
    },
  );
}

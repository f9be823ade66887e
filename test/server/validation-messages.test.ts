import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { installPlainValidationMessages } from '../../src/server/validation-messages.ts';

installPlainValidationMessages();

const schema = z.strictObject({
  note: z.string().min(1).max(10),
  longer: z.string().min(8).optional(),
  outcome: z.enum(['granted', 'denied']),
  months: z.number().int().min(0).max(600).optional(),
  on: z.iso.date().optional(),
  id: z.uuid().optional(),
  documents: z.array(z.string()).min(1).max(2).optional(),
  explained: z.string().min(1, 'Explain the decision.').optional(),
});

function messages(input: unknown): Record<string, string> {
  const r = schema.safeParse(input);
  expect(r.success).toBe(false);
  if (r.success) return {};
  return Object.fromEntries(r.error.issues.map((i) => [i.path.join('.') || '(body)', i.message]));
}

describe('plain-language validation messages', () => {
  it('says what to enter, not what the parser expected', () => {
    expect(messages({ note: '', outcome: 'maybe' })).toEqual({
      note: 'Required: enter a value.',
      outcome: 'Choose one of: granted, denied.',
    });
    expect(messages({ outcome: 'granted' })).toEqual({ note: 'Required: enter a value.' });
    expect(messages({ note: 'x'.repeat(11), outcome: 'granted', longer: 'short' })).toEqual({
      note: 'Use 10 characters or fewer.',
      longer: 'Enter at least 8 characters.',
    });
  });

  it('covers numbers, dates, identifiers, lists and unknown fields', () => {
    expect(
      messages({
        note: 'n',
        outcome: 'denied',
        months: 601,
        on: '2026-02-30',
        id: 'nope',
        documents: [],
        extra: 1,
      }),
    ).toEqual({
      months: 'Enter 600 or less.',
      on: 'Enter a real date as YYYY-MM-DD.',
      id: 'Use an identifier as the system gave it (a UUID).',
      documents: 'Give at least one.',
      '(body)': 'Remove the field this form does not take: extra.',
    });
    expect(messages({ note: 3, outcome: 'denied', months: 'ten' })).toEqual({
      note: 'Enter text.',
      months: 'Enter a number.',
    });
  });

  it('keeps a message written on the schema itself', () => {
    expect(messages({ note: 'n', outcome: 'denied', explained: '' })).toEqual({
      explained: 'Explain the decision.',
    });
  });
});

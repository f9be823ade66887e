// Plain-language messages for request validation. Zod's own messages ("Too small: expected string to have
// >=1 characters") are written for developers; the people who read these errors are officers and liaison
// staff filling in forms, so every message says what to do. A message written on a schema itself wins.
import { z } from 'zod';

const list = (values: readonly unknown[]) => values.map((v) => String(v)).join(', ');

const FORMATS: Record<string, string> = {
  uuid: 'Use an identifier as the system gave it (a UUID).',
  guid: 'Use an identifier as the system gave it (a UUID).',
  email: 'Enter an e-mail address, for example name@agency.gov.',
  datetime: 'Enter a date and time with its time zone, for example 2026-11-20T14:30:00Z.',
  date: 'Enter a real date as YYYY-MM-DD.',
  time: 'Enter a time as HH:MM.',
  url: 'Enter a web address starting with https://.',
};

/** The message for one validation issue, or undefined to keep Zod's. Exported for its tests. */
export function plainMessage(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type': {
      if (issue.input === undefined || issue.input === null) return 'Required: enter a value.';
      const expected = String(issue.expected);
      if (expected === 'string') return 'Enter text.';
      if (expected === 'number' || expected === 'int') return 'Enter a number.';
      if (expected === 'boolean') return 'Answer yes or no (true or false).';
      if (expected === 'array') return 'Give a list.';
      if (expected === 'object') return 'Give the details as an object.';
      return `Expected ${expected}.`;
    }
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string')
        return min <= 1 ? 'Required: enter a value.' : `Enter at least ${min} characters.`;
      if (issue.origin === 'array' || issue.origin === 'set')
        return min <= 1 ? 'Give at least one.' : `Give at least ${min}.`;
      if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint')
        return issue.inclusive === false ? `Enter a number greater than ${min}.` : `Enter ${min} or more.`;
      return undefined;
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'string') return `Use ${max} characters or fewer.`;
      if (issue.origin === 'array' || issue.origin === 'set') return `Give ${max} or fewer.`;
      if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint')
        return issue.inclusive === false ? `Enter a number less than ${max}.` : `Enter ${max} or less.`;
      if (issue.origin === 'file') return `The file is too large (limit ${max} bytes).`;
      return undefined;
    }
    case 'invalid_value':
      return issue.values.length === 1
        ? `Must be ${String(issue.values[0])}.`
        : `Choose one of: ${list(issue.values)}.`;
    case 'invalid_format':
      if (issue.format === 'regex') return 'Is not in the expected format.';
      return FORMATS[issue.format] ?? `Is not a valid ${issue.format}.`;
    case 'unrecognized_keys':
      return `Remove ${issue.keys.length === 1 ? 'the field' : 'the fields'} this form does not take: ${list(issue.keys)}.`;
    case 'not_multiple_of':
      return `Enter a multiple of ${String(issue.divisor)}.`;
    case 'invalid_union':
      return 'Is not in any of the accepted forms.';
    default:
      return undefined;
  }
}

let installed = false;
/** Installs the messages for every schema in this process (idempotent). */
export function installPlainValidationMessages(): void {
  if (installed) return;
  installed = true;
  z.config({ customError: (issue) => plainMessage(issue) });
}

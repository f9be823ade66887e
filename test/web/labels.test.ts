import { describe, expect, it } from 'vitest';
import { historyWhen } from '../../src/web/case/history-when.ts';
import { countryName, languageName, plainValue } from '../../src/web/components/labels.ts';

describe('plain labels in the browser', () => {
  it('names countries, languages and indicators instead of codes and ids', () => {
    expect(countryName('HU')).toBe('Hungary');
    expect(languageName('ru')).toBe('Russian');
    expect(languageName('tg')).toBe('Tajik');
    expect(plainValue('issuingCountry', 'TJ')).toBe('Tajikistan');
    expect(plainValue('indicatorsFound', 'IND_ART3_POLITICAL_CHARACTER')).toBe(
      'Charges or context predominantly political',
    );
    // A two-letter value under another key stays as it is.
    expect(plainValue('status', 'OK')).toBe('OK');
  });

  it('shows a group of repeated history entries with its count and time range', () => {
    const fmt = (iso: string) =>
      new Date(iso).toLocaleString('en-US', {
        year: 'numeric',
        month: 'short',
        day: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        timeZone: 'UTC',
        timeZoneName: 'short',
      });
    expect(historyWhen({ at: '2026-06-01T12:00:00Z', count: 1, lastAt: null }, fmt)).not.toMatch(/times/);
    const g = historyWhen({ at: '2026-06-01T12:00:00Z', count: 10, lastAt: '2026-06-01T14:30:00Z' }, fmt);
    expect(g).toMatch(/^10 times, .*2026.* to \d{2}:30/);
  });
});

import { describe, expect, it } from 'vitest';
import {
  checkText,
  cleanStrings,
  MAX_NESTING,
  storableText,
  storableValue,
} from '../../src/domain/text-rules.ts';

describe('checkText', () => {
  it('refuses an unpaired surrogate in any field, and keeps a pair', () => {
    expect(checkText('a\ud800b', 'line')).toMatchObject({ ok: false, rule: 'TEXT-WELL-FORMED' });
    expect(checkText('a\udc00', 'free')).toMatchObject({ ok: false, rule: 'TEXT-WELL-FORMED' });
    expect(checkText('a😀b', 'line')).toEqual({ ok: true, value: 'a😀b' });
  });

  it('refuses NUL and other controls; a free text keeps LF and tab and turns CR LF, CR, U+2028 into LF', () => {
    expect(checkText('a\u0000b', 'free')).toMatchObject({ ok: false, rule: 'TEXT-CONTROL' });
    expect(checkText('a\u0085b', 'free')).toMatchObject({ ok: false, rule: 'TEXT-CONTROL' });
    expect(checkText('a\u007fb', 'line')).toMatchObject({ ok: false, rule: 'TEXT-CONTROL' });
    expect(checkText('one\r\ntwo\rthree\u2028four\tfive', 'free')).toEqual({
      ok: true,
      value: 'one\ntwo\nthree\nfour\tfive',
    });
    expect(checkText('one\ntwo', 'line')).toMatchObject({ ok: false, rule: 'TEXT-ONE-LINE' });
    expect(checkText('one\ttwo', 'line')).toMatchObject({ ok: false, rule: 'TEXT-ONE-LINE' });
  });

  it('refuses every direction control in a line, only the overrides in a free text', () => {
    for (const c of [
      '\u202a',
      '\u202b',
      '\u202c',
      '\u202d',
      '\u202e',
      '\u2066',
      '\u2067',
      '\u2068',
      '\u2069',
    ])
      expect(checkText(`Ali${c}ce`, 'line')).toMatchObject({ ok: false, rule: 'TEXT-BIDI' });
    for (const c of ['\u200e', '\u200f', '\u061c', '\u200b', '\ufeff'])
      expect(checkText(`Ali${c}ce`, 'line')).toMatchObject({ ok: false, rule: 'TEXT-BIDI' });
    expect(checkText('txt.\u202eexe', 'free')).toMatchObject({ ok: false, rule: 'TEXT-BIDI' });
    expect(checkText('The court \u2067محكمة\u2069 ruled.', 'free')).toMatchObject({ ok: true });
    expect(checkText('نص\u200f', 'free')).toMatchObject({ ok: true });
    // ZWNJ stays: Persian names need it.
    expect(checkText('می\u200cخواهم', 'line')).toMatchObject({ ok: true });
  });

  it('stores NFC', () => {
    const r = checkText('Jose\u0301', 'line');
    expect(r).toEqual({ ok: true, value: 'José' });
    expect(r.ok && r.value.length).toBe(4);
  });
});

describe('cleanStrings', () => {
  it('names each bad field by its path, and decides the kind by the nearest property name', () => {
    const r = cleanStrings(
      {
        person: { familyName: 'A\u202eB', aliases: ['ok', 'x\u0000'] },
        narrative: 'a\r\nb',
        reason: 'x\ud800',
      },
      'body',
    );
    expect(r.problems.map((p) => [p.field, p.rule])).toEqual([
      ['body.person.familyName', 'TEXT-BIDI'],
      ['body.person.aliases.1', 'TEXT-CONTROL'],
      ['body.reason', 'TEXT-WELL-FORMED'],
    ]);
    const ok = cleanStrings({ narrative: 'a\r\nb', notes: ['c\rd'], familyName: 'Jose\u0301' }, 'body');
    expect(ok.problems).toEqual([]);
    expect(ok.value).toEqual({ narrative: 'a\nb', notes: ['c\nd'], familyName: 'José' });
  });

  it('checks object keys and refuses deep nesting', () => {
    expect(cleanStrings({ 'a\u0000': 1 }, 'body').problems[0]).toMatchObject({ rule: 'TEXT-CONTROL' });
    let deep: unknown = 'x';
    for (let i = 0; i < MAX_NESTING + 5; i++) deep = [deep];
    expect(cleanStrings({ a: deep }, 'body').problems[0]).toMatchObject({ rule: 'TEXT-NESTING' });
  });
});

describe('storableText (the audit trail)', () => {
  it('replaces what storage cannot hold, and is idempotent', () => {
    expect(storableText('a\ud800b\u0000c')).toBe('a\ufffdb\u2400c');
    expect(storableText('\ufeffabc')).toBe('abc');
    for (const s of ['a\ud800', '\u0000\ufeff\ufeffx', '\ufeff\u0000', 'plain'])
      expect(storableText(storableText(s))).toBe(storableText(s));
    expect(storableValue({ 'k\u0000': ['\udfff'] })).toEqual({ 'k\u2400': ['\ufffd'] });
  });
});

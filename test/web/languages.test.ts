import { describe, expect, it } from 'vitest';
import * as domain from '../../src/domain/languages.ts';
import * as web from '../../src/web/intake/languages.ts';

describe('the languages offered in the browser', () => {
  it('are the languages the server accepts, with the same labels', () => {
    expect(web.LANGUAGES).toEqual(domain.LANGUAGES);
  });

  it('read INTERPOL three-letter codes and names as the server does', () => {
    for (const v of ['ara', 'RUS', 'Tajik', 'farsi', 'tg', 'xx', ''])
      expect(web.languageCode(v)).toBe(domain.languageCode(v));
  });
});

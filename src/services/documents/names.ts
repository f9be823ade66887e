/**
 * The file name a person gave. Refused when it could do harm anywhere it is shown or used: a path
 * (`/`, `\`, `..`), control characters, bidirectional overrides and isolates (which make `evil‮fdp.exe`
 * read as `evilexe.pdf`), or an empty or over-long name. What is stored is a safe name built from it
 * (letters, digits, spaces and `._-()`), with the extension of the type detected from the content.
 */

export type NameProblem = { reason: string; rule: string };

// C0 and C1 controls and DEL.
// biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to find them
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// Bidirectional embeddings, overrides, isolates and marks; the Arabic letter mark.
const BIDI = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/;

export function fileNameProblem(name: string | undefined | null): NameProblem | null {
  if (name === undefined || name === null || name.trim() === '')
    return { reason: 'The file has no name.', rule: 'DOC-NAME' };
  if (CONTROL.test(name))
    return { reason: 'The file name contains control characters.', rule: 'DOC-NAME-CONTROL' };
  if (BIDI.test(name))
    return {
      reason: 'The file name contains right-to-left override or other direction-control characters.',
      rule: 'DOC-NAME-BIDI',
    };
  if (/[/\\]/.test(name) || name.split(/[/\\]/).some((p) => p === '..' || p === '.') || name.includes('..'))
    return { reason: 'The file name contains a path (/, \\ or ..).', rule: 'DOC-NAME-PATH' };
  if (Buffer.byteLength(name, 'utf8') > 255)
    return { reason: 'The file name is longer than 255 bytes.', rule: 'DOC-NAME' };
  return null;
}

/** The extension the name ends with, lower case, without the dot ('' when none). */
export const extensionOf = (name: string) => {
  const m = /\.([A-Za-z0-9]{1,10})$/.exec(name);
  return m ? m[1]!.toLowerCase() : '';
};

/** A name safe to store and to put in a Content-Disposition header, ending in the detected extension. */
export function safeFileName(name: string, ext: string): string {
  const base = name
    .normalize('NFKC')
    .replace(/\.[A-Za-z0-9]{1,10}$/, '')
    .replace(/[^\p{L}\p{N} ._()-]/gu, '_')
    .replace(/\s+/g, ' ')
    .replace(/_+/g, '_')
    .replace(/^[ ._-]+|[ ._-]+$/g, '')
    .slice(0, 100);
  return `${base || 'document'}.${ext}`;
}

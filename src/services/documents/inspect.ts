/**
 * What a file is, decided from its content only (never from its name or the type the browser declared),
 * and whether it may be stored. The allow-list: PDF, PNG, JPEG, TIFF, DOCX and plain UTF-8 text.
 *
 * - The type comes from `file-type` (magic numbers; DOCX by the entries of the ZIP container). No type and
 *   valid UTF-8 without control characters is plain text, unless it reads as HTML, SVG/XML or a script.
 * - Polyglots (a file that is also read as another type) are refused: markup in the first kilobyte that
 *   browsers sniff, a PDF header inside a non-PDF, a ZIP archive inside a non-ZIP, data after the end of a
 *   PDF (`%%EOF`), a PNG (`IEND`) or a JPEG (`FFD9`).
 * - A name whose extension is that of another known type (`warrant.pdf` that is HTML) is refused: the
 *   content decides the type, and a name that says otherwise is a disguise.
 * - PDFs with active content are refused: JavaScript, Launch, URI, SubmitForm/ImportData, GoToR/GoToE,
 *   embedded files, XFA forms, rich media. The PDF is parsed with `pdf-lib`, which reads every object
 *   (also those inside compressed object streams) whether or not the cross-reference table points at it;
 *   each dictionary is walked and its names decoded (`#xx` escapes in either case, which pdf-lib decodes only
 *   in upper case). Streams shaped like object streams that pdf-lib did not unpack are inflated and scanned,
 *   and the text outside streams is scanned for the same names, so a broken object cannot hide them.
 *   Encrypted PDFs and PDFs pdf-lib cannot read are refused: what cannot be inspected is not stored.
 * - DOCX with macros (`vbaProject.bin`), ActiveX controls or embedded objects is refused.
 */
import { fileTypeFromBuffer } from 'file-type';
import { decodePDFRawStream, PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream } from 'pdf-lib';
import type { FileRefusalReason } from '../../domain/portal-problems.ts';
import { extensionOf } from './names.ts';

export const ALLOWED_TYPES = {
  'application/pdf': { ext: 'pdf', exts: ['pdf'], label: 'PDF' },
  'image/png': { ext: 'png', exts: ['png'], label: 'PNG image' },
  'image/jpeg': { ext: 'jpg', exts: ['jpg', 'jpeg', 'jpe'], label: 'JPEG image' },
  'image/tiff': { ext: 'tif', exts: ['tif', 'tiff'], label: 'TIFF image' },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': {
    ext: 'docx',
    exts: ['docx'],
    label: 'Word document (DOCX)',
  },
  'text/plain': { ext: 'txt', exts: ['txt', 'text', 'csv', 'md', 'log'], label: 'plain text' },
} as const;
export type AllowedMime = keyof typeof ALLOWED_TYPES;

/** Extensions of types other than the detected one that a name must not carry. */
const KNOWN_EXTENSIONS = new Set([
  ...Object.values(ALLOWED_TYPES).flatMap((t) => t.exts),
  ...['html', 'htm', 'xhtml', 'shtml', 'svg', 'svgz', 'xml', 'js', 'mjs', 'cjs', 'jsx', 'ts', 'json'],
  ...['exe', 'dll', 'com', 'scr', 'msi', 'bat', 'cmd', 'ps1', 'vbs', 'wsf', 'sh', 'jar', 'apk', 'app'],
  ...[
    'zip',
    'rar',
    '7z',
    'gz',
    'doc',
    'docm',
    'xls',
    'xlsx',
    'xlsm',
    'ppt',
    'pptx',
    'rtf',
    'gif',
    'bmp',
    'webp',
  ],
  ...['php', 'asp', 'aspx', 'jsp', 'py', 'rb', 'pl', 'swf', 'hta', 'lnk', 'iso', 'dmg', 'heic'],
]);

export type Inspection =
  | { ok: true; mime: AllowedMime; ext: string; label: string }
  | { ok: false; reason: FileRefusalReason; rule: string; message: string };

const refuse = (reason: FileRefusalReason, rule: string, message: string): Inspection => ({
  ok: false,
  reason,
  rule,
  message,
});

const latin1 = (b: Buffer) => b.toString('latin1');

export async function inspectFile(bytes: Buffer, name: string): Promise<Inspection> {
  if (bytes.length === 0) return refuse('empty', 'DOC-EMPTY', 'The file is empty.');
  const detected = await fileTypeFromBuffer(bytes);
  let mime: AllowedMime;
  if (!detected) {
    const text = textProblem(bytes);
    if (text) return text;
    mime = 'text/plain';
  } else if (detected.mime in ALLOWED_TYPES) {
    mime = detected.mime as AllowedMime;
  } else {
    return refuse(
      'type_not_allowed',
      'DOC-TYPE',
      `The file's content is ${describeType(detected.ext)}, which is not accepted. Accepted: PDF, PNG, JPEG, TIFF, DOCX and plain text.`,
    );
  }
  const type = ALLOWED_TYPES[mime];

  const ext = extensionOf(name);
  if (ext && KNOWN_EXTENSIONS.has(ext) && !(type.exts as readonly string[]).includes(ext))
    return refuse(
      'name_mismatch',
      'DOC-TYPE-NAME',
      `The file's content is ${type.label}, but its name ends in .${ext}. Rename it or upload the right file.`,
    );

  const poly = polyglotProblem(bytes, mime);
  if (poly) return poly;
  if (mime === 'application/pdf') {
    const pdf = await pdfProblem(bytes);
    if (pdf) return pdf;
  }
  if (mime === 'application/vnd.openxmlformats-officedocument.wordprocessingml.document') {
    const raw = latin1(bytes);
    if (/vbaProject\.bin|vbaData\.xml/i.test(raw))
      return refuse('docx_macros', 'DOC-ACTIVE', 'The Word document contains macros.');
    if (/word\/activeX\//i.test(raw))
      return refuse('docx_activex', 'DOC-ACTIVE', 'The Word document contains ActiveX controls.');
    if (/word\/embeddings\//i.test(raw))
      return refuse('docx_embedded', 'DOC-ACTIVE', 'The Word document contains embedded files or objects.');
  }
  return { ok: true, mime, ext: type.ext, label: type.label };
}

function describeType(ext: string): string {
  const names: Record<string, string> = {
    exe: 'a Windows program (executable)',
    elf: 'a Linux program (executable)',
    macho: 'a macOS program (executable)',
    xml: 'XML (or SVG)',
    zip: 'a ZIP archive',
    gif: 'a GIF image',
    html: 'HTML',
  };
  return names[ext] ?? `a .${ext} file`;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters mark binary content
const BINARY = /[\u0000-\u0008\u000b\u000e-\u001f\u007f]/;
const MARKUP =
  /<\s*(!doctype|html|head|body|script|svg|iframe|frame|object|embed|meta|link|style|img|a\s|form|\?xml|\?php|%)/i;
/** Markup in the first kilobyte of a binary file: what a browser sniffing it would take for a page. */
const HEAD_MARKUP = /<\s*(!doctype|html|head|body|script|svg|iframe|frame|object|embed|meta|\?php)\b/i;
const SCRIPT = [
  /^\s*#!/,
  /\b(eval|setTimeout|setInterval|Function|alert|fetch|require)\s*\(/,
  /\b(document|window)\.(location|cookie|write|createElement|body|open)\b/,
  /\bfunction\s*[\w$]*\s*\([^)]*\)\s*\{/,
  /=>\s*[{(]/,
  /\b(var|let|const)\s+[\w$]+\s*=/,
  /\bmodule\.exports\b|\bimport\s+[\w{*][^;\n]*\sfrom\s+['"]/,
  /\bjavascript:/i,
];

/** Plain text: UTF-8, no control characters, not HTML, SVG/XML or a script. */
function textProblem(bytes: Buffer): Inspection | null {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return refuse(
      'type_unknown',
      'DOC-TYPE',
      'The file is of a type that could not be recognised, and it is not UTF-8 text.',
    );
  }
  if (BINARY.test(text))
    return refuse(
      'type_unknown',
      'DOC-TYPE',
      'The file contains binary data: it is not plain text and its type could not be recognised.',
    );
  if (MARKUP.test(text))
    return refuse(
      'text_markup',
      'DOC-TEXT-ACTIVE',
      'The text file contains HTML, SVG or XML markup, which is not accepted as plain text.',
    );
  if (SCRIPT.some((r) => r.test(text)))
    return refuse(
      'text_script',
      'DOC-TEXT-ACTIVE',
      'The text file reads as a program (script), which is not accepted as plain text.',
    );
  if (text.includes('%PDF-'))
    return refuse(
      'polyglot',
      'DOC-POLYGLOT',
      'The file is also read as another type (it contains a PDF header).',
    );
  return null;
}

const has = (raw: string, s: string) => raw.includes(s);

function polyglotProblem(bytes: Buffer, mime: AllowedMime): Inspection | null {
  if (mime === 'text/plain') return null; // checked in textProblem
  const poly = (what: string) =>
    refuse('polyglot', 'DOC-POLYGLOT', `The file is also read as another type: ${what}. It is not accepted.`);
  const head = latin1(bytes.subarray(0, 1024));
  if (HEAD_MARKUP.test(head))
    return poly('it carries HTML or SVG markup at its start, which browsers would run');
  const raw = latin1(bytes);
  if (mime !== 'application/pdf' && has(raw, '%PDF-')) return poly('it contains a PDF');
  if (
    mime !== 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' &&
    has(raw, 'PK\u0003\u0004') &&
    has(raw, 'PK\u0005\u0006')
  )
    return poly('it contains a ZIP archive');
  if (mime === 'application/pdf') {
    const end = raw.lastIndexOf('%%EOF');
    if (end < 0) return poly('it has no end-of-file marker (%%EOF)');
    if (/[^\s\0]/.test(raw.slice(end + 5))) return poly('it has data after the end of the PDF');
  }
  if (mime === 'image/png') {
    const iend = raw.lastIndexOf('IEND');
    if (iend < 0 || bytes.length > iend + 8) return poly('it has data after the end of the PNG image');
  }
  if (mime === 'image/jpeg') {
    let n = bytes.length;
    while (n > 0 && bytes[n - 1] === 0) n--;
    if (n < 2 || bytes[n - 2] !== 0xff || bytes[n - 1] !== 0xd9)
      return poly('it has data after the end of the JPEG image');
  }
  if (mime === 'application/vnd.openxmlformats-officedocument.wordprocessingml.document') {
    const eocd = raw.lastIndexOf('PK\u0005\u0006');
    if (eocd < 0 || eocd + 22 > bytes.length) return poly('its ZIP container is not complete');
    const commentLength = bytes.readUInt16LE(eocd + 20);
    if (eocd + 22 + commentLength !== bytes.length)
      return poly('it has data after the end of the ZIP container');
  }
  return null;
}

/** PDF name tokens that mean active content, and what each is called in a refusal. */
const ACTIVE_KEYS: Record<string, [FileRefusalReason, string]> = {
  JS: ['pdf_javascript', 'JavaScript'],
  JavaScript: ['pdf_javascript', 'JavaScript'],
  EmbeddedFile: ['pdf_embedded_file', 'an embedded file'],
  EmbeddedFiles: ['pdf_embedded_file', 'an embedded file'],
  EF: ['pdf_embedded_file', 'an embedded file'],
  XFA: ['pdf_xfa', 'an XFA form'],
  RichMedia: ['pdf_rich_media', 'rich media (Flash or video that runs)'],
};
const ACTIVE_ACTIONS: Record<string, [FileRefusalReason, string]> = {
  JavaScript: ['pdf_javascript', 'JavaScript'],
  Launch: ['pdf_launch', 'a launch action (it would start a program or open a file)'],
  URI: ['pdf_uri', 'a URI action (it would open a web address)'],
  SubmitForm: ['pdf_submit', 'a form submission action'],
  ImportData: ['pdf_import', 'a data import action'],
  GoToR: ['pdf_remote', 'an action that opens another file'],
  GoToE: ['pdf_remote', 'an action that opens an embedded file'],
  RichMediaExecute: ['pdf_rich_media', 'rich media (Flash or video that runs)'],
};
/** Names that in the text outside streams are enough to refuse. */
const RAW_NAMES: Record<string, [FileRefusalReason, string]> = {
  ...ACTIVE_KEYS,
  Launch: ACTIVE_ACTIONS.Launch!,
  URI: ACTIVE_ACTIONS.URI!,
  SubmitForm: ACTIVE_ACTIONS.SubmitForm!,
  ImportData: ACTIVE_ACTIONS.ImportData!,
  GoToR: ACTIVE_ACTIONS.GoToR!,
  GoToE: ACTIVE_ACTIONS.GoToE!,
  RichMediaExecute: ACTIVE_ACTIONS.RichMediaExecute!,
};

/** A PDF name as written (`/J#61vaScript`) as it is meant (`JavaScript`): #xx in either case. */
const decodeName = (encoded: string) =>
  encoded
    .replace(/^\//, '')
    .replace(/#([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16)));

const activeRefusal = ([reason, what]: [FileRefusalReason, string]) =>
  refuse(reason, 'DOC-PDF-ACTIVE', `The PDF contains ${what}. PDFs with active content are not accepted.`);

function scanNames(text: string): Inspection | null {
  for (const m of text.matchAll(/\/([^\s/<>[\]{}()%]+)/g)) {
    const hit = RAW_NAMES[decodeName(m[1]!)];
    if (hit) return activeRefusal(hit);
  }
  return null;
}

async function pdfProblem(bytes: Buffer): Promise<Inspection | null> {
  // The text outside stream bodies: every dictionary of an uncompressed object, parsed or not.
  const outside = latin1(bytes).replace(/stream\r?\n[\s\S]*?endstream/g, ' ');
  const raw = scanNames(outside);
  if (raw) return raw;
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(bytes, {
      ignoreEncryption: true,
      throwOnInvalidObject: true,
      updateMetadata: false,
    });
  } catch {
    return refuse(
      'pdf_unreadable',
      'DOC-PDF-UNREADABLE',
      'The PDF could not be read, so it could not be checked for active content.',
    );
  }
  if (doc.isEncrypted)
    return refuse(
      'pdf_encrypted',
      'DOC-PDF-UNREADABLE',
      'The PDF is encrypted, so it could not be checked for active content.',
    );
  let found: Inspection | null = null;
  const seen = new Set<unknown>();
  const walk = (obj: unknown, depth: number): void => {
    if (found || depth > 64 || seen.has(obj)) return;
    seen.add(obj);
    if (obj instanceof PDFRawStream) {
      walk(obj.dict, depth + 1);
      const d = obj.dict;
      const looksLikeObjectStream = d.has(PDFName.of('N')) && d.has(PDFName.of('First'));
      if (!found && looksLikeObjectStream) {
        try {
          found = scanNames(latin1(Buffer.from(decodePDFRawStream(obj).decode())));
        } catch {
          found = refuse(
            'pdf_unreadable',
            'DOC-PDF-UNREADABLE',
            'A compressed part of the PDF could not be read, so it could not be checked for active content.',
          );
        }
      }
      return;
    }
    if (obj instanceof PDFDict) {
      for (const [key, value] of obj.entries()) {
        const k = decodeName(key.asString());
        const keyHit = ACTIVE_KEYS[k];
        if (keyHit) {
          found = activeRefusal(keyHit);
          return;
        }
        if (k === 'S' && value instanceof PDFName) {
          const actionHit = ACTIVE_ACTIONS[decodeName(value.asString())];
          if (actionHit) {
            found = activeRefusal(actionHit);
            return;
          }
        }
        if (k === 'Type' && value instanceof PDFName && decodeName(value.asString()) === 'EmbeddedFile') {
          found = activeRefusal(ACTIVE_KEYS.EmbeddedFile!);
          return;
        }
        walk(value, depth + 1);
      }
      return;
    }
    if (obj instanceof PDFArray) for (const v of obj.asArray()) walk(v, depth + 1);
  };
  for (const [, obj] of doc.context.enumerateIndirectObjects()) {
    walk(obj, 0);
    if (found) return found;
  }
  // The trailer (catalog, info) is reached through the objects above; nothing else can carry actions.
  return null;
}

/**
 * Draws a disclosure packet as a PDF (pdfkit) from its content: a cover sheet, the notice of rights in the
 * person's language, and one part per enclosed document: a separator page in the person's language followed
 * by the document itself (a stored PDF's pages copied in with pdf-lib, a PNG or JPEG image as a page scaled
 * to fit, each page of a TIFF as an image page (decoded with utif2), plain text and the text of a DOCX
 * (extracted with mammoth) set in the packet's fonts); then one page per document INTERPOL Washington withheld. Fonts are Noto from npm (Noto Sans for Latin and
 * Cyrillic, Noto Naskh Arabic for Arabic and Persian, Noto Sans SC for Chinese), embedded as subsets.
 * Right-to-left languages are laid out here: each line is broken in logical order, then its runs are put
 * in visual order with the Unicode bidirectional algorithm (bidi-js) and drawn from the right margin.
 * No I/O except reading the font files once.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import bidiModule, { type Bidi } from 'bidi-js';
import type { TFunction } from 'i18next';
import mammoth from 'mammoth';
import { PDFDocument as PdfLibDocument } from 'pdf-lib';
import PDFDocument from 'pdfkit';
import UTIF from 'utif2';
import { RTL_LANGUAGES } from './translations.ts';

const require = createRequire(import.meta.url);
// bidi-js is a CommonJS module whose export is the factory; its types declare it as the default export.
const bidiFactory = ((bidiModule as unknown as { default?: () => Bidi }).default ??
  bidiModule) as unknown as () => Bidi;
const bidi = bidiFactory();

/** A document the agency recorded that may be disclosed: enclosed in the packet. */
export interface EnclosedDocument {
  id: string;
  title: string;
  kind: string;
  language: string | null;
  /** YYYY-MM-DD */
  receivedOn: string;
  /** Where it came from, as recorded (e.g. INTERPOL Washington, the person's counsel). */
  source: string | null;
  /** The stored file (SHA-256 of its plaintext, detected type); null: recorded without a copy of the file. */
  file: { sha256: string; contentType: string } | null;
}

/** A document INTERPOL Washington restricted: the packet says what was withheld and why. */
export interface WithheldDocument {
  id: string;
  title: string;
  kind: string;
  reason: string;
}

/** An item INTERPOL Washington did not provide at all, with its reason. */
export interface MissingItem {
  item: string;
  reason: string;
}

/** Everything a packet says. Its canonical JSON is what the packet's SHA-256 covers. */
export interface PacketContent {
  language: string;
  /** SHA-256 of the translation file used. */
  translationSha256: string;
  /** True until a coordinator or attorney approved this exact translation file. */
  pendingReview: boolean;
  caseNumber: string;
  packetId: string;
  version: number;
  /** YYYY-MM-DD */
  date: string;
  personName: string;
  purpose: string;
  contestWindowDays: number;
  portalUrl: string;
  /** The counsel portal access code issued for this packet; null: the packet says how to get one. */
  accessCode: string | null;
  enclosed: EnclosedDocument[];
  withheld: WithheldDocument[];
  missing: MissingItem[];
}

/** Serialises with sorted keys, so that the same content always gives the same bytes. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value ?? null);
}

/** The packet's SHA-256: of the canonical JSON of its content (printed on the cover, kept in the audit). */
export function packetContentHash(content: PacketContent): string {
  return createHash('sha256').update(canonical(content)).digest('hex');
}

// ---------------------------------------------------------------------------------------------------------
// Fonts

const FONT_FILES = {
  latin: ['@embedpdf/fonts-latin', 'NotoSans-Regular.ttf'],
  latinBold: ['@embedpdf/fonts-latin', 'NotoSans-Bold.ttf'],
  arabic: ['@embedpdf/fonts-arabic', 'NotoNaskhArabic-Regular.ttf'],
  arabicBold: ['@embedpdf/fonts-arabic', 'NotoNaskhArabic-Bold.ttf'],
  sc: ['@embedpdf/fonts-sc', 'NotoSansHans-Regular.otf'],
  scBold: ['@embedpdf/fonts-sc', 'NotoSansHans-Bold.otf'],
} as const;
type FontName = keyof typeof FONT_FILES;

const fontBytes = new Map<FontName, Buffer>();
function font(name: FontName): Buffer {
  let bytes = fontBytes.get(name);
  if (!bytes) {
    // The packages export no file paths: find the package's folder from its entry point.
    const [pkg, file] = FONT_FILES[name];
    const entry = require.resolve(pkg);
    bytes = readFileSync(join(entry.slice(0, entry.lastIndexOf(`${pkg}/`) + pkg.length), 'fonts', file));
    fontBytes.set(name, bytes);
  }
  return bytes;
}

// ---------------------------------------------------------------------------------------------------------
// Layout

const MARGIN = 60;
/** OpenType features asked for explicitly (the script's own shaping features always apply). */
const SHAPE: PDFKit.Mixins.OpenTypeFeatures[] = ['kern'];
/** Directional isolates: they steer the bidirectional algorithm and are never drawn. */
const ISOLATES = /[\u2066-\u2069]/g;
/** Keeps an inserted value (a title, a number, a date) left to right inside right-to-left text. */
export const ltrIsolate = (value: string | number): string => `\u2066${value}\u2069`;
const PENDING_EN = 'Translation pending certified review';

interface Style {
  size: number;
  bold?: boolean;
  gapAfter?: number;
}

const BODY: Style = { size: 10.5, gapAfter: 6 };
const HEADING: Style = { size: 14, bold: true, gapAfter: 4 };
const TITLE: Style = { size: 22, bold: true, gapAfter: 10 };
const SMALL: Style = { size: 9, gapAfter: 4 };

class Writer {
  readonly rtl: boolean;
  private readonly base: 'latin' | 'sc';
  constructor(
    readonly doc: PDFKit.PDFDocument,
    readonly language: string,
  ) {
    this.rtl = RTL_LANGUAGES.includes(language);
    this.base = language === 'zh' ? 'sc' : 'latin';
  }

  /** An inserted value: kept left to right in a right-to-left document. */
  readonly value = (x: string): string => (this.rtl && !this.hasStrongRtl(x) ? ltrIsolate(x) : x);

  get width(): number {
    return this.doc.page.width - 2 * MARGIN;
  }

  private fontFor(rtlRun: boolean, bold: boolean): FontName {
    if (rtlRun) return bold ? 'arabicBold' : 'arabic';
    return this.base === 'sc' ? (bold ? 'scBold' : 'sc') : bold ? 'latinBold' : 'latin';
  }

  /** One paragraph in the document's direction. */
  para(text: string, style: Style = BODY): void {
    if (this.rtl) this.rtlPara(text, style);
    else {
      this.doc
        .font(this.fontFor(false, !!style.bold))
        .fontSize(style.size)
        .text(text, MARGIN, this.doc.y, { width: this.width, align: 'left' });
    }
    this.doc.y += style.gapAfter ?? 0;
  }

  /** A left-to-right line (hashes, codes) in any document. */
  code(text: string, style: Style = BODY): void {
    this.doc
      .font(this.base === 'sc' ? 'sc' : 'latin')
      .fontSize(style.size)
      .text(text, MARGIN, this.doc.y, { width: this.width, align: this.rtl ? 'right' : 'left' });
    this.doc.y += style.gapAfter ?? 0;
  }

  /** The runs of one line, in visual order (left to right), each with its direction. */
  private visualRuns(line: string): Array<{ text: string; rtl: boolean }> {
    const { levels } = bidi.getEmbeddingLevels(line, 'rtl');
    const runs: Array<{ text: string; level: number }> = [];
    for (let i = 0; i < line.length; i++) {
      const last = runs[runs.length - 1];
      if (last && last.level === levels[i]) last.text += line[i];
      else runs.push({ text: line[i]!, level: levels[i]! });
    }
    // Rule L2: from the highest level down to the lowest odd one, reverse each sequence at that level or above.
    const max = Math.max(...runs.map((r) => r.level));
    const lowestOdd = Math.min(...runs.map((r) => (r.level % 2 ? r.level : r.level + 1)));
    for (let level = max; level >= lowestOdd; level--) {
      for (let i = 0; i < runs.length; ) {
        if (runs[i]!.level < level) {
          i++;
          continue;
        }
        let j = i;
        while (j < runs.length && runs[j]!.level >= level) j++;
        runs.splice(i, j - i, ...runs.slice(i, j).reverse());
        i = j;
      }
    }
    return runs.map((r) => ({ text: r.text, rtl: r.level % 2 === 1 }));
  }

  private strip(text: string): string {
    return text.replace(ISOLATES, '');
  }

  private hasStrongRtl(text: string): boolean {
    return /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/.test(text);
  }

  /**
   * A line as drawn: its bidirectional runs in visual order, each cut where the Arabic font has no glyph
   * (underscores, Latin letters inside a right-to-left run), with the font and the text to draw.
   */
  private pieces(line: string, style: Style): Array<{ text: string; font: FontName; width: number }> {
    const arabic = this.fontFor(true, !!style.bold);
    this.doc.font(arabic);
    const covered = (c: string) =>
      this.hasStrongRtl(c) ||
      ((
        this.doc as unknown as { _font: { font: { hasGlyphForCodePoint(cp: number): boolean } } }
      )._font.font.hasGlyphForCodePoint(c.codePointAt(0)!) &&
        !/[0-9A-Za-z]/.test(c));
    const out: Array<{ text: string; font: FontName; width: number }> = [];
    for (const run of this.visualRuns(line)) {
      const text = this.strip(run.text);
      if (!text) continue;
      const segs: Array<{ text: string; arabic: boolean }> = [];
      for (const c of text) {
        const last = segs[segs.length - 1];
        const isArabic = run.rtl && (c === ' ' && last ? last.arabic : covered(c));
        if (last && last.arabic === isArabic) last.text += c;
        else segs.push({ text: c, arabic: isArabic });
      }
      if (run.rtl) segs.reverse();
      for (const seg of segs) {
        const font = seg.arabic ? arabic : this.fontFor(false, !!style.bold);
        // A right-to-left piece the shaper will not reverse (no Arabic letter in it) is reversed here.
        const drawn =
          run.rtl && !this.hasStrongRtl(seg.text)
            ? [...seg.text]
                .reverse()
                .map((c) => bidi.getMirroredCharacter(c) ?? c)
                .join('')
            : seg.text;
        this.doc.font(font).fontSize(style.size);
        // Shape the piece whole (`features` skips pdfkit's per-word layout, which breaks right-to-left order).
        out.push({ text: drawn, font, width: this.doc.widthOfString(drawn, { features: SHAPE }) });
      }
    }
    return out;
  }

  /** Width of a logical line laid out as it will be drawn. */
  private measure(line: string, style: Style): number {
    return this.pieces(line, style).reduce((w, p) => w + p.width, 0);
  }

  private rtlPara(text: string, style: Style): void {
    const words = text.split(/\s+/).filter(Boolean);
    const lines: string[] = [];
    let current = '';
    for (const word of words) {
      const candidate = current ? `${current} ${word}` : word;
      if (current && this.measure(candidate, style) > this.width) {
        lines.push(current);
        current = word;
      } else current = candidate;
    }
    if (current) lines.push(current);
    this.doc.font(this.fontFor(true, !!style.bold)).fontSize(style.size);
    const lineHeight = this.doc.currentLineHeight(true);
    for (const line of lines) {
      if (this.doc.y + lineHeight > this.doc.page.height - MARGIN) {
        this.doc.addPage();
        this.doc.y = MARGIN + 24;
      }
      const y = this.doc.y;
      const pieces = this.pieces(line, style);
      let x = MARGIN + this.width - pieces.reduce((w, p) => w + p.width, 0);
      for (const piece of pieces) {
        this.doc.font(piece.font).fontSize(style.size);
        this.doc.text(piece.text, x, y, { lineBreak: false, features: SHAPE });
        x += piece.width;
      }
      this.doc.y = y + lineHeight;
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Enclosures

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
/** Letter size, in points. */
const PAGE: [number, number] = [612, 792];

/**
 * What follows an enclosed document's separator page:
 * - `pages`: its own pages (a stored PDF, an image made a page, each page of a TIFF, plain text or the text
 *   of a DOCX set in the packet's fonts; `docxText` says the separator must say the formatting is not
 *   reproduced);
 * - `separate`: a file held that cannot be printed here (a PDF pdf-lib cannot open, a damaged or too large
 *   image, a DOCX without readable text): the separator says it is provided through the portal, and why;
 * - `no_copy`: recorded without a file (a documents-received row from before files were stored).
 */
type EnclosureBody =
  | { mode: 'pages'; pdf: PdfLibDocument; pages: number; docxText?: boolean }
  | { mode: 'separate'; format: string; reason: 'unreadable' | 'too_large' | 'no_text' }
  | { mode: 'no_copy' };

const FORMAT_LABELS: Record<string, string> = {
  'application/pdf': 'PDF',
  'image/png': 'PNG',
  'image/jpeg': 'JPEG',
  'image/tiff': 'TIFF',
  'text/plain': 'TXT',
  [DOCX]: 'DOCX (Word)',
};

/** An image as one page, scaled down (never up) to fit inside the margins, turned to landscape if wider. */
async function imagePage(bytes: Buffer, type: 'png' | 'jpeg'): Promise<PdfLibDocument> {
  const pdf = await PdfLibDocument.create({ updateMetadata: false });
  await addImagePage(pdf, new Uint8Array(bytes), type);
  return pdf;
}

async function addImagePage(pdf: PdfLibDocument, data: Uint8Array, type: 'png' | 'jpeg'): Promise<void> {
  // `data` is a copy: pdf-lib reads a JPEG through a DataView over the whole ArrayBuffer, ignoring an offset.
  const image = type === 'png' ? await pdf.embedPng(data) : await pdf.embedJpg(data);
  const [w, h] = image.width > image.height ? [PAGE[1], PAGE[0]] : PAGE;
  const margin = 36;
  const scale = Math.min(1, (w - 2 * margin) / image.width, (h - 2 * margin) / image.height);
  const page = pdf.addPage([w, h]);
  const [iw, ih] = [image.width * scale, image.height * scale];
  page.drawImage(image, { x: (w - iw) / 2, y: (h - ih) / 2, width: iw, height: ih });
}

/** The most pixels a TIFF may decode to, all pages together (about 40 letter pages scanned at 300 dpi). */
export const TIFF_MAX_PIXELS = 40 * 2550 * 3300;
/** The most pages of a TIFF enclosed. */
export const TIFF_MAX_PAGES = 200;

class TooLarge extends Error {}

function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([head, body, crc]);
}

/** RGBA pixels as an 8-bit RGB PNG, transparent parts laid on white (a page is white). */
function rgbPng(rgba: Uint8Array, width: number, height: number): Uint8Array {
  const stride = width * 3 + 1;
  const raw = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    raw[y * stride] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const a = rgba[i + 3]! / 255;
      const o = y * stride + 1 + x * 3;
      raw[o] = Math.round(rgba[i]! * a + 255 * (1 - a));
      raw[o + 1] = Math.round(rgba[i + 1]! * a + 255 * (1 - a));
      raw[o + 2] = Math.round(rgba[i + 2]! * a + 255 * (1 - a));
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bits per sample
  ihdr[9] = 2; // RGB
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      pngChunk('IHDR', ihdr),
      pngChunk('IDAT', deflateSync(raw)),
      pngChunk('IEND', Buffer.alloc(0)),
    ]),
  );
}

/**
 * Each page of a TIFF (every image file directory of the main chain: multi-page faxes and scans) as an
 * image page. Decoded with utif2 (uncompressed, PackBits, LZW, Deflate, CCITT group 3 and 4, JPEG); the
 * pixels are re-encoded as PNG for pdf-lib. Throws on a file it cannot decode or one with no page.
 */
async function tiffPages(bytes: Buffer): Promise<PdfLibDocument> {
  // utif2 reads an ArrayBuffer from its start: a copy, so that a Buffer's offset in a pool does not matter.
  const data = new Uint8Array(bytes).buffer;
  const ifds = UTIF.decode(data).filter((ifd) => ifd.t256 && ifd.t257);
  if (ifds.length === 0) throw new Error('no image in the TIFF');
  if (ifds.length > TIFF_MAX_PAGES) throw new TooLarge();
  let pixels = 0;
  for (const ifd of ifds) {
    const first = (tag: unknown) => (Array.isArray(tag) ? Number(tag[0]) : Number.NaN);
    const [w, h] = [first(ifd.t256), first(ifd.t257)];
    if (!(w > 0 && h > 0)) throw new Error('a TIFF page without a size');
    pixels += w * h;
  }
  if (pixels > TIFF_MAX_PIXELS) throw new TooLarge();
  const pdf = await PdfLibDocument.create({ updateMetadata: false });
  for (const ifd of ifds) {
    UTIF.decodeImage(data, ifd);
    const rgba = UTIF.toRGBA8(ifd);
    const { width, height } = ifd;
    if (!width || !height || rgba.length < width * height * 4) throw new Error('a TIFF page did not decode');
    await addImagePage(pdf, rgbPng(rgba, width, height), 'png');
  }
  return pdf;
}

/** The language whose fonts and direction fit a text: Arabic script, Chinese, or the Latin/Cyrillic set. */
function textLanguage(text: string): string {
  const arabic = (text.match(/[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]/g) ?? []).length;
  const han = (text.match(/[\u3400-\u9FFF]/g) ?? []).length;
  const latin = (text.match(/[A-Za-z\u00C0-\u024F\u0400-\u04FF]/g) ?? []).length;
  if (arabic > latin && arabic >= han) return 'ar';
  if (han > 0 && han >= arabic) return 'zh';
  return 'en';
}

const isFormatting = (cp: number) =>
  cp < 0x20 || cp === 0x7f || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);

/** A plain-text file set in the packet's fonts, in its own direction, with the packet's reference at the foot. */
async function textPages(bytes: Buffer | string, reference: string): Promise<PdfLibDocument> {
  const decoded = (typeof bytes === 'string' ? bytes : new TextDecoder('utf-8').decode(bytes))
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .replace(/\t/g, '    ');
  // Control and bidirectional formatting characters are not drawn (the text is shown as written).
  const text = [...decoded].filter((c) => c === '\n' || !isFormatting(c.codePointAt(0)!)).join('');
  const language = textLanguage(text);
  const { doc, done, writer } = newDocument(language, { reference, pendingReview: false });
  doc.addPage();
  doc.y = MARGIN;
  for (const line of text.split('\n')) {
    if (line.trim()) writer.para(line, { size: 10, gapAfter: 1 });
    else doc.y += 8;
  }
  doc.end();
  return PdfLibDocument.load(await done, { updateMetadata: false });
}

/** Prepares what follows each enclosure's separator, from the stored file's bytes. */
async function enclosureBody(
  d: EnclosedDocument,
  bytes: Buffer | undefined,
  reference: string,
): Promise<EnclosureBody> {
  if (!d.file) return { mode: 'no_copy' };
  const type = d.file.contentType;
  const format = FORMAT_LABELS[type] ?? type;
  const separate = (reason: 'unreadable' | 'too_large' | 'no_text'): EnclosureBody => ({
    mode: 'separate',
    format,
    reason,
  });
  if (!bytes) return separate('unreadable');
  let pdf: PdfLibDocument;
  try {
    if (type === 'application/pdf')
      pdf = await PdfLibDocument.load(new Uint8Array(bytes), { updateMetadata: false });
    else if (type === 'image/png' || type === 'image/jpeg')
      pdf = await imagePage(bytes, type === 'image/png' ? 'png' : 'jpeg');
    else if (type === 'image/tiff') pdf = await tiffPages(bytes);
    else if (type === 'text/plain') pdf = await textPages(bytes, reference);
    else if (type === DOCX) {
      // The text only, paragraph by paragraph: the separator says the formatting is not reproduced.
      const { value } = await mammoth.extractRawText({ buffer: bytes });
      const text = value.replace(/\n{3,}/g, '\n\n').trim();
      if (!text) return separate('no_text');
      pdf = await textPages(text, reference);
      const pages = pdf.getPageCount();
      return pages > 0 ? { mode: 'pages', pdf, pages, docxText: true } : separate('no_text');
    } else return separate('unreadable');
  } catch (err) {
    // An encrypted PDF, a damaged image, TIFF or DOCX: provided through the portal instead, saying why.
    return separate(err instanceof TooLarge ? 'too_large' : 'unreadable');
  }
  const pages = pdf.getPageCount();
  return pages > 0 ? { mode: 'pages', pdf, pages } : separate('unreadable');
}

/** A language's name in the packet's language (e.g. "francés" in Spanish), or the code as recorded. */
function languageName(code: string | null, packetLanguage: string): string {
  if (!code) return '-';
  try {
    return new Intl.DisplayNames([packetLanguage, 'en'], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** An enclosed document's separator page (the page is already added). */
function renderSeparator(w: Writer, t: TFunction, d: EnclosedDocument, n: number, body: EnclosureBody): void {
  const v = w.value;
  w.para(t('enclosure_heading', { n }), TITLE);
  w.para(t('separator_title', { title: v(d.title) }), { size: 12, gapAfter: 4 });
  w.para(t('separator_kind', { kind: v(d.kind) }), { size: 12, gapAfter: 4 });
  w.para(t('separator_language', { language: v(languageName(d.language, w.language)) }), {
    size: 12,
    gapAfter: 4,
  });
  w.para(t('separator_source', { source: v(d.source ?? '-') }), { size: 12, gapAfter: 4 });
  w.para(t('separator_received', { date: v(d.receivedOn) }), { size: 12, gapAfter: 4 });
  if (body.mode === 'pages') {
    w.para(t('separator_pages', { count: body.pages }), { size: 12, gapAfter: 12 });
    w.para(t('enclosure_follows'));
    if (body.docxText) w.para(t('enclosure_docx_text'));
  } else if (body.mode === 'separate') {
    w.para(t('separator_pages', { count: 0 }), { size: 12, gapAfter: 12 });
    w.para(t('enclosure_separate', { format: v(body.format) }));
    w.para(t(`enclosure_separate_${body.reason}`));
  } else {
    w.para(t('separator_pages', { count: 0 }), { size: 12, gapAfter: 12 });
    w.para(t('enclosure_no_copy'), { size: 12, bold: true, gapAfter: 6 });
    w.para(t('enclosure_no_copy_body'));
  }
}

/** A page for a document INTERPOL Washington withheld: what, by whom and why, and how to ask for it. */
function renderWithheld(w: Writer, t: TFunction, d: WithheldDocument): void {
  const v = w.value;
  w.para(t('withheld_page_heading'), TITLE);
  w.para(t('separator_title', { title: v(d.title) }), { size: 12, gapAfter: 4 });
  w.para(t('separator_kind', { kind: v(d.kind) }), { size: 12, gapAfter: 12 });
  w.para(t('withheld_page_what'));
  w.para(t('withheld_page_who'));
  w.para(t('withheld_page_why', { reason: v(d.reason) }));
  w.para(t('withheld_page_ask_heading'), HEADING);
  w.para(t('withheld_page_ask'));
}

function documentLine(t: TFunction, d: EnclosedDocument, n: number, v: (x: string) => string): string {
  return t('document_line', {
    n,
    title: v(d.title),
    kind: v(d.kind),
    language: v(d.language ?? '-'),
    date: v(d.receivedOn),
  });
}

/**
 * A new pdfkit document with the fonts a language needs and, on every page, the packet's reference at the
 * foot and (while the translation is not approved) the review marking at the head.
 */
function newDocument(
  language: string,
  marks: { reference: string; pendingReview: boolean },
  options: PDFKit.PDFDocumentOptions = {},
): { doc: PDFKit.PDFDocument; writer: Writer; done: Promise<Buffer>; pages: () => number } {
  const doc = new PDFDocument({ size: 'LETTER', margin: MARGIN, autoFirstPage: false, ...options });
  for (const name of Object.keys(FONT_FILES) as FontName[]) {
    if (language !== 'zh' && name.startsWith('sc')) continue;
    if (!RTL_LANGUAGES.includes(language) && name.startsWith('arabic')) continue;
    doc.registerFont(name, font(name));
  }
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const w = new Writer(doc, language);
  const rtlAlign = w.rtl ? 'right' : 'left';
  let pages = 0;
  doc.on('pageAdded', () => {
    pages++;
    const y = doc.y;
    // The marks sit in the margins: writing there must not start a new page.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    if (marks.pendingReview) {
      doc
        .font(language === 'zh' ? 'sc' : 'latinBold')
        .fontSize(9)
        .fillColor('#b50909')
        .text(PENDING_EN, MARGIN, 24, { width: w.width, align: rtlAlign, lineBreak: false });
      doc.fillColor('black');
    }
    doc
      .font(language === 'zh' ? 'sc' : 'latin')
      .fontSize(8)
      .fillColor('#555555')
      .text(marks.reference, MARGIN, doc.page.height - 40, {
        width: w.width,
        align: 'center',
        lineBreak: false,
      });
    doc.fillColor('black');
    doc.page.margins.bottom = bottom;
    doc.x = MARGIN;
    doc.y = y;
  });
  return { doc, writer: w, done, pages: () => pages };
}

/**
 * The packet as PDF bytes. `sha256` is the content hash printed on the cover (the content names each
 * enclosed file's SHA-256); `files` holds the plaintext of the stored files, by document id, already
 * checked against their SHA-256 by the document vault.
 */
export async function renderPacket(
  content: PacketContent,
  t: TFunction,
  sha256: string,
  files: ReadonlyMap<string, Buffer> = new Map(),
): Promise<Buffer> {
  const reference = `${content.caseNumber} · ${content.packetId} · v${content.version}`;
  const bodies: EnclosureBody[] = [];
  for (const d of content.enclosed) bodies.push(await enclosureBody(d, files.get(d.id), reference));

  const {
    doc,
    writer: w,
    done,
    pages,
  } = newDocument(
    content.language,
    { reference, pendingReview: content.pendingReview },
    {
      lang: content.language,
      displayTitle: true,
      info: {
        Title: `${t('cover_title')} ${content.caseNumber} v${content.version}`,
        Subject: content.packetId,
        Creator: 'Redline',
        Producer: 'Redline',
        CreationDate: new Date(`${content.date}T00:00:00Z`),
      },
    },
  );

  const v = w.value;
  // Cover sheet
  doc.addPage();
  doc.y = MARGIN + 10;
  if (content.pendingReview && content.language !== 'en')
    w.para(t('pending_mark'), { size: 11, bold: true, gapAfter: 10 });
  w.para(t('cover_title'), TITLE);
  w.para(t('cover_intro'));
  w.para(t('cover_person', { name: v(content.personName) }), { size: 12, gapAfter: 4 });
  w.para(t('cover_case', { caseNumber: v(content.caseNumber) }), { size: 12, gapAfter: 4 });
  w.para(t('cover_packet', { packetId: v(content.packetId), version: content.version }), {
    size: 12,
    gapAfter: 4,
  });
  w.para(t('cover_date', { date: v(content.date) }), { size: 12, gapAfter: 4 });
  w.para(t('cover_hash'), { size: 12, gapAfter: 2 });
  w.code(sha256, { size: 9.5, gapAfter: 12 });

  // Notice of rights
  doc.addPage();
  doc.y = MARGIN + 10;
  w.para(t('notice_heading'), HEADING);
  w.para(t('notice_body'));
  w.para(t('purpose_heading'), HEADING);
  w.para(t(`purpose_${content.purpose}`));
  w.para(t('documents_heading'), HEADING);
  if (content.enclosed.length) {
    w.para(t('documents_intro'));
    content.enclosed.forEach((d, i) => {
      w.para(documentLine(t, d, i + 1, v), SMALL);
    });
  } else w.para(t('documents_none'));
  if (content.withheld.length || content.missing.length) {
    w.para(t('withheld_heading'), HEADING);
    w.para(t('withheld_intro'));
    let n = 0;
    for (const d of content.withheld)
      w.para(t('withheld_line', { n: ++n, title: v(d.title), kind: v(d.kind), reason: v(d.reason) }), SMALL);
    for (const m of content.missing)
      w.para(t('missing_line', { n: ++n, item: v(m.item), reason: v(m.reason) }), SMALL);
  }
  w.para(t('contest_heading'), HEADING);
  w.para(t('contest_body', { days: content.contestWindowDays }));
  w.para(`${t('service_date_line')} ____________________`);
  w.para(`${t('contest_last_day_line')} ____________________`);
  w.para(t('ccf_heading'), HEADING);
  w.para(t('ccf_body'));
  w.para(t('portal_heading'), HEADING);
  w.para(t('portal_body', { url: v(content.portalUrl) }));
  if (content.accessCode) {
    w.para(t('portal_code'));
    w.code(content.accessCode, { size: 14, gapAfter: 8 });
  } else w.para(t('portal_no_code'));

  // Enclosures: a separator page each (its pages go in after it), then a page per withheld document.
  const insertAfter: number[] = [];
  for (const [i, d] of content.enclosed.entries()) {
    doc.addPage();
    doc.y = MARGIN + 10;
    renderSeparator(w, t, d, i + 1, bodies[i]!);
    insertAfter.push(pages());
  }
  for (const d of content.withheld) {
    doc.addPage();
    doc.y = MARGIN + 10;
    renderWithheld(w, t, d);
  }
  doc.end();
  const notice = await done;
  if (!bodies.some((b) => b.mode === 'pages')) return notice;

  // The documents' own pages, each run put in after its separator page (pdf-lib).
  const packet = await PdfLibDocument.load(notice, { updateMetadata: false });
  let inserted = 0;
  for (const [i, body] of bodies.entries()) {
    if (body.mode !== 'pages') continue;
    const copied = await packet.copyPages(body.pdf, body.pdf.getPageIndices());
    let at = insertAfter[i]! + inserted;
    for (const page of copied) packet.insertPage(at++, page);
    inserted += copied.length;
  }
  return Buffer.from(await packet.save());
}

export type { Writer };

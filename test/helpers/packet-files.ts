/** Files to enclose in a disclosure packet: a many-page PDF with known text, and a scan-sized PNG. */
import { deflateSync } from 'node:zlib';
import { PDFDocument, StandardFonts } from 'pdf-lib';

/** A PDF of `pages` pages; page k reads "<label> page k of N". */
export async function pagedPdf(pages: number, label = 'Judgment of the Lyon court'): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let k = 1; k <= pages; k++) {
    const page = doc.addPage([612, 792]);
    page.drawText(`${label} page ${k} of ${pages}`, { x: 72, y: 700, size: 12, font });
    for (let l = 0; l < 30; l++)
      page.drawText(`Line ${l + 1}: the court examined the evidence of the requesting state.`, {
        x: 72,
        y: 660 - l * 18,
        size: 10,
        font,
      });
  }
  return Buffer.from(await doc.save());
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

function crc32(b: Buffer): number {
  let c = ~0;
  for (const byte of b) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

/** An RGB PNG of width × height with grey bands (a stand-in for a scanned page). */
export function scanPng(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  const row = 1 + width * 3;
  const raw = Buffer.alloc(row * height, 0xff);
  for (let y = 0; y < height; y++) {
    raw[y * row] = 0;
    if (Math.floor(y / 12) % 3 === 0)
      raw.fill(0x60, y * row + 1 + Math.floor(width * 0.1) * 3, y * row + 1 + Math.floor(width * 0.8) * 3);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

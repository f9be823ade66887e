/**
 * Text extracted back from a PDF with pdfjs-dist, one string per line, in reading (logical) order: each
 * text item comes back in logical order from pdf.js, and the items of a right-to-left line are read from
 * the right.
 */
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

interface Item {
  str: string;
  dir: string;
  transform: number[];
  width: number;
}

export async function pdfLines(bytes: Uint8Array, options: { rtl?: boolean } = {}): Promise<string[][]> {
  const pdf = await getDocument({
    data: new Uint8Array(bytes),
    useSystemFonts: false,
    isEvalSupported: false,
  }).promise;
  const pages: string[][] = [];
  for (let p = 1; p <= pdf.numPages; p++) {
    const page = await pdf.getPage(p);
    const content = await page.getTextContent();
    const items = (content.items as Item[]).filter((i) => 'str' in i && i.str.length > 0);
    // Group by baseline (y), top to bottom; within a line, left to right (or right to left).
    const lines = new Map<number, Item[]>();
    for (const it of items) {
      const y = Math.round(it.transform[5]!);
      const key = [...lines.keys()].find((k) => Math.abs(k - y) <= 2) ?? y;
      lines.set(key, [...(lines.get(key) ?? []), it]);
    }
    const ordered = [...lines.entries()].sort((a, b) => b[0] - a[0]);
    pages.push(
      ordered.map(([, its]) =>
        its
          .sort((a, b) =>
            options.rtl ? b.transform[4]! - a.transform[4]! : a.transform[4]! - b.transform[4]!,
          )
          .map((i) => i.str)
          .join(''),
      ),
    );
    page.cleanup();
  }
  await pdf.destroy();
  return pages;
}

/**
 * Lectern's pdfkit document (document.ts): a page's content gathers in one buffer and reaches the
 * page as one piece when the page ends, with exactly the bytes pdfkit's own addContent writes.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { inflateSync } from 'node:zlib';
import { createDocument, type LecternPdfDoc } from '../../../src/render/pdf/document.js';
import { PDFDocument, type PdfDoc } from '../../../src/render/pdf/pdfkit.js';
import { openFont } from '../../../src/font-tables.js';
import { RawPdf, PdfStream, PdfRef } from '../../../src/verify/pdf/raw.js';
import { PAGE } from '../../../src/render/pdf/styles.js';
import { sampleBook } from '../../support/sample-book.js';
import { effects } from './helpers.js';

/** The same drawing on a document: strings, bytes, marked content left open at the page's end. */
function draw(doc: PdfDoc): void {
  for (let page = 0; page < 3; page++) {
    doc.addPage();
    doc.markContent('Artifact', { type: 'Pagination' });
    doc.addContent('BT /F1 9 Tf ET');
    doc.addContent(new Uint8Array(Buffer.from('q\n0 0 1 1 re f\nQ\n', 'latin1')));
    doc.endMarkedContent();
    doc.addContent(`% page ${page} ${'x'.repeat(40_000 * page)}`); // past the buffer's first size
    doc.markContent('Span'); // pdfkit closes it with an EMC of its own when the page ends
  }
}

async function contents(doc: PdfDoc & { on(e: string, f: (c: Uint8Array) => void): unknown }, bytes?: () => Uint8Array): Promise<string[]> {
  const chunks: Uint8Array[] = [];
  const done = new Promise<void>((resolve) => { doc.on('data', (c: Uint8Array) => { chunks.push(c); }); doc.on('end', () => resolve()); });
  doc.end();
  await done;
  const pdf = new RawPdf(bytes ? bytes() : Buffer.concat(chunks));
  return pdf.pages().map((p) => {
    const s = pdf.object((p.dict.get('Contents') as PdfRef).num) as PdfStream;
    return inflateSync(s.raw).toString('latin1');
  });
}

describe('LecternPdfDocument', () => {
  it('writes each page\'s content as pdfkit does, byte for byte, in one piece per page', async () => {
    const files = await effects.fonts();
    const plain = new PDFDocument({ pdfVersion: '1.7', autoFirstPage: false, size: [PAGE.width, PAGE.height] });
    draw(plain);
    const expected = await contents(plain as never);

    const doc = createDocument(sampleBook(), openFont(files.regular)) as LecternPdfDoc & PdfDoc;
    const pieces: number[] = [];
    const addPage = doc.addPage.bind(doc);
    // count what reaches each page's content stream
    doc.addPage = (o?: Record<string, unknown>) => {
      const r = addPage(o);
      const page = doc.page;
      const write = page.write.bind(page);
      pieces.push(0);
      page.write = (c: string | Uint8Array) => { pieces[pieces.length - 1]!++; write(c); };
      return r;
    };
    draw(doc);
    const got = await contents(doc as never, () => doc.bytes().bytes);
    expect(got).toEqual(expected);
    expect(got[2]).toContain('x'.repeat(80_000));
    // the page's content in one piece, then pdfkit's own EMC for the marking left open
    expect(pieces).toEqual([2, 2, 2]);
  });

  afterEach(() => { vi.unstubAllGlobals(); });

  /** The sample book's document, drawn, ended: its file and whether it was written into shared memory. */
  async function written(): Promise<{ bytes: Uint8Array; shared: boolean }> {
    const files = await effects.fonts();
    const doc = createDocument(sampleBook(), openFont(files.regular)) as LecternPdfDoc & PdfDoc;
    draw(doc);
    await contents(doc as never, () => doc.bytes().bytes);
    return doc.bytes();
  }

  it('writes the file into growable shared memory, a megabyte at most beyond its end, or by doubling where there is none', async () => {
    const shared = await written();
    expect(shared.shared).toBe(true);
    expect(shared.bytes.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(shared.bytes.buffer.byteLength - shared.bytes.length).toBeLessThanOrEqual(1 << 20);
    // a runtime that cannot grow a SharedArrayBuffer: the same bytes, in memory of its own
    vi.stubGlobal('SharedArrayBuffer', function NoGrowth() { throw new RangeError('no growable SharedArrayBuffer here'); });
    const doubled = await written();
    expect(doubled.shared).toBe(false);
    expect(doubled.bytes.buffer).toBeInstanceOf(ArrayBuffer);
    expect(Buffer.from(doubled.bytes).equals(Buffer.from(shared.bytes))).toBe(true);
    expect(shared.bytes.length).toBeGreaterThan(1000);
  });
});

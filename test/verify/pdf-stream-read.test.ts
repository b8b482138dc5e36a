/** Reading a PDF while it is written: the same text operators as reading the finished file. */
import { afterAll, describe, expect, it } from 'vitest';
import { build } from '../../src/pipeline/build.js';
import { contentOps, lexContent, type LexedContent } from '../../src/verify/pdf/content.js';
import { verifyPdfEdition } from '../../src/verify/pdf/edition.js';
import { PdfDict, PdfRef, rawPdf } from '../../src/verify/pdf/raw.js';
import { PdfStreamReader } from '../../src/verify/pdf/stream-read.js';
import { RICH_DIR, cleanTemps, fixedEffects, tempDir } from '../support/build-helpers.js';

afterAll(cleanTemps);

async function richPdf(): Promise<{ pdf: Uint8Array; rights: readonly string[] }> {
  const r = await build({ manuscript: RICH_DIR, out: await tempDir(), dryRun: true, effects: fixedEffects(), verifyOnWorker: false });
  expect(r.ok).toBe(true);
  return { pdf: r.outputs!.pdf!, rights: r.book!.rights!.lines };
}

/** Feeds `bytes` in pieces of the given sizes (cycled). */
function streamed(bytes: Uint8Array, sizes: number[]): PdfStreamReader {
  const r = new PdfStreamReader();
  let at = 0;
  for (let i = 0; at < bytes.length; i++) {
    const n = sizes[i % sizes.length]!;
    r.push(bytes.subarray(at, at + n));
    at += n;
  }
  return r;
}

/** Writes `bytes` into growable shared memory in pieces of the given sizes (cycled), as the
 * renderer does, and tells the reader how far the file is written after each. */
function sharedStreamed(bytes: Uint8Array, sizes: number[]): PdfStreamReader {
  const sab = new (SharedArrayBuffer as unknown as new (n: number, o: { maxByteLength: number }) => SharedArrayBuffer & { grow(n: number): void })(0, { maxByteLength: bytes.length });
  const r = new PdfStreamReader();
  r.share(sab);
  let at = 0;
  for (let i = 0; at < bytes.length; i++) {
    const n = Math.min(sizes[i % sizes.length]!, bytes.length - at);
    sab.grow(at + n);
    new Uint8Array(sab).set(bytes.subarray(at, at + n), at);
    at += n;
    r.advance(at);
  }
  return r;
}

describe('PdfStreamReader', () => {
  it('lexes every page\'s content stream, whatever the pieces, exactly as the finished file reads', async () => {
    const { pdf } = await richPdf();
    const raw = rawPdf(new Uint8Array(pdf)); // a copy: not the cached parse of `pdf`
    const pages = raw.pages();
    for (const [sizes, r] of [[1, 2, 3, 5, 7, 11, 13], [4096], [pdf.length]].flatMap((sizes) => [[sizes, streamed(pdf, sizes)], [sizes, sharedStreamed(pdf, sizes)]] as const)) {
      expect(sizes.length).toBeGreaterThan(0);
      expect(Buffer.from(r.bytes()).equals(Buffer.from(pdf))).toBe(true);
      expect(r.streams.size).toBe(pages.length);
      for (const p of pages) {
        const ref = p.dict.get('Contents');
        expect(ref).toBeInstanceOf(PdfRef);
        const num = (ref as PdfRef).num;
        const s = r.streams.get(num)!;
        expect(s.offset).toBe(raw.offsetOf(num));
        expect(s.content).toEqual(lexContent(raw.streamData(ref)!));
      }
    }
  }, 60_000);

  it('parses every other object exactly as the finished file reads', async () => {
    const { pdf } = await richPdf();
    const raw = rawPdf(new Uint8Array(pdf));
    for (const r of [streamed(pdf, [1, 7, 4096]), sharedStreamed(pdf, [1, 7, 4096])]) {
      // all objects but the page contents; the last few (written at the end) included
      const total = Number(raw.trailer.get('Size')) - 1;
      expect(r.objects.size + r.streams.size).toBe(total);
      for (const [num, o] of r.objects) {
        expect(o.offset).toBe(raw.offsetOf(num));
        expect(o.value).toEqual(raw.object(num));
      }
    }
  }, 60_000);

  it('verifies a file read in shared memory as it verifies a copy of it', async () => {
    const { pdf, rights } = await richPdf();
    const ahead = sharedStreamed(pdf, [65536]);
    const file = ahead.bytes();
    expect(file.buffer).toBeInstanceOf(SharedArrayBuffer);
    const expectRights = { rightsLines: [...rights, 'A line the book lacks'] };
    const copy = await verifyPdfEdition(new Uint8Array(pdf), expectRights);
    expect(await verifyPdfEdition(file, expectRights, ahead)).toEqual(copy);
    // and without what was read ahead: every object (the XMP's stream too) a view of shared memory
    expect(await verifyPdfEdition(file, expectRights)).toEqual(copy);
    expect(copy.diagnostics.map((d) => d.code)).toEqual(['X-RIGHTS', 'X-RIGHTS']);
    expect(copy.reading!.text).toContain(rights[0]!.split(' ')[0]);
  }, 60_000);

  it('the verification with the file read ahead finds what it finds without it', async () => {
    const { pdf, rights } = await richPdf();
    const ahead = streamed(pdf, [65536]);
    const expectRights = { rightsLines: [...rights, 'A line the book lacks'] };
    const without = await verifyPdfEdition(new Uint8Array(pdf), expectRights);
    const withAhead = await verifyPdfEdition(new Uint8Array(pdf), expectRights, ahead);
    expect(withAhead).toEqual(without);
    expect(without.diagnostics.map((d) => d.code)).toEqual(['X-RIGHTS', 'X-RIGHTS']);
  }, 60_000);

  it('read-ahead results for objects that are not where the file says are not used', async () => {
    const { pdf } = await richPdf();
    const honest = streamed(pdf, [65536]).streams;
    // claim the wordiest page's stream says nothing: at a wrong offset, the claim must be ignored
    const shows = (c: LexedContent) => contentOps(c).filter((o) => o.op === 'show').length;
    const [num, wordiest] = [...honest].sort((x, y) => shows(y[1].content) - shows(x[1].content))[0]!;
    expect(shows(wordiest.content)).toBeGreaterThan(10);
    const nothing = lexContent(new Uint8Array(0));
    const forged = new Map(honest);
    forged.set(num, { offset: wordiest.offset + 1, content: nothing });
    // (at the right offset the claim would be believed: the check is the offset)
    const believed = await verifyPdfEdition(new Uint8Array(pdf), {}, { streams: new Map([...honest, [num, { offset: wordiest.offset, content: nothing }]]) });
    const a = await verifyPdfEdition(new Uint8Array(pdf), {}, { streams: honest });
    const b = await verifyPdfEdition(new Uint8Array(pdf), {}, { streams: forged });
    expect(b).toEqual(a);
    expect(a.reading!.text.split(" ").length).toBeGreaterThan(500);
    expect(believed.reading!.text.split(" ").length).toBeLessThan(a.reading!.text.split(" ").length);
  }, 60_000);

  it('objects parsed ahead that are not where the file says are not used', async () => {
    const { pdf } = await richPdf();
    const honest = streamed(pdf, [65536]).objects;
    const root = (rawPdf(new Uint8Array(pdf)).trailer.get('Root') as PdfRef).num;
    const catalog = honest.get(root)!;
    expect(catalog.value).toBeInstanceOf(PdfDict);
    // a catalog without /Lang: believed at the catalog's offset, ignored anywhere else
    const noLang = new PdfDict([...(catalog.value as PdfDict)].filter(([k]) => k !== 'Lang'));
    const claim = (offset: number) => ({ objects: new Map([...honest, [root, { offset, value: noLang as never }]]) });
    const codes = async (ahead: ReturnType<typeof claim>) => (await verifyPdfEdition(new Uint8Array(pdf), {}, ahead)).diagnostics.map((d) => d.message);
    expect(await codes(claim(catalog.offset + 1))).toEqual([]);
    expect((await codes(claim(catalog.offset))).join('\n')).toMatch(/Lang/);
  }, 60_000);

  it('stops at bytes that are not objects, and keeps what it read', () => {
    const r = new PdfStreamReader();
    r.push(new TextEncoder().encode('%PDF-1.7\n1 0 obj\n<< /Type /Page /Contents 2 0 R >>\nendobj\n2 0 obj\n<< /Length 9 >>\nstream\nBT (a) Tj\nendstream\nendobj\ngarbage 3 0 obj\n'));
    expect([...r.streams.keys()]).toEqual([2]);
    expect(contentOps(r.streams.get(2)!.content)).toEqual([{ op: 'show', bytes: new Uint8Array([0x61]) }]);
    r.push(new TextEncoder().encode('4 0 obj\n<< /Type /Page /Contents 5 0 R >>\nendobj\n'));
    expect(r.streams.size).toBe(1);
  });
});

/** The PDF's read-back on a worker thread: the same findings as on the main thread, and fail-closed. */
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { build } from '../../src/pipeline/build.js';
import { pdfVerifier } from '../../src/pipeline/verify-pdf.js';
import type { PdfExpectations } from '../../src/verify/pdf/index.js';
import { verifyPdfEdition } from '../../src/verify/pdf/edition.js';
import { RICH_DIR, cleanTemps, fixedEffects, tempDir } from '../support/build-helpers.js';

afterAll(cleanTemps);

const onWorker = (bytes: Uint8Array, expect: PdfExpectations) => pdfVerifier(true).start(bytes, expect).result();

async function richPdf(): Promise<{ pdf: Uint8Array; rights: readonly string[] }> {
  const r = await build({ manuscript: RICH_DIR, out: await tempDir(), dryRun: true, effects: fixedEffects(), verifyOnWorker: false });
  expect(r.ok).toBe(true);
  // a copy in memory of its own: the renderer's is shared with the read-back thread (the tests
  // that feed the file in pieces feed copies unless they say otherwise)
  return { pdf: new Uint8Array(r.outputs!.pdf!), rights: r.book!.rights!.lines };
}

describe('PDF verification on a worker thread', () => {
  it('reports what the main thread reports, reading included', async () => {
    const { pdf, rights } = await richPdf();
    const inline = await verifyPdfEdition(pdf, { rightsLines: rights });
    const fromWorker = await onWorker(pdf, { rightsLines: rights });
    expect(inline.diagnostics).toEqual([]);
    expect(inline.reading!.text.split(" ").length).toBeGreaterThan(500);
    expect(fromWorker).toEqual(inline);
    // a rights line the PDF lacks is found on the worker too
    const missing = await onWorker(pdf, { rightsLines: [...rights, 'Not in the book'] });
    expect(missing.diagnostics.map((d) => d.code)).toEqual(['X-RIGHTS', 'X-RIGHTS']);
  }, 120_000);

  it('leaves the reading out when it is not asked for (a PDF built alone), on either thread, and checks the same', async () => {
    const { pdf, rights } = await richPdf();
    const full = await verifyPdfEdition(pdf, { rightsLines: rights });
    const here = await pdfVerifier(false).start(pdf, { rightsLines: rights }, { reading: false }).result();
    const there = await pdfVerifier(true).start(pdf, { rightsLines: rights }, { reading: false }).result();
    expect(here).toEqual({ diagnostics: full.diagnostics });
    expect(there).toEqual(here);
    expect(full.reading).toBeDefined();
    // the checks still run: a rights line the PDF lacks fails without the reading too
    const missing = await pdfVerifier(true).start(pdf, { rightsLines: [...rights, 'Not in the book'] }, { reading: false }).result();
    expect(missing.diagnostics.map((d) => d.code)).toEqual(['X-RIGHTS', 'X-RIGHTS']);
  }, 120_000);

  it('reads ahead from the bytes it is fed, and uses them only when they are the file', async () => {
    const { pdf, rights } = await richPdf();
    const inline = await verifyPdfEdition(pdf, { rightsLines: rights });
    // fed the file in pieces, as the renderer does
    const v = pdfVerifier(true);
    for (let at = 0; at < pdf.length; at += 3000) v.feed!(pdf.subarray(at, at + 3000));
    expect(await v.start(pdf, { rightsLines: rights }).result()).toEqual(inline);
    // fed other bytes (a truncated copy of the file): the verification reads the file itself
    const w = pdfVerifier(true);
    w.feed!(pdf.subarray(0, Math.floor(pdf.length / 2)));
    expect(await w.start(pdf, { rightsLines: rights }).result()).toEqual(inline);
  }, 120_000);

  it('sends the finished file to the thread only when what it was fed is not the file', async () => {
    const { pdf, rights } = await richPdf();
    const inline = await verifyPdfEdition(pdf, { rightsLines: rights });
    const posted = vi.spyOn(Worker.prototype, 'postMessage');
    const kinds = (): string[] => posted.mock.calls.map(([m]) => (m as { type: string }).type).filter((t) => t !== 'chunk');
    try {
      const v = pdfVerifier(true);
      for (let at = 0; at < pdf.length; at += 3000) v.feed!(pdf.subarray(at, at + 3000));
      expect(await v.start(pdf, { rightsLines: rights }).result()).toEqual(inline);
      expect(kinds()).toEqual(['end']);
      posted.mockClear();
      const w = pdfVerifier(true);
      w.feed!(pdf.subarray(0, 1000));
      expect(await w.start(pdf, { rightsLines: rights }).result()).toEqual(inline);
      expect(kinds()).toEqual(['end', 'bytes']);
    } finally {
      posted.mockRestore();
    }
  }, 120_000);

  it('reads the file in the memory the renderer writes it into: told how far, never sent a copy', async () => {
    const { pdf, rights } = await richPdf();
    const inline = await verifyPdfEdition(new Uint8Array(pdf), { rightsLines: rights });
    /** Writes the file into growable shared memory in pieces, as the renderer does, feeding each
     * piece's view (all but the one at `skip`) to `v`; returns the file's view. */
    const written = (v: ReturnType<typeof pdfVerifier>, skip = -1): Uint8Array => {
      const sab = new (SharedArrayBuffer as unknown as new (n: number, o: { maxByteLength: number }) => SharedArrayBuffer & { grow(n: number): void })(0, { maxByteLength: pdf.length });
      for (let at = 0, i = 0; at < pdf.length; at += 3000, i++) {
        const n = Math.min(3000, pdf.length - at);
        sab.grow(at + n);
        new Uint8Array(sab).set(pdf.subarray(at, at + n), at);
        if (i !== skip) v.feed!(new Uint8Array(sab, at, n));
      }
      return new Uint8Array(sab, 0, pdf.length);
    };
    const posted = vi.spyOn(Worker.prototype, 'postMessage');
    const kinds = (): string[] => posted.mock.calls.map(([m]) => (m as { type: string }).type);
    try {
      const v = pdfVerifier(true);
      const file = written(v);
      expect(await v.start(file, { rightsLines: rights }).result()).toEqual(inline);
      const sent = kinds();
      expect(sent[0]).toBe('shared');
      expect(sent.slice(1, -1).length).toBeGreaterThan(0);
      expect(new Set(sent.slice(1, -1))).toEqual(new Set(['length']));
      expect(sent.at(-1)).toBe('end');
      // the file is the memory the thread read, all of it: it is told the length, and no digest
      const end = posted.mock.calls.at(-1)![0] as { length?: number; sha256?: string };
      expect(end.length).toBe(pdf.length);
      expect(end.sha256).toBeUndefined();
      posted.mockClear();
      // a piece left out: what the thread was told of is not the file, so it asks for the file
      const w = pdfVerifier(true);
      const other = written(w, 1);
      expect(await w.start(other, { rightsLines: rights }).result()).toEqual(inline);
      expect(kinds().slice(-2)).toEqual(['end', 'bytes']);
      expect(kinds()).not.toContain('chunk');
      // and when the file given at the end is not the memory fed (a copy of it), a digest is sent,
      // by which the thread finds that what it read is the file
      posted.mockClear();
      const u = pdfVerifier(true);
      const copy = new Uint8Array(written(u));
      expect(await u.start(copy, { rightsLines: rights }).result()).toEqual(inline);
      const last = posted.mock.calls.at(-1)![0] as { type: string; length?: number; sha256?: string };
      expect(last.type).toBe('end');
      expect(last.length).toBeUndefined();
      expect(last.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(kinds()).not.toContain('bytes');
    } finally {
      posted.mockRestore();
    }
  }, 120_000);

  it('a build hands the thread the memory its PDF is written into, and never the file', async () => {
    const posted = vi.spyOn(Worker.prototype, 'postMessage');
    try {
      const r = await build({ manuscript: RICH_DIR, out: await tempDir(), dryRun: true, effects: fixedEffects(), verifyOnWorker: true });
      expect(r.ok).toBe(true);
      const pdf = r.outputs!.pdf!;
      // the file is the renderer's memory, at most a megabyte bigger than the file
      expect(pdf.buffer).toBeInstanceOf(SharedArrayBuffer);
      expect(pdf.byteOffset).toBe(0);
      expect(pdf.buffer.byteLength - pdf.length).toBeLessThanOrEqual(1 << 20);
      const sent = posted.mock.calls.map(([m]) => m as { type: string; buffer?: unknown });
      expect(sent.filter((m) => m.type === 'shared').map((m) => m.buffer)).toEqual([pdf.buffer]);
      expect(sent.map((m) => m.type)).not.toContain('bytes');
      expect(sent.map((m) => m.type)).not.toContain('chunk');
    } finally {
      posted.mockRestore();
    }
  }, 120_000);

  it('gives the result once the thread has ended, so its memory is back before the build goes on', async () => {
    const { pdf, rights } = await richPdf();
    const posted = vi.spyOn(Worker.prototype, 'postMessage');
    try {
      const pending = pdfVerifier(true).start(pdf, { rightsLines: rights });
      const thread = posted.mock.contexts[0] as Worker;
      expect(thread.threadId).toBeGreaterThan(0);
      const r = await pending.result();
      expect(r.diagnostics).toEqual([]);
      expect(r.reading!.text.length).toBeGreaterThan(1000);
      expect(thread.threadId).toBe(-1); // ended, not only asked to end
    } finally {
      posted.mockRestore();
    }
  }, 120_000);

  it('fails closed: unreadable bytes, and a job the worker cannot even receive', async () => {
    const garbage = await onWorker(new Uint8Array([1, 2, 3]), {});
    expect(garbage.reading).toBeUndefined();
    expect(garbage.diagnostics.map((d) => d.code)).toEqual(['X-PDF', 'X-PARITY']);
    const unsendable = { rightsLines: [] as string[], hook: () => 0 } as unknown as { rightsLines: string[] };
    const r = await onWorker(new Uint8Array([1]), unsendable);
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]!).toMatchObject({ code: 'X-PDF', severity: 'error' });
    expect(r.diagnostics[0]!.message).toMatch(/could not be verified/);
    // a thread stopped before it reports (a build that failed first) is never a pass
    const v = pdfVerifier(true);
    v.close();
    const closed = await v.start(new Uint8Array([1]), {}).result();
    expect(closed.diagnostics.map((d) => d.code)).toEqual(['X-PDF']);
  }, 120_000);

  it('builds the same editions whichever thread verifies the PDF', async () => {
    const a = await build({ manuscript: RICH_DIR, out: await tempDir(), dryRun: true, effects: fixedEffects(), verifyOnWorker: true });
    const b = await build({ manuscript: RICH_DIR, out: await tempDir(), dryRun: true, effects: fixedEffects(), verifyOnWorker: false });
    expect(a.ok && b.ok).toBe(true);
    expect(a.diagnostics).toEqual(b.diagnostics);
    expect(Buffer.from(a.outputs!.pdf!).equals(Buffer.from(b.outputs!.pdf!))).toBe(true);
  }, 120_000);
});

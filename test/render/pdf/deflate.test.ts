/**
 * Deflating the pages' content on a thread of its own (deflate.ts): whoever deflates a stream, its
 * bytes are zlib's, as pdfkit writes them here, and nothing handed over is ever lost.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { deflateSync } from 'node:zlib';
import { DEFLATE_CONTROL, inlineDeflater, threadDeflater, type Deflater } from '../../../src/render/pdf/deflate.js';

/** A page's content, in the pieces it is written in: text operators, some of them long. */
function page(n: number, size = 2000 + n * 700): Uint8Array[] {
  const line = `BT /F1 11 Tf 72 ${n} Td [<0041004200430044> -120 <00450046>] TJ ET\n`;
  const text = line.repeat(Math.ceil(size / line.length)).slice(0, size);
  const half = Math.floor(text.length / 2);
  return [Buffer.from(text.slice(0, half), 'latin1'), Buffer.from(text.slice(half), 'latin1')];
}

const expected = (chunks: Uint8Array[]): Buffer => deflateSync(Buffer.concat(chunks));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let deflaters: Deflater[] = [];
afterEach(() => {
  for (const d of deflaters) d.close();
  deflaters = [];
  vi.unstubAllGlobals();
});

function started(): Deflater {
  const d = threadDeflater();
  expect(d).toBeDefined();
  deflaters.push(d!);
  return d!;
}

describe('threadDeflater', () => {
  it('deflates on its thread exactly what zlib deflates here', async () => {
    const d = started();
    // hand pages over a page apart, as the document does, until the thread has taken some (it
    // starts in the background; the first pages may well be done here, with the same bytes)
    const deadline = Date.now() + 30_000;
    let n = 0;
    while (d.counts.thread < 3 && Date.now() < deadline) {
      const chunks = page(n++);
      const job = d.submit(chunks);
      await sleep(20);
      expect(Buffer.from(job.take()).equals(expected(chunks))).toBe(true);
    }
    expect(d.counts.thread).toBeGreaterThanOrEqual(3);
    expect(d.counts.thread + d.counts.here).toBe(n);
    // a page bigger than a slot's first buffers (64 KiB): the slot grows
    const big = page(1, 300_000);
    const job = d.submit(big);
    await sleep(50);
    expect(Buffer.from(job.take()).equals(expected(big))).toBe(true);
  }, 60_000);

  it('deflates here what is handed over beyond its slots, and what it has not begun', () => {
    const d = started();
    const pages = Array.from({ length: 9 }, (_, i) => page(i));
    const jobs = pages.map((p) => d.submit(p));
    // taken at once, in order: whatever the thread has not begun is done here
    jobs.forEach((job, i) => expect(Buffer.from(job.take()).equals(expected(pages[i]!))).toBe(true));
    expect(d.counts.here).toBeGreaterThanOrEqual(9 - 4);
    expect(d.counts.thread + d.counts.here).toBe(9);
  });

  it('gives every stream handed over, correct, after it is closed', async () => {
    const d = started();
    const pages = [page(1), page(2), page(3)];
    const jobs = pages.map((p) => d.submit(p));
    await sleep(50);
    d.close();
    jobs.forEach((job, i) => expect(Buffer.from(job.take()).equals(expected(pages[i]!))).toBe(true));
    // and what is handed over after that is deflated here
    const late = page(4);
    const before = d.counts.here;
    expect(Buffer.from(d.submit(late).take()).equals(expected(late))).toBe(true);
    expect(d.counts.here).toBe(before + 1);
  });

  it('waits a bounded time for a thread that hangs on a page: that page is deflated here, and the thread gets no more', async () => {
    const { SEQ, STATE, QUEUED, DEFLATING } = DEFLATE_CONTROL;
    // a thread that takes the first page it finds and never finishes it
    const hangs = `
      const { workerData } = require('node:worker_threads');
      const c = new Int32Array(workerData.control);
      for (;;) {
        const seen = Atomics.load(c, ${SEQ});
        let took = false;
        for (let s = 0; s < 8 && !took; s++) took = Atomics.compareExchange(c, ${STATE} + s, ${QUEUED}, ${DEFLATING}) === ${QUEUED};
        if (took) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
        Atomics.wait(c, ${SEQ}, seen, 20);
      }`;
    const d = threadDeflater({ threadCode: hangs, waitMs: 100 })!;
    deflaters.push(d);
    const deadline = Date.now() + 30_000;
    let n = 0;
    while (d.counts.hung === 0 && Date.now() < deadline) {
      // two pages a time (the thread is woken every second page), taken a moment later
      const pages = [page(n++), page(n++)];
      const jobs = pages.map((p) => d.submit(p));
      await sleep(40);
      jobs.forEach((job, i) => expect(Buffer.from(job.take()).equals(expected(pages[i]!))).toBe(true));
    }
    expect(d.counts.hung).toBe(1);
    expect(d.counts.thread).toBe(0);
    // from now on, every page is deflated here at once
    const later = page(99);
    const before = d.counts.here;
    expect(Buffer.from(d.submit(later).take()).equals(expected(later))).toBe(true);
    expect(d.counts.here).toBe(before + 1);
    expect(d.counts.hung).toBe(1);
  }, 60_000);

  it('is not made where SharedArrayBuffers cannot grow (the document then deflates here)', () => {
    vi.stubGlobal('SharedArrayBuffer', function NoGrowth() { throw new RangeError('no growable SharedArrayBuffer here'); });
    expect(threadDeflater()).toBeUndefined();
  });
});

describe('inlineDeflater', () => {
  it('deflates each stream when it is taken, as pdfkit would', () => {
    const d = inlineDeflater();
    const pages = [page(1), [Buffer.from('q Q\n', 'latin1')], page(2, 100_000)];
    const jobs = pages.map((p) => d.submit(p));
    jobs.forEach((job, i) => expect(Buffer.from(job.take()).equals(expected(pages[i]!))).toBe(true));
    expect(d.counts).toEqual({ thread: 0, here: 3, hung: 0 });
  });
});

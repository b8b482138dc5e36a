/**
 * Deflating the pages' content streams, on a thread of their own when asked.
 *
 * pdfkit deflates each page's content on the thread that lays the book out, as the page ends
 * (zlib's default level): at 500k words, 0.4 s of the layout's 3.9. document.ts instead hands the
 * content to a Deflater when the page ends and writes the stream CONTENT_LAG pages later (or when
 * the document ends). A thread Deflater deflates it meanwhile, on the second core; the inline one
 * deflates it when it is written. Either way the stream is `deflateSync(content)` with zlib's
 * defaults, exactly what pdfkit writes, so the file's bytes do not depend on which thread made
 * them, or on whether the thread kept up: whatever the thread has not begun when the stream is
 * due, the layout's thread deflates itself, and the thread skips it.
 *
 * The thread only ever speeds the build up. It shares each page's content and a buffer for the
 * result (SharedArrayBuffers), and a job's state word says who does it. The layout's thread
 * waits only for a job the thread has begun, at most JOB_WAIT_MS; then, or when the thread could
 * not start, it deflates the content itself (the same bytes).
 */
import { Worker } from 'node:worker_threads';
import { deflateSync } from 'node:zlib';
import { growableSharedBuffer, type GrowableSharedBuffer } from './shared-memory.js';

/** A page's content, handed over to be deflated. */
export interface DeflateJob {
  /** The deflated bytes (waits for the thread only if it has begun them). */
  take(): Uint8Array;
}

export interface Deflater {
  /** Hands over one stream's content, as the chunks it was written in (the caller lets them go). */
  submit(chunks: readonly Uint8Array[]): DeflateJob;
  /** Stops the thread, if there is one. Jobs not yet taken are still taken correctly. */
  close(): void;
  /** How many streams were taken deflated by the thread, how many were deflated here, and on how
   * many of those the thread had hung (it then gets no more). */
  readonly counts: { readonly thread: number; readonly here: number; readonly hung: number };
}

function concat(chunks: readonly Uint8Array[], into: Uint8Array): Uint8Array {
  let at = 0;
  for (const c of chunks) { into.set(c, at); at += c.length; }
  return into;
}

function total(chunks: readonly Uint8Array[]): number {
  return chunks.reduce((n, c) => n + c.length, 0);
}

/** Deflates each stream when it is taken, on the calling thread. */
export function inlineDeflater(): Deflater {
  const counts = { thread: 0, here: 0, hung: 0 };
  return {
    submit(chunks) {
      const content = chunks.length === 1 ? chunks[0]! : concat(chunks, new Uint8Array(total(chunks)));
      return { take: () => { counts.here++; return deflateSync(content); } };
    },
    close() {},
    counts,
  };
}

/**
 * A slot's state (its word in the control array). Only FREE slots are written by the layout's
 * thread, and only QUEUED ones are taken by the deflating thread (and only by compare-exchange).
 */
const FREE = 0;
const QUEUED = 1;
const DEFLATING = 2;
const DONE = 3;
const NOT_DONE = 4;
/**
 * A page's content stream is written when this many more pages have ended (document.ts): the
 * thread has that long to deflate it. The same for every deflater, so that the file's object
 * order does not depend on which one deflates.
 */
export const CONTENT_LAG = 4;
/** Slots: pages whose content may be handed over and not yet taken (the document holds up to
 * CONTENT_LAG + 1 of them; more go inline). */
const SLOTS = 8;
/**
 * The thread is woken once per this many pages handed over, not once a page: waking a sleeping
 * thread is a system call, and the woken thread can take the layout's core for a moment. With
 * pages written CONTENT_LAG pages after they end, every page is signalled at least
 * CONTENT_LAG - BATCH + 1 pages before it is due.
 */
const BATCH = 2;
/** The control array (Int32): a counter the thread waits on, a closing flag, then each slot's state, content length and result length. */
const SEQ = 0;
const CLOSING = 1;
const STATE = 2;
const LENGTH = STATE + SLOTS;
const RESULT = LENGTH + SLOTS;
/** The most a slot's buffers grow to (address space reserved, not memory); a bigger page is deflated here. */
const SLOT_MAX_BYTES = 64 << 20;
/** The longest the layout's thread waits for a job the thread has begun. */
export const JOB_WAIT_MS = 2000;

/** More than zlib's deflateBound for its default settings (n + n/4096 + n/16384 + n/2^25 + 13, and a 6-byte wrapper). */
function resultRoom(n: number): number {
  return n + (n >>> 10) + 64;
}

/** Jobs between the thread's young-generation collections (THREAD). */
const JOBS_PER_COLLECTION = 32;

/**
 * The thread: CommonJS, nothing but zlib, and no event loop of its own to speak of: it waits on
 * the control array's counter and deflates every QUEUED slot it finds, oldest first.
 *
 * Each deflateSync leaves 10-30 KB of buffers outside the heap for the collector, and the thread's
 * heap grows so slowly that it would not collect for thousands of pages: 2,000 pages left 19 MB.
 * So it takes V8's gc() as low-memory.ts does, and collects its young generation every
 * JOBS_PER_COLLECTION pages (about a millisecond in all): 2,000 pages then leave under 3 MB.
 * Without gc() it deflates all the same.
 */
const THREAD = `
const { workerData } = require('node:worker_threads');
const { deflateSync } = require('node:zlib');
const gc = (() => {
  const v8 = require('node:v8');
  try {
    v8.setFlagsFromString('--expose-gc');
    return require('node:vm').runInNewContext('gc');
  } catch {
    return undefined;
  } finally {
    v8.setFlagsFromString('--no-expose-gc');
  }
})();
const { control, contents, results } = workerData;
const c = new Int32Array(control);
let slot = 0;
let jobs = 0;
for (;;) {
  const seen = Atomics.load(c, ${SEQ});
  let did = false;
  for (let i = 0; i < ${SLOTS}; i++, slot = (slot + 1) % ${SLOTS}) {
    if (Atomics.compareExchange(c, ${STATE} + slot, ${QUEUED}, ${DEFLATING}) !== ${QUEUED}) continue;
    did = true;
    let done = ${NOT_DONE};
    try {
      const z = deflateSync(new Uint8Array(contents[slot], 0, Atomics.load(c, ${LENGTH} + slot)));
      if (z.length <= results[slot].byteLength) {
        new Uint8Array(results[slot], 0, z.length).set(z);
        Atomics.store(c, ${RESULT} + slot, z.length);
        done = ${DONE};
      }
    } catch {}
    Atomics.store(c, ${STATE} + slot, done);
    Atomics.notify(c, ${STATE} + slot);
    if (++jobs % ${JOBS_PER_COLLECTION} === 0 && gc) gc({ type: 'minor' });
  }
  if (Atomics.load(c, ${CLOSING})) break;
  if (!did) Atomics.wait(c, ${SEQ}, seen);
}
`;

/** The control array's layout, for a test's thread (one that hangs). */
export const DEFLATE_CONTROL = { SEQ, STATE, QUEUED, DEFLATING } as const;

/** For the tests: another thread's code (one that hangs), and a shorter wait for it. */
export interface ThreadDeflaterOptions {
  readonly threadCode?: string;
  readonly waitMs?: number;
}

/** SLOTS growable buffers of 64 KiB, or undefined where they cannot be made. */
function slotBuffers(): GrowableSharedBuffer[] | undefined {
  const buffers = Array.from({ length: SLOTS }, () => growableSharedBuffer(1 << 16, SLOT_MAX_BYTES));
  return buffers.every((b) => b !== undefined) ? buffers as GrowableSharedBuffer[] : undefined;
}

/**
 * A Deflater with a thread of its own; undefined when the thread cannot be made. Nothing is posted
 * to the thread: each slot's content and result buffers are shared with it once, at its start,
 * and grow in place; a job is a state word. The thread is unref'd: it never keeps the process alive.
 */
export function threadDeflater(options: ThreadDeflaterOptions = {}): Deflater | undefined {
  const waitMs = options.waitMs ?? JOB_WAIT_MS;
  let worker: Worker;
  let c: Int32Array;
  const contents = slotBuffers();
  const results = slotBuffers();
  if (!contents || !results) return undefined;
  try {
    const control = new SharedArrayBuffer(4 * (RESULT + SLOTS));
    c = new Int32Array(control);
    worker = new Worker(options.threadCode ?? THREAD, { eval: true, workerData: { control, contents, results } });
  } catch {
    return undefined;
  }
  worker.unref();
  // a thread that fails leaves its jobs to the layout's thread (take)
  worker.on('error', () => {});
  let open = true;
  let closed = false;
  let next = 0;
  let unsignalled = 0;
  const inline = inlineDeflater();
  const counts = { thread: 0, hung: 0, get here() { return inline.counts.here + here; } };
  let here = 0;
  return {
    counts,
    submit(chunks) {
      const slot = next;
      const length = total(chunks);
      // a slot still in use (more pages handed over than taken), or a page too big for one: here
      if (!open || Atomics.load(c, STATE + slot) !== FREE || resultRoom(length) > SLOT_MAX_BYTES) return inline.submit(chunks);
      next = (next + 1) % SLOTS;
      const content = contents[slot]!;
      const result = results[slot]!;
      if (content.byteLength < length) content.grow(length);
      if (result.byteLength < resultRoom(length)) result.grow(resultRoom(length));
      concat(chunks, new Uint8Array(content, 0, length));
      Atomics.store(c, LENGTH + slot, length);
      Atomics.store(c, STATE + slot, QUEUED);
      if (++unsignalled >= BATCH) {
        unsignalled = 0;
        Atomics.add(c, SEQ, 1);
        Atomics.notify(c, SEQ);
      }
      return {
        take() {
          try {
            let s = Atomics.compareExchange(c, STATE + slot, QUEUED, FREE);
            if (s === QUEUED) { here++; return deflateSync(new Uint8Array(content, 0, length)); } // not begun: done here
            if (s === DEFLATING && Atomics.wait(c, STATE + slot, DEFLATING, waitMs) === 'timed-out') {
              // the thread is stuck (or gone): no more jobs for it, and this slot is never reused
              open = false;
              here++;
              counts.hung++;
              return deflateSync(new Uint8Array(content, 0, length));
            }
            s = Atomics.load(c, STATE + slot);
            if (s === DONE) counts.thread++; else here++;
            // a copy: the slot is reused
            const z = s === DONE ? new Uint8Array(result, 0, Atomics.load(c, RESULT + slot)).slice() : deflateSync(new Uint8Array(content, 0, length));
            Atomics.store(c, STATE + slot, FREE);
            return z;
          } catch (e) {
            open = false;
            throw e;
          }
        },
      };
    },
    close() {
      if (closed) return;
      open = false;
      closed = true;
      Atomics.store(c, CLOSING, 1);
      Atomics.add(c, SEQ, 1);
      Atomics.notify(c, SEQ);
      void worker.terminate();
    },
  };
}

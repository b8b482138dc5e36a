/**
 * The PDF edition's verification, on a worker thread for big books so that it runs while the
 * EPUB is rendered and checked on the main thread (the EPUB needs the PDF's page map, so the two
 * renders cannot overlap, but the PDF's read-back can). Small books verify on the main thread: a
 * worker's start-up would cost more than it saves.
 *
 * The thread is fed the file's bytes as they are written; at the end it is sent only their
 * SHA-256 (or, when it reads the very memory the file is written into, the file's length), and the
 * file itself only when it asks (what it was fed was not the file).
 *
 * Fail-closed: a worker that dies, or cannot start, is an X-PDF error, never a pass.
 */
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../code-files.js';
import { sha256 } from '../digest.js';
import { error } from '../model/diagnostic.js';
import type { PdfExpectations } from '../verify/pdf/index.js';
import { verifyPdfEdition, type PdfVerification, type PdfVerificationOptions } from '../verify/pdf/edition.js';
import type { EditionWorkerReply } from '../verify/pdf/edition-worker.js';

/**
 * From this many blocks on (about 10,000 words, 40 pages), the read-back runs on its own thread.
 * Decided when the manuscript is loaded, so the thread starts (and loads its modules) while
 * the book is enriched and laid out.
 */
export const WORKER_MIN_BLOCKS = 150;

export function wantsWorker(chapters: readonly { blocks: readonly unknown[]; notes: readonly unknown[] }[]): boolean {
  return chapters.reduce((n, c) => n + c.blocks.length + c.notes.length, 0) >= WORKER_MIN_BLOCKS;
}

export interface PendingVerification {
  result(): Promise<PdfVerification>;
}

/** Verifies one PDF edition, on a worker thread or (lazily, when its result is asked for) here. */
export interface PdfVerifier {
  /** The file's bytes as the renderer writes them: the thread reads pages while the layout goes
   * on. Absent when verifying here (nothing can read ahead on the thread that lays out). */
  readonly feed?: (chunk: Uint8Array) => void;
  /** Call once, with the rendered bytes. */
  start(bytes: Uint8Array, expect: PdfExpectations, options?: PdfVerificationOptions): PendingVerification;
  /** Stops the thread; the build calls it on every way out. */
  close(): void;
}

export function pdfVerifier(useWorker: boolean): PdfVerifier {
  if (!useWorker) return { start: (bytes, expect, options) => ({ result: () => verifyPdfEdition(bytes, expect, undefined, options) }), close: () => {} };
  const failed = (why: string): PdfVerification => ({ diagnostics: [error('X-PDF', `the PDF edition could not be verified: ${why}`)] });
  let worker: Worker | undefined;
  let sendBytes = (): void => { settle(failed('the verifying thread asked for the file before it was complete')); };
  let settle: (r: PdfVerification) => void = () => {};
  /** What the thread reported; the build gets it when the thread has exited. */
  let reported: PdfVerification | undefined;
  const outcome = new Promise<PdfVerification>((resolve) => { settle = resolve; });
  try {
    const w = startWorker('verify/pdf/edition-worker');
    worker = w;
    w.on('message', (r: EditionWorkerReply) => {
      if (r.type === 'need-bytes') { sendBytes(); return; }
      // the result once the thread has ended: its memory is given back before the build goes on
      reported = r.result;
      void w.terminate();
    });
    w.once('error', (e) => settle(failed(e.message)));
    w.once('exit', (code) => settle(reported ?? failed(`the verifying thread exited (code ${code}) before it reported`)));
  } catch (e) {
    settle(failed(e instanceof Error ? e.message : String(e)));
  }
  // Where the renderer writes the file into shared memory from its first byte, the thread reads
  // that memory: it is told once which, then how far the file has been written, every 256 KiB.
  // Else chunks go over as copies, in batches (pdfkit writes many small pieces).
  let mode: 'undecided' | 'shared' | 'copies' | 'broken' = 'undecided';
  let sharedBuffer: ArrayBufferLike | undefined;
  let written = 0;
  let told = 0;
  const tell = (): void => {
    if (written === told) return;
    told = written;
    try { worker?.postMessage({ type: 'length', length: written }); } catch { /* reported when the result is asked for */ }
  };
  let batch: Uint8Array[] = [];
  let batched = 0;
  const send = (): void => {
    if (batched === 0) return;
    // its own ArrayBuffer (never Node's shared pool), so it can be transferred
    const data = new Uint8Array(batched);
    let at = 0;
    for (const c of batch) { data.set(c, at); at += c.length; }
    batch = [];
    batched = 0;
    try { worker?.postMessage({ type: 'chunk', data }, [data.buffer]); } catch { /* reported when the result is asked for */ }
  };
  return {
    feed: (chunk) => {
      const buffer = chunk.buffer;
      if (mode === 'undecided') {
        const isShared = typeof SharedArrayBuffer === 'function' && buffer instanceof SharedArrayBuffer;
        mode = isShared && chunk.byteOffset === 0 ? 'shared' : 'copies';
        if (mode === 'shared') {
          sharedBuffer = buffer;
          try { worker?.postMessage({ type: 'shared', buffer }); } catch { /* reported when the result is asked for */ }
        }
      }
      if (mode === 'shared') {
        // the same memory, and the file's next bytes: anything else, and the thread reads what it was
        // told so far, finds it is not the file (by its digest) and asks for the file itself
        if (buffer !== sharedBuffer || chunk.byteOffset !== written) { mode = 'broken'; return; }
        written += chunk.byteLength;
        if (written - told >= 256 * 1024) tell();
        return;
      }
      if (mode === 'broken') return;
      batch.push(chunk);
      batched += chunk.length;
      if (batched >= 256 * 1024) send();
    },
    start(bytes, expect, options = {}) {
      const fail = (e: unknown): void => {
        settle(failed(e instanceof Error ? e.message : String(e)));
        void worker?.terminate();
      };
      // the file itself, if the thread asks: what it was fed was not the file
      sendBytes = () => {
        try {
          // a copy, handed over (not cloned again): the main thread keeps the bytes it will write
          const copy = new Uint8Array(bytes);
          worker?.postMessage({ type: 'bytes', bytes: copy }, [copy.buffer]);
        } catch (e) {
          fail(e);
        }
      };
      try {
        if (mode === 'shared') tell();
        else send();
        // The file in the very memory the thread reads, all of it told: then it is what the thread
        // read, by construction, and neither thread hashes 12 MB (500k words) to prove it.
        const inShared = mode === 'shared' && bytes.buffer === sharedBuffer && bytes.byteOffset === 0 && bytes.length === written;
        worker?.postMessage(inShared ? { type: 'end', length: bytes.length, expect, options } : { type: 'end', sha256: sha256(bytes), expect, options });
      } catch (e) {
        fail(e);
      }
      return { result: () => outcome };
    },
    close() { void worker?.terminate(); },
  };
}

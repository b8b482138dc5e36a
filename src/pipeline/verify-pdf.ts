/**
 * Starts the PDF edition's verification, on a worker thread for big books so that it runs while
 * the EPUB is rendered and checked on the main thread (the EPUB needs the PDF's page map, so the
 * two renders cannot overlap, but the PDF's read-back can). Small books verify on the main
 * thread: a worker's start-up would cost more than it saves.
 *
 * Fail-closed: a worker that dies, or cannot start, is an X-PDF error, never a pass.
 */
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../code-files.js';
import { error } from '../model/diagnostic.js';
import type { PdfExpectations } from '../verify/pdf/index.js';
import { verifyPdfEdition, type PdfVerification } from '../verify/pdf/edition.js';

/** From this PDF size on, the read-back runs on its own thread (about 40 pages of text). */
export const WORKER_MIN_BYTES = 256 * 1024;

export interface PendingVerification {
  result(): Promise<PdfVerification>;
  /** Stops the worker (when the build fails before it needs the result). */
  cancel(): void;
}

export function startPdfVerification(bytes: Uint8Array, expect: PdfExpectations, useWorker: boolean): PendingVerification {
  if (!useWorker) return { result: () => verifyPdfEdition(bytes, expect), cancel: () => {} };
  let worker: Worker | undefined;
  const failed = (why: string): PdfVerification => ({ diagnostics: [error('X-PDF', `the PDF edition could not be verified: ${why}`)] });
  const promise = new Promise<PdfVerification>((resolve) => {
    try {
      const w = startWorker('verify/pdf/edition-worker');
      worker = w;
      w.once('message', (r: PdfVerification) => { resolve(r); void w.terminate(); });
      w.once('error', (e) => resolve(failed(e.message)));
      w.once('exit', (code) => resolve(failed(`the verifying thread exited (code ${code}) before it reported`)));
      // a copy: the main thread keeps the bytes it will write
      w.postMessage({ bytes: new Uint8Array(bytes), expect });
    } catch (e) {
      void worker?.terminate();
      resolve(failed(e instanceof Error ? e.message : String(e)));
    }
  });
  return { result: () => promise, cancel: () => { void worker?.terminate(); } };
}

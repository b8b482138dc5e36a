/** A worker thread that verifies one PDF edition (edition.ts) and posts the result. */
import { parentPort } from 'node:worker_threads';
import { verifyPdfEdition } from './edition.js';
import type { PdfExpectations } from './index.js';

parentPort?.once('message', async (job: { bytes: Uint8Array; expect: PdfExpectations }) => {
  parentPort?.postMessage(await verifyPdfEdition(job.bytes, job.expect));
});

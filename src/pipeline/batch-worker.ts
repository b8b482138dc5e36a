/** A batch worker: builds the manuscripts it is sent, one at a time, and posts each result. */
import { parentPort } from 'node:worker_threads';
import { keepShapingAcrossBuilds } from '../shaping-cache.js';
import { build, type EditionFormat } from './build.js';

// one book after another: each word is shaped once for the worker, not once per book
keepShapingAcrossBuilds();

parentPort?.on('message', async (job: { manuscript: string; out: string; formats?: readonly EditionFormat[] }) => {
  const t = performance.now();
  // the pool already keeps every core busy: a verifying thread per book would only compete
  const r = await build({ manuscript: job.manuscript, out: job.out, verifyOnWorker: false, ...(job.formats ? { formats: job.formats } : {}) });
  parentPort?.postMessage({ manuscript: job.manuscript, ok: r.ok, files: r.files, diagnostics: r.diagnostics, ms: performance.now() - t });
});
// its code is loaded (batch.ts onWorkersLoaded)
parentPort?.postMessage({ loaded: true });

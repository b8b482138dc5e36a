/**
 * The worker modules the command's bundle carries: a worker thread started from the bundle for one
 * of these (bin/lectern-worker.cjs) loads the bundle with its code cache and runs it, instead of
 * loading lib/ file by file (src/code-files.ts startWorker).
 *
 * Only the batch worker, which runs the whole pipeline: an archive of 30 sample articles through
 * build-all, 7.1 -> 6.1 s (5 paired runs). The thread that reads a big book's PDF back needs a
 * few modules of lib/verify; from the bundle it started no sooner (50k words, PDF alone: 2.46 vs
 * 2.52 s, 8 paired runs) and held 30 MB more, so it loads its files.
 */
export const WORKER_MODULES = {
  'pipeline/batch-worker': () => import('./pipeline/batch-worker.js'),
} as const;

/** Every worker module, in the bundle or not. */
export type WorkerModule = keyof typeof WORKER_MODULES | 'verify/pdf/edition-worker';

/** Runs a worker module on this thread (it listens for its messages once loaded). */
export async function runWorkerModule(name: string): Promise<void> {
  const load = (WORKER_MODULES as Record<string, (() => Promise<unknown>) | undefined>)[name];
  if (!load) throw new Error(`no worker module ${name}`);
  await load();
}

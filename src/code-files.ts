/**
 * Where Lectern's own files are, from one module at the root of the code: `lib/` when compiled,
 * `src/` when the tests run the TypeScript, and `lib/lectern.bundle.cjs` (the command-line bundle,
 * which sits in `lib/` too; there `import.meta.url` is the bundle's own URL). Every other module would resolve differently inside the bundle, so
 * paths relative to the code are only ever made here.
 */
import { Worker } from 'node:worker_threads';
import { WORKER_MODULES, type WorkerModule } from './worker-modules.js';

const here = import.meta.url;
const fromSource = here.endsWith('.ts');
/** Running from lib/lectern.bundle.cjs (the command), not from lib/*.js (the API). */
const fromBundle = here.endsWith('.cjs');
const codeRoot = new URL('./', here);

/** Lectern's templates/ folder (EPUB templates, CSS, the web page). */
export const TEMPLATES = new URL('../templates/', codeRoot);

/** The command's one-file bundle (scripts/bundle.mjs); its build server is named for it (server/address.ts). */
export const COMMAND_BUNDLE = new URL(fromSource ? '../lib/lectern.bundle.cjs' : './lectern.bundle.cjs', codeRoot);

/** The command (`lectern`), which `lectern server start` runs again as the server. */
export const COMMAND = new URL('../bin/lectern.js', codeRoot);

/** A module of Lectern's code, e.g. `pipeline/batch-worker`, as a file URL. */
function codeFile(module: string): URL {
  return new URL(`${module}.${fromSource ? 'ts' : 'js'}`, codeRoot);
}

/**
 * Starts one of Lectern's worker modules on a new thread. From the command's bundle, a module the
 * bundle carries (worker-modules.ts) runs from it, code cache included (bin/lectern-worker.cjs: a
 * batch worker's first book 1.5 -> 1.1 s); from the TypeScript sources (the tests), the thread
 * registers tsx first.
 */
export function startWorker(module: WorkerModule): Worker {
  if (fromBundle && module in WORKER_MODULES) {
    return new Worker(new URL('../bin/lectern-worker.cjs', codeRoot), { workerData: { lecternWorker: module } });
  }
  const url = codeFile(module);
  return fromSource
    ? new Worker(`(async () => { (await import('tsx/esm/api')).register(); await import(${JSON.stringify(url.href)}); })();`, { eval: true })
    : new Worker(url);
}

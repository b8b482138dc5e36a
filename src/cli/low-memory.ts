/**
 * The commands' `--low-memory` hold on V8's heap (`lectern build`, `lectern build-all`). After each
 * full collection V8 lets the old generation grow to a multiple of what survived before it
 * collects again; the multiple is picked from the collector's speed and runs up to 4, so a build
 * that makes garbage fast (laying out a big book) peaks far above its live data.
 * `--heap-growing-percent=N` fixes the multiple at 1 + N/100. V8 reads the flag each time it sets
 * the next limit, so setting it at run time works, and it is restored when the work ends. V8's
 * flags belong to the process, so the hold reaches worker threads too, and it changes the hash
 * V8 checks a code cache against: the command sets it once its code is loaded (build-all: once
 * its workers' code is). The library (`build()`, `buildAll()`) never sets it.
 *
 * At 500k words with the read-back on the main thread, from the command line (3 alternating runs
 * of each): 30% peaked at 314–321 MiB in 12.1–12.8 s, against 414–438 MiB in 10.9–12.7 s without
 * the hold; 20% at 312–346 MiB but in 13.8–14.0 s; 40% at 347–362 MiB in 12.1–13.9 s.
 */
import os from 'node:os';
import v8 from 'node:v8';
import vm from 'node:vm';

export const LOW_MEMORY_HEAP_GROWING_PERCENT = 30;

/**
 * Under this memory limit the commands work the low-memory way unless told not to
 * (`--no-low-memory`): 500k words peak at about 350-360 MiB by default and 270-280 MiB the
 * low-memory way (600 and 350 before the default way shared the PDF's memory with its read-back
 * thread and stopped overlapping the two read-backs), so in a container of 512 MiB or 768 MiB a
 * book twice that size still has room.
 */
export const LOW_MEMORY_BELOW_BYTES = 1024 * 1024 * 1024;

/** The memory the process may use when something less than the machine's memory limits it (a
 * container's control group), else undefined. Node 20 says 2^64 when there is no limit, later
 * versions 0. */
export function memoryLimit(): number | undefined {
  const limit = process.constrainedMemory?.();
  return typeof limit === 'number' && limit > 0 && limit < os.totalmem() ? limit : undefined;
}

/** `--low-memory` as given, `--no-low-memory` as given, or else whether the memory limit is low. */
export function lowMemoryChosen(given: boolean | undefined, limit = memoryLimit()): { lowMemory: boolean; because?: string } {
  if (given !== undefined) return { lowMemory: given };
  if (limit !== undefined && limit < LOW_MEMORY_BELOW_BYTES) {
    return { lowMemory: true, because: `the process may use ${Math.round(limit / 2 ** 20)} MiB (its control group's limit), under ${LOW_MEMORY_BELOW_BYTES / 2 ** 30} GiB` };
  }
  return { lowMemory: false };
}

/** Holds the old generation's growth to LOW_MEMORY_HEAP_GROWING_PERCENT until the returned
 * function is called. */
export function holdHeapGrowth(): () => void {
  v8.setFlagsFromString(`--heap-growing-percent=${LOW_MEMORY_HEAP_GROWING_PERCENT}`);
  // 0 is V8's default: the multiple picked from the collector's speed
  return () => v8.setFlagsFromString('--heap-growing-percent=0');
}

/** Runs `work` with the old generation's growth held; V8's default is back when it ends, or fails. */
export async function withHeapGrowthHeld<T>(work: () => Promise<T>): Promise<T> {
  const release = holdHeapGrowth();
  try {
    return await work();
  } finally {
    release();
  }
}

let fullCollection: (() => void) | undefined;

/**
 * V8's full collection, for `build()`'s `collect` (both ways of working). Node gives it only to a
 * process started with `--expose-gc`: the flag is set just long enough to take the function from
 * a new context, then set back, so the hash V8 checks a code cache against is V8's own again.
 */
export function collectGarbage(): void {
  if (!fullCollection) {
    const own = (globalThis as { gc?: () => void }).gc;
    if (typeof own === 'function') fullCollection = own;
    else {
      v8.setFlagsFromString('--expose-gc');
      try {
        const gc: unknown = vm.runInNewContext('gc');
        if (typeof gc !== 'function') throw new Error('V8 gave no gc function for --expose-gc');
        fullCollection = gc as () => void;
      } finally {
        v8.setFlagsFromString('--no-expose-gc');
      }
    }
  }
  fullCollection();
}

/** What a command says on stderr when it works the low-memory way unasked. */
export function lowMemoryNotice(command: string, because: string): string {
  return `lectern ${command}: working the low-memory way, as --low-memory does: ${because} (--no-low-memory works the usual way)\n`;
}

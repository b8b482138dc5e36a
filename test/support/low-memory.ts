/**
 * The commands' low-memory way, seen from a test: the V8 flags they set are recorded, and the
 * memory limit they read is the test's to choose (none at first, whatever the machine running
 * the tests has: under 1 GiB the commands would hold the heap unasked).
 */
import v8 from 'node:v8';
import { expect, vi } from 'vitest';

/** The flags a command sets when it holds V8's heap growth for its work, in order. */
export const HELD = [['--heap-growing-percent=30'], ['--heap-growing-percent=0']];

export const MiB = 2 ** 20;

export interface LowMemoryWatch { flagsSet(): unknown[][]; limitTo(bytes: number): void }

export function watchLowMemory(): LowMemoryWatch {
  const flags = vi.spyOn(v8, 'setFlagsFromString');
  // Node 20 says 2^64 when nothing limits the process
  const limit = vi.spyOn(process, 'constrainedMemory').mockReturnValue(2 ** 64);
  return {
    /** The flags set since the last call, but for the moment's --expose-gc that takes V8's full
     * collection (collectGarbage: test/cli/low-memory.test.ts). */
    flagsSet() {
      const calls = flags.mock.calls.map((c) => [...c]).filter(([f]) => f !== '--expose-gc' && f !== '--no-expose-gc');
      flags.mockClear();
      return calls;
    },
    limitTo(bytes) { limit.mockReturnValue(bytes); },
  };
}

/**
 * Runs a command the usual way (no flags set) and with `--low-memory` (the heap held, then
 * released), with no memory limit; returns what each run gave and the watch, for the runs under
 * a limit that follow.
 */
export async function usualAndLow<T>(run: (extra: string[]) => Promise<T>): Promise<{ usual: T; low: T; watch: LowMemoryWatch }> {
  const watch = watchLowMemory();
  const usual = await run([]);
  expect(watch.flagsSet()).toEqual([]);
  const low = await run(['--low-memory']);
  expect(watch.flagsSet()).toEqual(HELD);
  return { usual, low, watch };
}

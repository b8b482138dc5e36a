/** withHeapGrowthHeld: V8's old generation grows by a fixed 30% while the work runs, and by V8's own choice after it, even when the work fails. */
import os from 'node:os';
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LOW_MEMORY_HEAP_GROWING_PERCENT, collectGarbage, lowMemoryChosen, memoryLimit, withHeapGrowthHeld } from '../../src/cli/low-memory.js';

afterEach(() => { vi.restoreAllMocks(); });

describe('withHeapGrowthHeld', () => {
  it('sets the growth before the work starts and restores V8\'s default when it ends', async () => {
    const flags = vi.spyOn(v8, 'setFlagsFromString');
    let during: unknown[][] = [];
    const value = await withHeapGrowthHeld(async () => { during = flags.mock.calls.map((c) => [...c]); return 42; });
    expect(value).toBe(42);
    expect(LOW_MEMORY_HEAP_GROWING_PERCENT).toBe(30);
    expect(during).toEqual([['--heap-growing-percent=30']]);
    expect(flags.mock.calls).toEqual([['--heap-growing-percent=30'], ['--heap-growing-percent=0']]);
  });

  it('restores the default when the work throws', async () => {
    const flags = vi.spyOn(v8, 'setFlagsFromString');
    await expect(withHeapGrowthHeld(async () => { throw new Error('the build broke'); })).rejects.toThrow('the build broke');
    expect(flags.mock.calls.at(-1)).toEqual(['--heap-growing-percent=0']);
  });
});

describe('memoryLimit and lowMemoryChosen', () => {
  const MiB = 2 ** 20;

  it('reads a control group\'s limit, and no limit from 2^64 (Node 20), 0 (later Node) or the machine\'s own memory', () => {
    const limit = vi.spyOn(process, 'constrainedMemory');
    limit.mockReturnValue(512 * MiB);
    expect(memoryLimit()).toBe(512 * MiB);
    for (const none of [2 ** 64, 0, os.totalmem()]) {
      limit.mockReturnValue(none);
      expect(memoryLimit()).toBeUndefined();
    }
  });

  it('works the low-memory way when told, or under 1 GiB unless told not to', () => {
    expect(lowMemoryChosen(true, undefined)).toEqual({ lowMemory: true });
    expect(lowMemoryChosen(false, 256 * MiB)).toEqual({ lowMemory: false });
    expect(lowMemoryChosen(undefined, undefined)).toEqual({ lowMemory: false });
    expect(lowMemoryChosen(undefined, 1024 * MiB)).toEqual({ lowMemory: false });
    expect(lowMemoryChosen(undefined, 768 * MiB)).toEqual({
      lowMemory: true, because: 'the process may use 768 MiB (its control group\'s limit), under 1 GiB',
    });
  });
});

describe('collectGarbage', () => {
  it('collects what nothing holds, and leaves V8\'s flags as they were', async () => {
    expect((globalThis as { gc?: unknown }).gc).toBeUndefined();
    const flags = vi.spyOn(v8, 'setFlagsFromString');
    const dropped = (() => new WeakRef({ big: new Array(1000).fill('x') }))();
    // a WeakRef's target lives to the end of the job that made it
    await new Promise((resolve) => setImmediate(resolve));
    collectGarbage();
    expect(dropped.deref()).toBeUndefined();
    expect(flags.mock.calls).toEqual([['--expose-gc'], ['--no-expose-gc']]);
    expect(vm.runInNewContext('typeof gc')).toBe('undefined');
    expect((globalThis as { gc?: unknown }).gc).toBeUndefined();
    // the collection is kept: the flag is not touched again
    collectGarbage();
    expect(flags.mock.calls).toHaveLength(2);
  });
});

/** withHeapGrowthHeld: V8's old generation grows by a fixed 30% while the work runs, and by V8's own choice after it, even when the work fails. */
import v8 from 'node:v8';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LOW_MEMORY_HEAP_GROWING_PERCENT, withHeapGrowthHeld } from '../../src/cli/low-memory.js';

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

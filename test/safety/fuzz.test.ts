/**
 * Issue 6, case 6: fuzzing. 25 seeded random manuscripts (fuzz-model.ts): each build succeeds with
 * editions that pass Lectern's own checks, or fails with L- errors at manuscript positions only
 * (never I-BUG, never an exception). `npm run fuzz` (scripts/fuzz.ts) runs many more.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkManuscript, manuscriptArbitrary } from './fuzz-model.js';

const SEED = 0x1ec7e6;
const RUNS = Number(process.env.LECTERN_FUZZ_RUNS ?? 25);

describe('fuzzing (issue 6, case 6)', () => {
  it(`${RUNS} random manuscripts: a checked book or clear L- diagnostics (seed ${SEED})`, async () => {
    const t0 = performance.now();
    const failures: string[] = [];
    await fc.assert(
      fc.asyncProperty(manuscriptArbitrary(), async (m) => {
        const problem = await checkManuscript(m);
        if (problem) failures.push(`${problem}\n--- book.yaml\n${m.bookYaml}\n--- chapters\n${m.chapters.join('\n--- next chapter\n')}`);
        return problem === '';
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    ).catch((e: Error) => { throw new Error(`${failures[0] ?? ''}\n\n${e.message.split('\n').slice(0, 4).join('\n')}`); });
    expect(performance.now() - t0).toBeLessThan(60_000);
  }, 90_000);
});

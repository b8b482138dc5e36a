/**
 * E-A11Y-7: EPUBCheck (0 fatal, 0 errors, 0 warnings) and DAISY Ace (0 critical, serious or
 * moderate) on the built sample and rich EPUBs. A validator that is not installed skips with a
 * notice, unless LECTERN_REQUIRE_VALIDATORS=1, when it fails.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { runAce, runEpubcheck, type ValidatorRun } from '../../src/verify/external.js';
import { RICH_DIR, SAMPLE_DIR, sharedBuild } from '../support/build-helpers.js';

const required = process.env.LECTERN_REQUIRE_VALIDATORS === '1';

const BOOKS = [
  { name: 'sample', dir: SAMPLE_DIR },
  { name: 'rich', dir: RICH_DIR },
] as const;

type Runs = Record<string, { epubcheck: ValidatorRun; ace: ValidatorRun }>;
let runs: Runs = {};

beforeAll(async () => {
  const built = await Promise.all(BOOKS.map((b) => sharedBuild(b.dir)));
  // EPUBCheck (Java) and Ace (Chromium) each take seconds: run all four at once.
  const results = await Promise.all(built.flatMap((b) => [runEpubcheck(b.epubPath), runAce(b.epubPath)]));
  runs = Object.fromEntries(BOOKS.map((b, i) => [b.name, { epubcheck: results[2 * i]!, ace: results[2 * i + 1]! }]));
}, 240_000);

/** True when the run may be judged; false (with a notice) when the tool did not run and that is allowed. */
function ran(r: ValidatorRun, book: string): boolean {
  if (r.ran) return true;
  const why = r.diagnostics.map((d) => d.message).join('; ');
  if (required) expect.fail(`${r.tool} did not run on the ${book} EPUB and LECTERN_REQUIRE_VALIDATORS=1: ${why}`);
  console.warn(`[skipped] ${r.tool} is not available, the ${book} EPUB was not validated by it: ${why}`);
  return false;
}

describe.each(BOOKS)('external validators on the $name EPUB', ({ name }) => {
  it('EPUBCheck: 0 fatal, 0 errors, 0 warnings', (ctx) => {
    const r = runs[name]!.epubcheck;
    if (!ran(r, name)) { ctx.skip(); return; }
    const found = r.diagnostics.map((d) => d.message).join('\n');
    expect({ fatal: r.counts.fatal, error: r.counts.error, warning: r.counts.warning }, found).toEqual({ fatal: 0, error: 0, warning: 0 });
    expect(r.passed).toBe(true);
    expect(r.version).toMatch(/^\d+\.\d+/);
  }, 120_000);

  it('DAISY Ace: 0 critical, 0 serious, 0 moderate', (ctx) => {
    const r = runs[name]!.ace;
    if (!ran(r, name)) { ctx.skip(); return; }
    const found = r.diagnostics.map((d) => d.message).join('\n');
    expect({ critical: r.counts.critical, serious: r.counts.serious, moderate: r.counts.moderate }, found).toEqual({ critical: 0, serious: 0, moderate: 0 });
    expect(r.passed).toBe(true);
  }, 120_000);
});

describe('a validator that cannot run', () => {
  it('is reported as not run, never as a pass', async () => {
    const r = await runEpubcheck('/nonexistent/lectern-test.epub');
    // Either the tool is missing (ran: false) or it ran and failed to open the file: never passed.
    expect(r.passed).toBe(false);
  }, 120_000);
});

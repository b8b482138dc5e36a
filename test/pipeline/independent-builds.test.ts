/**
 * Builds in one process do not leak into each other, and the installed command (the bundle, with
 * pdfkit and fontkit inside: scripts/bundle.mjs) writes what the library writes. A build that comes
 * after another book's in the same process gives the bytes the command gives alone.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from '../../src/pipeline/build.js';
import { EPOCH, REPO, RICH_DIR, SAMPLE_DIR, cleanTemps, fixedEffects, tempDir } from '../support/build-helpers.js';

afterAll(cleanTemps);

describe('builds in a row', () => {
  it('a build after another book\'s gives the bytes the command gives alone', async () => {
    const effects = fixedEffects();
    const rich = await build({ manuscript: RICH_DIR, out: await tempDir(), dryRun: true, effects });
    expect(rich.ok).toBe(true);
    const after = await build({ manuscript: SAMPLE_DIR, out: await tempDir(), dryRun: true, effects });
    expect(after.diagnostics).toEqual([]);

    const out = await tempDir();
    await promisify(execFile)(process.execPath, [path.join(REPO, 'bin', 'lectern.js'), 'build', SAMPLE_DIR, '--out', out, '--quiet'], {
      env: { ...process.env, SOURCE_DATE_EPOCH: EPOCH },
    });
    for (const ext of ['pdf', 'epub'] as const) {
      const alone = await readFile(path.join(out, `friendship-of-azerbaijan-and-pakistan.${ext}`));
      expect(Buffer.from(after.outputs![ext]!).equals(alone), ext).toBe(true);
    }
  }, 60_000);
});

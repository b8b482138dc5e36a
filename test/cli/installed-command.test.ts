/**
 * The command as npm installs it: bin/lectern.js running the compiled bundle (lib/lectern.bundle.js,
 * made by the prepare script). The other CLI tests call main() from the TypeScript sources, so
 * only this file proves that the bundle finds its templates and its worker threads.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { cp, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { generateManuscript } from '../../bench/generate.js';
import { nodeEffects } from '../../src/effects.js';
import { loadManuscript } from '../../src/manuscript/load.js';
import { wantsWorker } from '../../src/pipeline/verify-pdf.js';
import { EPOCH, REPO, SAMPLE_DIR, cleanTemps, tempDir } from '../support/build-helpers.js';

const run = promisify(execFile);
const BIN = path.join(REPO, 'bin', 'lectern.js');
const env = { ...process.env, SOURCE_DATE_EPOCH: EPOCH };

afterAll(cleanTemps);

async function lectern(args: string[]): Promise<{ stdout: string; stderr: string }> {
  return run(process.execPath, [BIN, ...args], { env, maxBuffer: 1 << 24 });
}

describe('the installed command (bin/lectern.js and the bundle)', () => {
  it('is built by npm install (the prepare script)', () => {
    expect(existsSync(path.join(REPO, 'lib', 'lectern.bundle.js'))).toBe(true);
  });

  it('builds the sample: both editions and the download page from the templates', async () => {
    const out = await tempDir();
    const { stdout } = await lectern(['build', SAMPLE_DIR, '--out', out, '--json']);
    const r = JSON.parse(stdout) as { ok: boolean; files: { format: string; bytes: number }[] };
    expect(r.ok).toBe(true);
    expect(r.files.map((f) => f.format).sort()).toEqual(['epub', 'html', 'pdf']);
    expect(readdirSync(out).sort()).toEqual(['friendship-of-azerbaijan-and-pakistan.epub', 'friendship-of-azerbaijan-and-pakistan.pdf', 'index.html']);
  }, 60_000);

  it('verifies a big book\'s PDF on its worker thread', async () => {
    const ms = path.join(await tempDir(), 'big');
    generateManuscript(ms, 20_000, 3);
    const out = await tempDir();
    const { stdout } = await lectern(['build', ms, '--out', out, '--json']);
    const r = JSON.parse(stdout) as { ok: boolean; files: { format: string; bytes: number }[]; diagnostics: unknown[] };
    expect(r.diagnostics).toEqual([]);
    expect(r.ok).toBe(true);
    // big enough that the read-back ran on the worker (pipeline/verify-pdf.ts WORKER_MIN_BLOCKS)
    const loaded = await loadManuscript(ms, nodeEffects());
    expect(loaded.ok && wantsWorker(loaded.manuscript.chapters)).toBe(true);
  }, 120_000);

  it('build-all runs its pool of workers', async () => {
    const root = await tempDir();
    for (const name of ['one', 'two']) await cp(SAMPLE_DIR, path.join(root, name), { recursive: true });
    const out = await tempDir();
    await mkdir(out, { recursive: true });
    await lectern(['build-all', root, '--out', out, '--jobs', '2']);
    for (const name of ['one', 'two']) expect(readdirSync(path.join(out, name))).toContain('index.html');
  }, 120_000);
});

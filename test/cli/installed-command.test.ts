/**
 * The command as npm installs it: bin/lectern.js running the compiled bundle (lib/lectern.bundle.cjs
 * with its V8 code cache, made by the prepare script). The other CLI tests call main() from the
 * TypeScript sources, so only this file proves that the bundle finds its templates, its worker
 * threads and pdf.js.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { cp, mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { generateManuscript } from '../../bench/generate.js';
import { nodeEffects } from '../../src/effects.js';
import { loadManuscript } from '../../src/manuscript/load.js';
import { wantsWorker } from '../../src/pipeline/verify-pdf.js';
import { EPOCH, REPO, SAMPLE_DIR, cleanTemps, tempDir } from '../support/build-helpers.js';
import { EDITIONS_RECORD } from '../../src/pipeline/superseded.js';

const run = promisify(execFile);
const BIN = path.join(REPO, 'bin', 'lectern.js');
const env = { ...process.env, SOURCE_DATE_EPOCH: EPOCH };

afterAll(cleanTemps);

async function lectern(args: string[], bin = BIN, extraEnv: Record<string, string> = {}): Promise<{ stdout: string; stderr: string }> {
  return run(process.execPath, [bin, ...args], { env: { ...env, ...extraEnv }, maxBuffer: 1 << 24 });
}

describe('the installed command (bin/lectern.js and the bundle)', () => {
  it('is built by npm install (the prepare script), with a code cache V8 accepts', async () => {
    expect(existsSync(path.join(REPO, 'lib', 'lectern.bundle.cjs'))).toBe(true);
    expect(existsSync(path.join(REPO, 'lib', 'lectern.bundle.cache'))).toBe(true);
    const { stdout, stderr } = await lectern(['--version'], BIN, { LECTERN_REPORT_CODE_CACHE: '1' });
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    expect(stderr).toContain('lectern: code cache accepted');
  }, 60_000);

  it('runs as before when V8 refuses the code cache (another Node, or damaged)', async () => {
    // a copy of the installed command whose cache is garbage
    const copy = await tempDir();
    await cp(path.join(REPO, 'bin'), path.join(copy, 'bin'), { recursive: true });
    await cp(path.join(REPO, 'lib'), path.join(copy, 'lib'), { recursive: true });
    for (const d of ['templates', 'node_modules']) await symlink(path.join(REPO, d), path.join(copy, d));
    await writeFile(path.join(copy, 'lib', 'lectern.bundle.cache'), Buffer.alloc(4096, 7));
    const out = await tempDir();
    const { stdout, stderr } = await lectern(['build', SAMPLE_DIR, '--out', out, '--json'], path.join(copy, 'bin', 'lectern.js'), { LECTERN_REPORT_CODE_CACHE: '1' });
    expect(stderr).toContain('lectern: code cache rejected');
    expect((JSON.parse(stdout) as { ok: boolean }).ok).toBe(true);
  }, 60_000);

  it('check reads a PDF with pdf.js (an ES module the bundle imports through the command)', async () => {
    const out = await tempDir();
    await lectern(['build', SAMPLE_DIR, '--out', out, '--quiet', '--format', 'pdf']);
    const { stdout } = await lectern(['check', path.join(out, 'friendship-of-azerbaijan-and-pakistan.pdf'), '--no-external']);
    expect(stdout).toMatch(/friendship-of-azerbaijan-and-pakistan\.pdf: pass \(0 errors, 0 warnings\)/);
  }, 60_000);

  it('builds the sample: both editions and the download page from the templates', async () => {
    const out = await tempDir();
    const { stdout } = await lectern(['build', SAMPLE_DIR, '--out', out, '--json']);
    const r = JSON.parse(stdout) as { ok: boolean; files: { format: string; bytes: number }[] };
    expect(r.ok).toBe(true);
    expect(r.files.map((f) => f.format).sort()).toEqual(['epub', 'html', 'pdf']);
    expect(readdirSync(out).sort()).toEqual([EDITIONS_RECORD, 'friendship-of-azerbaijan-and-pakistan.epub', 'friendship-of-azerbaijan-and-pakistan.pdf', 'index.html']);
  }, 60_000);

  it('verifies a big book\'s PDF on its worker thread', async () => {
    const ms = path.join(await tempDir(), 'big');
    generateManuscript(ms, 20_000, 3);
    const out = await tempDir();
    // the usual way even on a machine whose memory limit is under 1 GiB (src/cli/low-memory.ts)
    const { stdout } = await lectern(['build', ms, '--out', out, '--json', '--no-low-memory']);
    const r = JSON.parse(stdout) as { ok: boolean; files: { format: string; bytes: number }[]; diagnostics: unknown[]; pdfReadBack?: string };
    expect(r.diagnostics).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.pdfReadBack).toBe('worker');
    // big enough that the read-back ran on the worker (pipeline/verify-pdf.ts WORKER_MIN_BLOCKS)
    const loaded = await loadManuscript(ms, nodeEffects());
    expect(loaded.ok && wantsWorker(loaded.manuscript.chapters)).toBe(true);
  }, 120_000);

  it.each([[[]], [['--low-memory']]])('build-all %j runs its pool of workers, each from the bundle with its code cache', async (extra: string[]) => {
    const root = await tempDir();
    for (const name of ['one', 'two']) await cp(SAMPLE_DIR, path.join(root, name), { recursive: true });
    const out = await tempDir();
    await mkdir(out, { recursive: true });
    const { stderr } = await lectern(['build-all', root, '--out', out, '--jobs', '2', ...extra], BIN, { LECTERN_REPORT_CODE_CACHE: '1' });
    for (const name of ['one', 'two']) expect(readdirSync(path.join(out, name))).toContain('index.html');
    // bin/lectern-worker.cjs, once per worker (src/worker-modules.ts); --low-memory's V8 flag is
    // set only once they have loaded (a flag set before would make V8 refuse the cache)
    expect(stderr.match(/lectern worker: code cache accepted/g)).toHaveLength(2);
    // the two books are the same book: one worker's bytes are the other's
    const pdf = (name: string) => readFileSync(path.join(out, name, 'friendship-of-azerbaijan-and-pakistan.pdf'));
    expect(pdf('one').equals(pdf('two'))).toBe(true);
  }, 120_000);
});

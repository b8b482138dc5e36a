/**
 * The commands a publisher meets first: init -> build -> check (with --report), build-all with a
 * bad manuscript among good ones, and --help / exit codes.
 */
import { cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { buildAll } from '../../src/pipeline/batch.js';
import { HELD, MiB, usualAndLow } from '../support/low-memory.js';
import { EDITIONS_RECORD } from '../../src/pipeline/superseded.js';

const requireValidators = process.env.LECTERN_REQUIRE_VALIDATORS === '1';

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => { out += String(s); return true; });
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => { err += String(s); return true; });
  process.exitCode = undefined;
  try {
    const code = await main(argv);
    return { code, out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
    process.exitCode = undefined;
  }
}

describe('lectern init, build, check', () => {
  let tmp: string;
  beforeAll(async () => { tmp = await mkdtemp(path.join(os.tmpdir(), 'lectern-cli-')); });
  afterAll(async () => { await rm(tmp, { recursive: true, force: true }); });

  it('a new manuscript from init builds cleanly and passes check for both editions', async () => {
    const dir = path.join(tmp, 'my-book');
    const init = await run(['init', dir, '--title', 'Çay & Söz: <Notes>', '--author', 'Ləman Əliyeva']);
    expect(init.code).toBe(0);
    expect((await readdir(dir)).sort()).toEqual(['01-chapter.md', 'book.yaml']);
    const out = path.join(tmp, 'my-book-dist');
    const b = await run(['build', dir, '--out', out]);
    expect(b.err).not.toMatch(/error/);
    expect(b.code).toBe(0);
    const files = (await readdir(out)).filter((f) => f !== EDITIONS_RECORD).sort();
    expect(files).toEqual(['cay-and-soez-notes.epub', 'cay-and-soez-notes.pdf', 'index.html']);
    const report = path.join(tmp, 'report.html');
    const c = await run(['check', path.join(out, files[0]!), path.join(out, files[1]!), '--report', report]);
    expect(c.err).not.toMatch(/error/);
    if (!requireValidators && /did not run/.test(c.out)) console.warn('NOTICE: EPUBCheck or Ace not installed; lectern check ran its own checks only');
    expect(c.code).toBe(0);
    expect(c.out).toMatch(/cay-and-soez-notes\.epub: pass/);
    expect(c.out).toMatch(/cay-and-soez-notes\.pdf: pass/);
    const html = await readFile(report, 'utf8');
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('What a person must still review');
    expect(html).toContain('schema:accessibilitySummary');
    expect(html).not.toMatch(/<script/i);
    // a second init into a non-empty folder refuses and writes nothing
    const again = await run(['init', dir]);
    expect(again.code).toBe(1);
    expect((await readdir(dir)).sort()).toEqual(['01-chapter.md', 'book.yaml']);
  }, 180_000);

  it('check fails (exit 1) on a damaged edition and says why', async () => {
    const bad = path.join(tmp, 'bad.pdf');
    await writeFile(bad, '%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
    const c = await run(['check', bad, '--no-external']);
    expect(c.code).toBe(1);
    expect(c.err).toMatch(/X-PDF/);
  });

  it('--help lists every command and the exit codes; a wrong command line exits 2', async () => {
    const h = await run(['--help']);
    expect(h.code).toBe(0);
    for (const cmd of ['build', 'build-all', 'check', 'events', 'init', 'watch']) expect(h.out).toContain(cmd);
    expect(h.out).toMatch(/70\s+Lectern itself failed/);
    const u = await run(['build', '--no-such-option']);
    expect(u.code).toBe(2);
  });
});

describe('lectern build-all', () => {
  it('builds the good manuscripts and fails the bad one alone', async () => {
    const tmp = await mkdtemp(path.join(os.tmpdir(), 'lectern-batch-'));
    try {
      await cp('manuscript', path.join(tmp, 'in', 'a'), { recursive: true });
      await cp('manuscript', path.join(tmp, 'in', 'c'), { recursive: true });
      await mkdir(path.join(tmp, 'in', 'b'));
      await writeFile(path.join(tmp, 'in', 'b', 'book.yaml'), 'title: [unclosed\n');
      let loaded = 0;
      const r = await buildAll({ root: path.join(tmp, 'in'), out: path.join(tmp, 'out'), jobs: 2, onWorkersLoaded: () => { loaded += 1; } });
      expect(r.books.map((b) => [path.basename(b.manuscript), b.ok])).toEqual([['a', true], ['b', false], ['c', true]]);
      expect(loaded).toBe(1);
      expect(r.books[1]!.diagnostics[0]!.code).toBe('L-YAML');
      expect((await readdir(path.join(tmp, 'out', 'a'))).length).toBe(4);
      expect((await readdir(path.join(tmp, 'out', 'c'))).length).toBe(4);
      expect(r.booksPerMinute).toBeGreaterThan(0);
      // one edition of every book
      const pdfOnly = await buildAll({ root: path.join(tmp, 'in'), out: path.join(tmp, 'pdf'), jobs: 2, formats: ['pdf'] });
      expect(pdfOnly.books.filter((b) => b.ok).map((b) => b.files.map((f) => f.format))).toEqual([['pdf', 'html'], ['pdf', 'html']]);
      expect((await readdir(path.join(tmp, 'pdf', 'a'))).sort()).toEqual([EDITIONS_RECORD, 'friendship-of-azerbaijan-and-pakistan.pdf', 'index.html']);
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  }, 180_000);

  it('--low-memory holds the heap\'s growth for the whole pool and makes the same editions', async () => {
    const tmp = await mkdtemp(path.join(os.tmpdir(), 'lectern-batch-low-'));
    const savedEpoch = process.env.SOURCE_DATE_EPOCH;
    process.env.SOURCE_DATE_EPOCH = '1700000000';
    try {
      await cp('manuscript', path.join(tmp, 'in', 'a'), { recursive: true });
      const editions = async (extra: string[]) => {
        const r = await run(['build-all', path.join(tmp, 'in'), '--out', path.join(tmp, extra.join('') || 'usual'), '--jobs', '1', '--json', ...extra]);
        expect(r.code, r.err).toBe(0);
        const books = (JSON.parse(r.out) as { books: { ok: boolean; files: { format: string; sha256: string }[] }[] }).books;
        expect(books.map((b) => b.ok)).toEqual([true]);
        return books[0]!.files.map((f) => [f.format, f.sha256]);
      };
      const { usual, low, watch } = await usualAndLow(editions);
      // in a container of 512 MiB, unasked; --no-low-memory refuses
      watch.limitTo(512 * MiB);
      expect(await editions(['--no-low-memory'])).toEqual(usual);
      expect(watch.flagsSet()).toEqual([]);
      expect(await editions([])).toEqual(usual);
      expect(watch.flagsSet()).toEqual(HELD);
      const told = await run(['build-all', path.join(tmp, 'in'), '--out', path.join(tmp, 'told'), '--jobs', '1']);
      expect(told.code, told.err).toBe(0);
      expect(told.err).toContain('lectern build-all: working the low-memory way, as --low-memory does: the process may use 512 MiB');
      expect(low).toEqual(usual);
      expect(low.map(([format]) => format)).toEqual(['epub', 'pdf', 'html']);
    } finally {
      vi.restoreAllMocks();
      if (savedEpoch === undefined) delete process.env.SOURCE_DATE_EPOCH;
      else process.env.SOURCE_DATE_EPOCH = savedEpoch;
      await rm(tmp, { recursive: true, force: true });
    }
  }, 120_000);
});

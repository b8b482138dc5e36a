/**
 * `lectern build` on bad manuscripts: `file:line:col: error CODE: message` on stderr, exit code 1,
 * nothing written; on the sample: exit code 0 and the EPUB written.
 */
import { existsSync, readdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { EXIT } from '../../src/cli/exit-codes.js';
import { BAD_CASES, EPOCH, SAMPLE_DIR, TINY_BOOK_YAML, badCaseDir, cleanTemps, tempDir, writeManuscript } from '../support/build-helpers.js';
import { HELD, MiB, usualAndLow } from '../support/low-memory.js';
import { EDITIONS_RECORD } from '../../src/pipeline/superseded.js';

afterAll(cleanTemps);

const savedEpoch = process.env.SOURCE_DATE_EPOCH;
afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
  if (savedEpoch === undefined) delete process.env.SOURCE_DATE_EPOCH;
  else process.env.SOURCE_DATE_EPOCH = savedEpoch;
});

async function runCli(args: string[]): Promise<{ code: number; stderr: string; stdout: string }> {
  let stderr = '';
  let stdout = '';
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => { stderr += String(chunk); return true; });
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => { stdout += String(chunk); return true; });
  try {
    const code = await main(args);
    return { code, stderr, stdout };
  } finally {
    err.mockRestore();
    out.mockRestore();
    process.exitCode = undefined;
  }
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe.each(BAD_CASES)('lectern build on bad manuscript $name', (c) => {
  it(`prints ${c.file}:${c.line}:col: error ${c.code}: … and exits 1`, async () => {
    const manuscript = await badCaseDir(c);
    const out = path.join(await tempDir('lectern-cli-out-'), 'dist');
    const r = await runCli(['build', manuscript, '--out', out]);
    expect(r.code, r.stderr).toBe(EXIT.failed);
    // The CLI names the file relative to the working directory, through the manuscript folder.
    const shownFile = path.join(path.relative(process.cwd(), manuscript) || '.', c.file);
    const col = c.column === undefined ? '\\d+' : String(c.column);
    const line = new RegExp(`^${escapeRe(shownFile)}:${c.line}:${col}: error ${c.code}: \\S.*$`, 'm');
    expect(r.stderr).toMatch(line);
    const printed = r.stderr.split('\n').find((l) => line.test(l))!;
    expect(printed).toMatch(c.message);
    expect(r.stderr).toMatch(/build failed: \d+ errors?, \d+ warnings?; nothing was written/);
    expect(r.stdout).toBe('');
    expect(existsSync(out)).toBe(false);
  });
});

describe('lectern build on a good manuscript', () => {
  it('exits 0, prints no error and writes the EPUB', async () => {
    process.env.SOURCE_DATE_EPOCH = EPOCH;
    const manuscript = await writeManuscript({ 'book.yaml': TINY_BOOK_YAML, 'chapter.md': '# A tiny chapter\n\nSome text.\n' });
    const out = path.join(await tempDir('lectern-cli-ok-'), 'dist');
    const r = await runCli(['build', manuscript, '--out', out, '--quiet']);
    expect(r.code, r.stderr).toBe(EXIT.ok);
    expect(r.stderr).not.toMatch(/error/);
    expect(readdirSync(out).filter((f) => f.endsWith('.epub'))).toEqual(['a-tiny-book.epub']);
    expect(readdirSync(out).filter((f) => f.startsWith('.lectern-tmp-'))).toEqual([]);
  });

  it('--format pdf writes the PDF and the download page only; an unknown format exits 2 and writes nothing', async () => {
    process.env.SOURCE_DATE_EPOCH = EPOCH;
    const manuscript = await writeManuscript({ 'book.yaml': TINY_BOOK_YAML, 'chapter.md': '# A tiny chapter\n\nSome text.\n' });
    const out = path.join(await tempDir('lectern-cli-format-'), 'dist');
    const r = await runCli(['build', manuscript, '--out', out, '--format', 'pdf']);
    expect(r.code, r.stderr).toBe(EXIT.ok);
    expect(readdirSync(out).sort()).toEqual([EDITIONS_RECORD, 'a-tiny-book.pdf', 'index.html']);
    const bad = path.join(await tempDir('lectern-cli-format-'), 'dist');
    const r2 = await runCli(['build', manuscript, '--out', bad, '--format', 'epub,mobi']);
    expect(r2.code).toBe(EXIT.usage);
    expect(r2.stderr).toMatch(/unknown format "mobi"; use epub, pdf, or epub,pdf/);
    expect(existsSync(bad)).toBe(false);
    // the validators check an EPUB: asking for them without one is a mistake, said at once
    const r3 = await runCli(['build', manuscript, '--out', bad, '--format', 'pdf', '--validate']);
    expect(r3.code).toBe(EXIT.usage);
    expect(r3.stderr).toMatch(/--validate runs EPUBCheck and Ace on the EPUB, and --format pdf makes none/);
    expect(existsSync(bad)).toBe(false);
  });

  it('after a title change, says which editions of the old title it removed (--json lists them)', async () => {
    process.env.SOURCE_DATE_EPOCH = EPOCH;
    const manuscript = await writeManuscript({ 'book.yaml': TINY_BOOK_YAML, 'chapter.md': '# A tiny chapter\n\nSome text.\n' });
    const out = path.join(await tempDir('lectern-cli-retitled-'), 'dist');
    expect((await runCli(['build', manuscript, '--out', out])).stdout).not.toMatch(/removed/);
    await writeFile(path.join(manuscript, 'book.yaml'), TINY_BOOK_YAML.replace('title: A Tiny Book', 'title: A Small Book'));
    const r = await runCli(['build', manuscript, '--out', out, '--format', 'pdf']);
    expect(r.code, r.stderr).toBe(EXIT.ok);
    const shown = path.relative(process.cwd(), path.join(out, 'a-tiny-book.pdf'));
    expect(r.stdout).toContain(`removed ${shown} (this manuscript's edition under its earlier title)\n`);
    await writeFile(path.join(manuscript, 'book.yaml'), TINY_BOOK_YAML.replace('title: A Tiny Book', 'title: A Short Book'));
    const j = JSON.parse((await runCli(['build', manuscript, '--out', out, '--json'])).stdout) as { removed?: string[] };
    expect(j.removed?.sort()).toEqual([path.join(out, 'a-small-book.pdf'), path.join(out, 'a-tiny-book.epub')]);
    expect(readdirSync(out).filter((f) => !f.startsWith('.')).sort()).toEqual(['a-short-book.epub', 'a-short-book.pdf', 'index.html']);
  });

  it('--low-memory reads a big book\'s PDF back on the main thread, with the same editions; --json says where', async () => {
    process.env.SOURCE_DATE_EPOCH = EPOCH;
    // WORKER_MIN_BLOCKS (150) blocks or more: read back on a worker thread by default
    const paragraphs = Array.from({ length: 160 }, (_, i) => `Paragraph ${i + 1} of a book that is big enough for a second thread.`).join('\n\n');
    const manuscript = await writeManuscript({ 'book.yaml': TINY_BOOK_YAML, 'chapter.md': `# A long chapter\n\n${paragraphs}\n` });
    const json = async (extra: string[]) => {
      const out = path.join(await tempDir('lectern-cli-lowmem-'), 'dist');
      const r = await runCli(['build', manuscript, '--out', out, '--json', ...extra]);
      expect(r.code, r.stderr).toBe(EXIT.ok);
      return JSON.parse(r.stdout) as { ok: boolean; lowMemory: boolean; pdfReadBack?: string; files: { format: string; sha256: string }[] };
    };
    const editions = (r: { files: { format: string; sha256: string }[] }) => r.files.filter((f) => f.format !== 'html').map((f) => [f.format, f.sha256]);
    // --low-memory also holds V8's heap growth for the build, and gives it back after
    const { usual, low, watch } = await usualAndLow(json);
    // in a container of 512 MiB it works that way unasked, and says why; --no-low-memory does not
    watch.limitTo(512 * MiB);
    const unasked = await json([]);
    expect([unasked.lowMemory, unasked.pdfReadBack]).toEqual([true, 'main']);
    expect(watch.flagsSet()).toEqual(HELD);
    expect(editions(unasked)).toEqual(editions(usual));
    const out = path.join(await tempDir('lectern-cli-lowmem-'), 'dist');
    const told = await runCli(['build', manuscript, '--out', out]);
    expect(told.code, told.stderr).toBe(EXIT.ok);
    expect(told.stderr).toContain('lectern build: working the low-memory way, as --low-memory does: the process may use 512 MiB (its control group\'s limit), under 1 GiB (--no-low-memory works the usual way)');
    watch.flagsSet();
    const refused = await json(['--no-low-memory']);
    expect([refused.lowMemory, refused.pdfReadBack]).toEqual([false, 'worker']);
    expect(watch.flagsSet()).toEqual([]);
    expect(usual.pdfReadBack).toBe('worker');
    expect(low.pdfReadBack).toBe('main');
    expect(editions(low)).toEqual(editions(usual));
    expect(editions(low)).toHaveLength(2);
    // no PDF, nothing read back
    expect((await json(['--format', 'epub'])).pdfReadBack).toBeUndefined();
  }, 60_000);

  it('an unknown option exits 2 (usage), returned by main() rather than process.exit()', async () => {
    const exit = vi.spyOn(process, 'exit').mockImplementation(((code?: number) => { throw new Error(`process.exit(${code}) was called`); }) as never);
    const r = await runCli(['build', SAMPLE_DIR, '--no-such-option']);
    expect(exit).not.toHaveBeenCalled();
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toMatch(/unknown option '--no-such-option'/);
  });
});

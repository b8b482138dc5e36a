/**
 * After the title changes, a build removes the editions its manuscript wrote before under the old
 * name, and nothing else: not a file somebody changed since, not another manuscript's editions,
 * not an edition of a format it did not make; a failed build removes nothing.
 */
import { existsSync, lstatSync, readFileSync, readdirSync } from 'node:fs';
import { symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build, type BuildResult } from '../../src/pipeline/build.js';
import { EDITIONS_RECORD, removeSuperseded } from '../../src/pipeline/superseded.js';
import { TINY_BOOK_YAML, cleanTemps, fixedEffects, listFiles, sha256, tempDir, writeManuscript } from '../support/build-helpers.js';

afterAll(cleanTemps);

const CHAPTER = '# A tiny chapter\n\nSome text.\n';

function titled(title: string): string {
  return TINY_BOOK_YAML.replace(/^title: .*$/m, `title: ${title}`);
}

async function run(manuscript: string, out: string, formats?: ('epub' | 'pdf')[]): Promise<BuildResult> {
  const r = await build({ manuscript, out, effects: fixedEffects(), ...(formats ? { formats } : {}) });
  expect(r.ok, r.diagnostics.map((d) => d.message).join('\n')).toBe(true);
  return r;
}

const editions = (out: string) => readdirSync(out).filter((f) => /\.(epub|pdf)$/.test(f)).sort();

describe('editions under an earlier title', () => {
  it('a build after the title changed removes the old editions, and says so', async () => {
    const ms = await writeManuscript({ 'book.yaml': titled('First Title'), 'chapter.md': CHAPTER });
    const out = await tempDir('lectern-superseded-');
    await run(ms, out);
    expect(editions(out)).toEqual(['first-title.epub', 'first-title.pdf']);
    await writeFile(path.join(ms, 'book.yaml'), titled('Second Title'));
    const r = await run(ms, out);
    expect(editions(out)).toEqual(['second-title.epub', 'second-title.pdf']);
    expect([...r.removed!].sort()).toEqual([path.join(out, 'first-title.epub'), path.join(out, 'first-title.pdf')]);
    // a third build under the same title removes nothing
    expect((await run(ms, out)).removed).toBeUndefined();
    expect(editions(out)).toEqual(['second-title.epub', 'second-title.pdf']);
  }, 60_000);

  it('one format made alone removes only the old edition of that format', async () => {
    const ms = await writeManuscript({ 'book.yaml': titled('First Title'), 'chapter.md': CHAPTER });
    const out = await tempDir('lectern-superseded-');
    await run(ms, out);
    await writeFile(path.join(ms, 'book.yaml'), titled('Second Title'));
    await run(ms, out, ['pdf']);
    expect(editions(out)).toEqual(['first-title.epub', 'second-title.pdf']);
    await run(ms, out, ['epub']);
    expect(editions(out)).toEqual(['second-title.epub', 'second-title.pdf']);
  }, 60_000);

  it('keeps an old edition somebody changed, and every edition of another manuscript', async () => {
    const a = await writeManuscript({ 'book.yaml': titled('Book A'), 'chapter.md': CHAPTER });
    const b = await writeManuscript({ 'book.yaml': titled('Book B'), 'chapter.md': CHAPTER });
    const out = await tempDir('lectern-superseded-');
    await run(a, out);
    await run(b, out);
    await writeFile(path.join(out, 'book-a.pdf'), 'a copy kept by hand\n');
    await writeFile(path.join(a, 'book.yaml'), titled('Book A Revised'));
    const r = await run(a, out);
    expect(r.removed).toEqual([path.join(out, 'book-a.epub')]);
    expect(editions(out)).toEqual(['book-a-revised.epub', 'book-a-revised.pdf', 'book-a.pdf', 'book-b.epub', 'book-b.pdf']);
    expect(readFileSync(path.join(out, 'book-a.pdf'), 'utf8')).toBe('a copy kept by hand\n');
    // and B, retitled, removes its own only
    await writeFile(path.join(b, 'book.yaml'), titled('Book B Revised'));
    await run(b, out);
    expect(editions(out)).toEqual(['book-a-revised.epub', 'book-a-revised.pdf', 'book-a.pdf', 'book-b-revised.epub', 'book-b-revised.pdf']);
  }, 60_000);

  it('a failed build removes nothing and leaves the record as it was', async () => {
    const ms = await writeManuscript({ 'book.yaml': titled('First Title'), 'chapter.md': CHAPTER });
    const out = await tempDir('lectern-superseded-');
    await run(ms, out);
    const before = await listFiles(out);
    expect(before.has(EDITIONS_RECORD)).toBe(true);
    await writeFile(path.join(ms, 'book.yaml'), titled('Second Title'));
    await writeFile(path.join(ms, 'chapter.md'), '# A tiny chapter\n\n![](missing.png)\n');
    const r = await build({ manuscript: ms, out, effects: fixedEffects() });
    expect(r.ok).toBe(false);
    expect(await listFiles(out)).toEqual(before);
  }, 60_000);
});

describe('the record (removeSuperseded)', () => {
  async function folder(files: Record<string, string>): Promise<string> {
    const out = await tempDir('lectern-record-');
    for (const [n, c] of Object.entries(files)) await writeFile(path.join(out, n), c);
    return out;
  }
  const written = (name: string, content: string) => ({ name, sha256: sha256(new TextEncoder().encode(content)) });

  it('removes nothing without a record, or with one that cannot be read, and then writes one', async () => {
    for (const record of [undefined, '{not json', '{"manuscripts": []}', '{"manuscripts": {"x": [{"name": "../old.epub", "sha256": "0"}]}}']) {
      const out = await folder({ 'old.epub': 'old', 'new.epub': 'new', ...(record !== undefined ? { [EDITIONS_RECORD]: record } : {}) });
      expect(await removeSuperseded(out, '/some/manuscript', [written('new.epub', 'new')])).toEqual([]);
      expect(existsSync(path.join(out, 'old.epub'))).toBe(true);
      const kept = JSON.parse(readFileSync(path.join(out, EDITIONS_RECORD), 'utf8')) as { manuscripts: Record<string, { name: string }[]> };
      expect(Object.values(kept.manuscripts).flat().map((e) => e.name)).toContain('new.epub');
    }
  });

  it('removes only a recorded edition of the same manuscript, unchanged, in a format written now', async () => {
    const out = await folder({ 'old.epub': 'old', 'old.pdf': 'old pdf', 'new.epub': 'new' });
    await removeSuperseded(out, '/ms', [written('old.epub', 'old'), written('old.pdf', 'old pdf')]);
    // another manuscript writing the same folder removes none of them
    expect(await removeSuperseded(out, '/other', [written('new.epub', 'new')])).toEqual([]);
    expect(existsSync(path.join(out, 'old.epub'))).toBe(true);
    // the same manuscript, an EPUB under a new name: the old EPUB goes, the PDF stays
    expect(await removeSuperseded(out, '/ms', [written('new.epub', 'new')])).toEqual([path.join(out, 'old.epub')]);
    expect(readdirSync(out).filter((f) => !f.startsWith('.')).sort()).toEqual(['new.epub', 'old.pdf']);
    // the record now gives new.epub to /ms (it overwrote /other's), and still lists old.pdf
    const rec = JSON.parse(readFileSync(path.join(out, EDITIONS_RECORD), 'utf8')) as { manuscripts: Record<string, { name: string }[]> };
    expect(Object.values(rec.manuscripts).map((l) => l.map((e) => e.name).sort())).toEqual([['new.epub', 'old.pdf']]);
  });

  it('never removes through a symbolic link, even to the very bytes it recorded', async () => {
    const elsewhere = await folder({ 'kept.epub': 'old' });
    const out = await folder({});
    await symlink(path.join(elsewhere, 'kept.epub'), path.join(out, 'old.epub'));
    await removeSuperseded(out, '/ms', [written('old.epub', 'old')]);
    await writeFile(path.join(out, 'new.epub'), 'new');
    expect(await removeSuperseded(out, '/ms', [written('new.epub', 'new')])).toEqual([]);
    expect(lstatSync(path.join(out, 'old.epub')).isSymbolicLink()).toBe(true);
    expect(readFileSync(path.join(elsewhere, 'kept.epub'), 'utf8')).toBe('old');
  });
});

/**
 * One edition alone (`formats`, `lectern build --format`): only that edition and the download
 * page are made and written; a PDF made alone is the very PDF of a two-edition build; an EPUB
 * made alone states no PDF page numbers, because it has none.
 */
import { readFile, stat } from 'node:fs/promises';
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, type BuildResult } from '../../src/pipeline/build.js';
import { checkEpub } from '../../src/verify/epub/check.js';
import { SAMPLE_DIR, cleanTemps, fixedEffects, openEpub, opfMeta, tempDir, allElements } from '../support/build-helpers.js';
import { EDITIONS_RECORD } from '../../src/pipeline/superseded.js';

afterAll(cleanTemps);

const EPUB = 'friendship-of-azerbaijan-and-pakistan.epub';
const PDF = 'friendship-of-azerbaijan-and-pakistan.pdf';

async function make(formats?: ('epub' | 'pdf')[], out?: string): Promise<{ r: BuildResult; out: string }> {
  const dir = out ?? await tempDir();
  const r = await build({ manuscript: SAMPLE_DIR, out: dir, effects: fixedEffects(), ...(formats ? { formats } : {}) });
  expect(r.ok, r.diagnostics.map((d) => d.message).join('\n')).toBe(true);
  return { r, out: dir };
}

describe('building one edition', () => {
  let both: BuildResult;
  beforeAll(async () => { both = (await make()).r; }, 60_000);

  it('the EPUB alone: only it and the download page, valid, and claiming no PDF page numbers', async () => {
    const { r, out } = await make(['epub']);
    expect(readdirSync(out).sort()).toEqual([EDITIONS_RECORD, EPUB, 'index.html'].sort());
    expect(r.outputs?.pdf).toBeUndefined();
    expect(r.timings.pdf).toBeUndefined();
    const epub = r.outputs!.epub!;
    expect(await checkEpub(epub)).toEqual([]);
    const v = await openEpub(epub);
    const features = opfMeta(v.opf, 'schema:accessibilityFeature');
    expect(features).toContain('tableOfContents');
    expect(features).not.toContain('pageNavigation');
    expect(features).not.toContain('pageBreakMarkers');
    // (the two-edition build's EPUB does have them)
    expect(opfMeta((await openEpub(both.outputs!.epub!)).opf, 'schema:accessibilityFeature')).toContain('pageNavigation');
    for (const [, d] of v.contentDocuments()) {
      expect(allElements(d).filter((e) => e.getAttribute('role') === 'doc-pagebreak')).toEqual([]);
    }
    const page = await readFile(`${out}/index.html`, 'utf8');
    expect(page).toContain(`href="${EPUB}"`);
    expect(page).not.toContain(`href="${PDF}"`);
    expect(page).toContain('EPUB edition</title>');
    expect(page).toContain('The edition ends with a chronology');
  }, 60_000);

  it('the PDF alone: the same bytes as the PDF of a two-edition build, and no EPUB', async () => {
    const { r, out } = await make(['pdf']);
    expect(readdirSync(out).sort()).toEqual([EDITIONS_RECORD, PDF, 'index.html'].sort());
    expect(r.outputs?.epub).toBeUndefined();
    expect(Buffer.from(r.outputs!.pdf!).equals(Buffer.from(both.outputs!.pdf!))).toBe(true);
    const page = await readFile(`${out}/index.html`, 'utf8');
    expect(page).toContain(`href="${PDF}"`);
    expect(page).not.toContain(`href="${EPUB}"`);
    expect(page).not.toContain('What the EPUB edition gives you');
    expect(page).toContain('PDF edition</title>');
  }, 60_000);

  it('leaves the other edition in the output folder as it was', async () => {
    const { out } = await make();
    const before = await stat(`${out}/${PDF}`);
    const pdfBytes = await readFile(`${out}/${PDF}`);
    await make(['epub'], out);
    expect(readdirSync(out).sort()).toEqual([EDITIONS_RECORD, EPUB, 'index.html', PDF].sort());
    expect((await readFile(`${out}/${PDF}`)).equals(pdfBytes)).toBe(true);
    expect((await stat(`${out}/${PDF}`)).mtimeMs).toBe(before.mtimeMs);
  }, 60_000);

  it('refuses an empty or unknown list of formats (a caller\'s mistake, not the manuscript\'s)', async () => {
    await expect(build({ manuscript: SAMPLE_DIR, out: await tempDir(), formats: [] })).rejects.toThrow(RangeError);
    await expect(build({ manuscript: SAMPLE_DIR, out: await tempDir(), formats: ['mobi' as 'pdf'] })).rejects.toThrow(/epub, pdf/);
  });
});

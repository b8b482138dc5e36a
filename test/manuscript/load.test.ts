/** loadManuscript: chapter files in order, images read once each and checked, all inside the folder. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadManuscript } from '../../src/manuscript/load.js';
import { RICH_DIR, TINY_BOOK_YAML, cleanTemps, fixedEffects, writeManuscript } from '../support/build-helpers.js';

afterAll(cleanTemps);

const png = () => readFile(path.join(RICH_DIR, 'images', 'carpet.png'));

describe('loadManuscript', () => {
  it('loads the rich fixture: chapters by file name, three images with their sizes', async () => {
    const r = await loadManuscript(RICH_DIR, fixedEffects());
    expect(r.ok, r.ok ? '' : JSON.stringify(r.diagnostics)).toBe(true);
    if (!r.ok) return;
    const ms = r.manuscript;
    expect(ms.chapters.map((c) => [c.id, c.at.file, c.title])).toEqual([
      ['ch-01-arrival', '01-arrival.md', 'Arrival in Baku'],
      ['ch-02-journey', '02-journey.md', 'The journey north'],
      ['ch-03-carpets', '03-carpets.md', 'Carpets and rights'],
    ]);
    expect([...ms.images.values()].map((i) => [i.source, i.href, i.mediaType, i.width, i.height])).toEqual([
      ['images/caspian-map.png', 'images/img1.png', 'image/png', 24, 16],
      ['images/rule.png', 'images/img2.png', 'image/png', 40, 4],
      ['images/carpet.png', 'images/img3.png', 'image/png', 16, 16],
    ]);
    expect(ms.diagnostics).toEqual([]);
  });

  it('follows contents: over file names, and skips README.md and _drafts when listing', async () => {
    const chapter = (t: string) => `# ${t}\n\nText.\n`;
    const listed = await writeManuscript({
      'book.yaml': `${TINY_BOOK_YAML}contents:\n  - b.md\n  - sub/a.md\n`,
      'b.md': chapter('Bee'), 'sub/a.md': chapter('Ay'), 'c.md': chapter('Sea'),
    });
    const r1 = await loadManuscript(listed, fixedEffects());
    expect(r1.ok && r1.manuscript.chapters.map((c) => c.title)).toEqual(['Bee', 'Ay']);
    const unlisted = await writeManuscript({
      'book.yaml': TINY_BOOK_YAML, 'b.md': chapter('Bee'), 'a.md': chapter('Ay'), 'README.md': chapter('Readme'), '_draft.md': chapter('Draft'),
    });
    const r2 = await loadManuscript(unlisted, fixedEffects());
    expect(r2.ok && r2.manuscript.chapters.map((c) => c.title)).toEqual(['Ay', 'Bee']);
  });

  it('an image used twice is one asset', async () => {
    const dir = await writeManuscript({
      'book.yaml': TINY_BOOK_YAML,
      'a.md': '# A\n\n![A carpet](images/c.png)\n',
      'b.md': '# B\n\n![The same carpet](./images/c.png)\n\n![Again](images/c.png)\n',
      'images/c.png': await png(),
    });
    const r = await loadManuscript(dir, fixedEffects());
    expect(r.ok).toBe(true);
    if (r.ok) expect([...r.manuscript.images.values()].map((i) => i.source)).toEqual(['images/c.png']);
  });

  it('a file that is not a PNG or JPEG, and a damaged PNG, are L-IMAGE at the image\'s line', async () => {
    const bytes = new Uint8Array(await png());
    const dir = await writeManuscript({
      'book.yaml': TINY_BOOK_YAML,
      'a.md': '# A\n\n![Not an image](images/fake.png)\n\n![Cut short](images/cut.png)\n',
      'images/fake.png': 'this is text, not a picture',
      'images/cut.png': bytes.subarray(0, bytes.length - 20),
    });
    const r = await loadManuscript(dir, fixedEffects());
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.diagnostics.map((d) => [d.code, d.at?.file, d.at?.line])).toEqual([
      ['L-IMAGE', 'a.md', 3], ['L-IMAGE', 'a.md', 5],
    ]);
  });

  it('gathers the problems of every chapter before failing', async () => {
    const dir = await writeManuscript({
      'book.yaml': TINY_BOOK_YAML,
      'a.md': '# A\n\n![](images/x.png)\n',
      'b.md': '# B\n\n::: rights\nnever closed\n',
    });
    const r = await loadManuscript(dir, fixedEffects());
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.diagnostics.map((d) => [d.code, d.at?.file, d.at?.line]).sort()).toEqual([
      ['L-ALT', 'a.md', 3], ['L-IMAGE', 'a.md', 3], ['L-RIGHTS', 'b.md', 3],
    ]);
  });

  it('a folder that does not exist, and one without book.yaml, are L-IO', async () => {
    const r1 = await loadManuscript('/nonexistent/lectern-manuscript', fixedEffects());
    expect(r1.ok ? [] : r1.diagnostics.map((d) => d.code)).toEqual(['L-IO']);
    const dir = await writeManuscript({ 'a.md': '# A\n' });
    const r2 = await loadManuscript(dir, fixedEffects());
    expect(r2.ok ? [] : r2.diagnostics.map((d) => d.code)).toEqual(['L-IO']);
  });
});

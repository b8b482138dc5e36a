/** The cover: generated from title and creators unless the manuscript brings one; in both editions, with alt text. */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeEffects } from '../../src/effects.js';
import { coverAlt, generateCover } from '../../src/enrich/cover.js';
import { build, type BuildResult } from '../../src/pipeline/build.js';
import { elements, parseXml, readEpub } from '../../src/verify/epub/read.js';
import { readPdfStructureText } from '../../src/verify/pdf/index.js';
import { makePng } from '../support/sample-book.js';

const effects = nodeEffects({ SOURCE_DATE_EPOCH: '1700000000' });

describe('the generated cover', () => {
  let r: BuildResult;
  beforeAll(async () => { r = await build({ manuscript: 'manuscript', out: path.join(os.tmpdir(), 'unused'), effects, dryRun: true }); }, 120_000);

  it('is the EPUB cover image (an SVG with a title), first in the spine, with the alt text in the cover document', async () => {
    expect(r.ok).toBe(true);
    const epub = await readEpub(r.outputs!.epub!);
    const opf = parseXml(epub.text('OEBPS/content.opf')!, 'opf');
    const item = elements(opf, 'item').find((i) => i.getAttribute('properties') === 'cover-image')!;
    expect(item.getAttribute('media-type')).toBe('image/svg+xml');
    const svg = parseXml(epub.text(`OEBPS/${item.getAttribute('href')}`)!, 'cover.svg');
    const alt = coverAlt(r.book!.meta);
    expect(alt).toBe('Cover: Friendship of Azerbaijan and Pakistan., by Fuad Huseynzadeh. Knowledge Bylanes');
    expect(elements(svg, 'title')[0]!.textContent).toBe(alt);
    expect(elements(svg, 'path').length).toBeGreaterThan(3);
    expect(elements(opf, 'itemref')[0]!.getAttribute('idref')).toBe('cover');
    const doc = parseXml(epub.text('OEBPS/cover.xhtml')!, 'cover.xhtml');
    expect(elements(doc, 'img')[0]!.getAttribute('alt')).toBe(alt);
    const nav = epub.text('OEBPS/toc.xhtml')!;
    expect(nav).toContain('<a epub:type="cover" href="cover.xhtml">Cover</a>');
    // a non-decorative image makes the edition partly visual, and it has alternative text
    expect(r.book!.accessibility.accessModes).toContain('visual');
    expect(r.book!.accessibility.features).toContain('alternativeText');
  });

  it('is the PDF\'s first page: a Figure whose Alt is the same text', async () => {
    const blocks = await readPdfStructureText(r.outputs!.pdf!);
    expect(blocks[0]).toEqual({ role: 'Figure', text: coverAlt(r.book!.meta) });
  });

  it('draws with fonts of its own: a title with "Ç" leaves "Copyright" whole in the PDF (font-tables.ts)', async () => {
    const ms = await mkdtemp(path.join(os.tmpdir(), 'lectern-cover-c-'));
    try {
      await cp('manuscript', ms, { recursive: true });
      const yaml = await readFile(path.join(ms, 'book.yaml'), 'utf8');
      await writeFile(path.join(ms, 'book.yaml'), yaml.replace(/^title: .*$/m, 'title: "Çay and Copyright"'));
      const c = await build({ manuscript: ms, out: path.join(ms, 'out'), effects, dryRun: true });
      expect(c.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    } finally {
      await rm(ms, { recursive: true, force: true });
    }
  }, 60_000);

  it('is deterministic, wraps long titles, and keeps every shape inside the cover', async () => {
    const fonts = await effects.fonts();
    const meta = { ...r.book!.meta, title: 'A very long title that has to be wrapped over several lines of the cover to fit at all, Azərbaycan' };
    const a = generateCover(meta, fonts);
    const b = generateCover(meta, fonts);
    expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
    const short = generateCover(r.book!.meta, fonts);
    // background, rule, then one shape per line: the long title needs more lines
    expect(a.vector!.shapes.length).toBeGreaterThan(short.vector!.shapes.length);
    for (const s of a.vector!.shapes) {
      const xs = [...s.d.matchAll(/(-?\d+(?:\.\d+)?)[ ,](-?\d+(?:\.\d+)?)/g)].map((m) => [Number(m[1]), Number(m[2])]);
      for (const [x, y] of xs) { expect(x).toBeGreaterThanOrEqual(-1); expect(x).toBeLessThanOrEqual(601); expect(y).toBeGreaterThanOrEqual(-1); expect(y).toBeLessThanOrEqual(901); }
    }
  });

  it('lays a right-to-left title out from the right: its first word at the right', async () => {
    const fonts = await effects.fonts();
    // "ب" (narrow) is read first, "سلامتی" (wide) second: the gap between them, the space, is right
    // of the line's middle when the first word stands at the right
    const d = generateCover({ ...r.book!.meta, title: 'ب سلامتی' }, fonts).vector!.shapes[2]!.d;
    const spans = d.split('M').filter((p) => p.trim() !== '').map((p) => {
      const xs = [...p.matchAll(/(-?\d+(?:\.\d+)?)[ ,](-?\d+(?:\.\d+)?)/g)].map((m) => Number(m[1]));
      return [Math.min(...xs), Math.max(...xs)] as const;
    }).sort((a, b) => a[0] - b[0]);
    let gap = { at: 0, width: 0 };
    let end = spans[0]![1];
    for (const [from, to] of spans.slice(1)) {
      if (from - end > gap.width) gap = { at: (from + end) / 2, width: from - end };
      end = Math.max(end, to);
    }
    const middle = (spans[0]![0] + end) / 2;
    expect(gap.at).toBeGreaterThan(middle);
  });

  it('draws a character DejaVu Serif lacks with DejaVu Sans, as the PDF does, never as a .notdef box', async () => {
    const fonts = await effects.fonts();
    const title = (t: string) => generateCover({ ...r.book!.meta, title: t }, fonts).vector!.shapes[2]!.d;
    // U+E000 (private use) is in no face: the .notdef box, which ★ (U+2605, in DejaVu Sans) must not be
    expect(title('★')).not.toBe(title('\uE000'));
    expect(title('★')).not.toBe('');
    // and it is measured as drawn: the line is centred on the sum of both faces' advances
    const xs = (d: string) => [...d.matchAll(/M(-?\d+(?:\.\d+)?)/g)].map((m) => Number(m[1]));
    const mixed = xs(title('A★A'));
    expect(Math.min(...mixed)).toBeGreaterThan(200);
    expect(Math.max(...mixed)).toBeLessThan(400);
  });
});

describe('a cover the manuscript brings', () => {
  let tmp: string;
  beforeAll(async () => { tmp = await mkdtemp(path.join(os.tmpdir(), 'lectern-cover-')); });
  afterAll(async () => { await rm(tmp, { recursive: true, force: true }); });

  it('is used instead, with the alt text book.yaml gives', async () => {
    const ms = path.join(tmp, 'ms');
    await cp('manuscript', ms, { recursive: true });
    await writeFile(path.join(ms, 'cover.png'), makePng(60, 90));
    const yaml = await readFile(path.join(ms, 'book.yaml'), 'utf8');
    await writeFile(path.join(ms, 'book.yaml'), `${yaml}cover:\n  image: cover.png\n  alt: A blue cover with the title in white letters.\n`);
    const r = await build({ manuscript: ms, out: path.join(tmp, 'out'), effects, dryRun: true });
    expect(r.ok, r.diagnostics.map((d) => d.message).join('\n')).toBe(true);
    const epub = await readEpub(r.outputs!.epub!);
    const opf = epub.text('OEBPS/content.opf')!;
    expect(opf).toContain('<item id="cover-image" href="images/cover-image.png" media-type="image/png" properties="cover-image"/>');
    expect(epub.text('OEBPS/cover.xhtml')).toContain('alt="A blue cover with the title in white letters."');
    const blocks = await readPdfStructureText(r.outputs!.pdf!);
    expect(blocks[0]).toEqual({ role: 'Figure', text: 'A blue cover with the title in white letters.' });
  }, 120_000);
});

/**
 * Issue 4 acceptance: the appendix's entries are the same, in the same order, with the same text,
 * in both editions; every EPUB appendix link resolves to an existing id, and every PDF appendix
 * link goes to the page where its paragraph starts (read with pdf.js, independently of Lectern).
 */
import os from 'node:os';
import path from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeEffects } from '../../src/effects.js';
import { plainText } from '../../src/model/plain-text.js';
import { blocksOf } from '../../src/enrich/walk.js';
import { build, type BuildResult } from '../../src/pipeline/build.js';
import { elements, parseXml, readEpub, readerText } from '../../src/verify/epub/read.js';
import { readPdfStructureText } from '../../src/verify/pdf/index.js';

const words = (s: string) => s.split(/[\s\u00a0]+/).filter(Boolean);

describe('the chronology in both editions', () => {
  let r: BuildResult;
  beforeAll(async () => {
    r = await build({ manuscript: 'manuscript', out: path.join(os.tmpdir(), 'unused'), effects: nodeEffects({ SOURCE_DATE_EPOCH: '1700000000' }), dryRun: true });
    expect(r.ok).toBe(true);
  }, 120_000);

  it('holds the sample\'s ten events in order, none from the rights block', () => {
    expect(r.book!.chronology.map((e) => e.datetime)).toEqual([
      '1990', '1992', '2019', '2020-09-27', '2020-09-30', '2020-10-18', '2020-12-11', '2020-12-30', '2021-03-03', '2021-04-13',
    ]);
    expect(r.book!.chronology[0]!.precision).toBe('decade');
    expect(r.book!.chronology.some((e) => /COPYRIGHT|Jul 18, 2021|Copyright/.test(e.sentence))).toBe(false);
  });

  it('EPUB: each entry has <time datetime>, the sentence, and a link that resolves to the paragraph that tells it', async () => {
    const epub = await readEpub(r.outputs!.epub!);
    const doc = parseXml(epub.text('OEBPS/chronology.xhtml')!, 'chronology.xhtml');
    const items = elements(doc, 'li');
    expect(items).toHaveLength(10);
    items.forEach((li, i) => {
      const ev = r.book!.chronology[i]!;
      expect(elements(li, 'time')[0]!.getAttribute('datetime')).toBe(ev.datetime);
      expect(readerText(li)).toContain(ev.sentence);
      const href = elements(li, 'a')[0]!.getAttribute('href')!;
      const [file, id] = href.split('#') as [string, string];
      const target = parseXml(epub.text(`OEBPS/${file}`)!, file);
      const p = elements(target, 'p').find((x) => x.getAttribute('id') === id);
      expect(p, href).toBeDefined();
      expect(readerText(p!)).toContain(ev.sentence);
    });
  });

  it('PDF: the same entries with the same text, in the same order', async () => {
    const blocks = await readPdfStructureText(r.outputs!.pdf!);
    const start = blocks.findIndex((b) => b.text === 'Chronology');
    const text = blocks.slice(start).map((b) => b.text).join(' ');
    let at = 0;
    for (const ev of r.book!.chronology) {
      const i = text.indexOf(`${ev.label}: ${ev.sentence}`, at);
      expect(i, ev.label).toBeGreaterThanOrEqual(at);
      at = i;
    }
  });

  it('PDF: every appendix link goes to the page where its paragraph starts', async () => {
    const pdf = await getDocument({ data: r.outputs!.pdf!.slice(), isEvalSupported: false }).promise;
    const paragraphs = new Map<string, string>();
    for (const ch of r.book!.chapters) for (const b of blocksOf(ch.blocks)) if (b.kind === 'paragraph') paragraphs.set(b.id, plainText(b.children));
    // the appendix pages are the last ones: collect their internal link annotations in order
    const links: { dest: unknown; contents: string }[] = [];
    for (let n = 1; n <= pdf.numPages; n++) {
      const page = await pdf.getPage(n);
      const text = (await page.getTextContent()).items.map((x) => ('str' in x ? x.str : '')).join(' ');
      if (!/Chronology|read in context/.test(text)) continue;
      // a link whose text wraps has one annotation per line fragment; each must lead to the right page
      for (const a of await page.getAnnotations()) if (a.subtype === 'Link' && a.dest) links.push({ dest: a.dest, contents: a.contentsObj?.str ?? '' });
    }
    const targets = r.book!.chronology.map((e) => e.blockId);
    expect([...new Set(links.map((l) => l.dest))].sort()).toEqual([...new Set(targets)].sort());
    let checked = 0;
    for (const [i, link] of links.entries()) {
      const blockId = link.dest as string;
      expect(link.contents.trim(), 'a link has a description').not.toBe('');
      const dest = typeof link.dest === 'string' ? await pdf.getDestination(link.dest) : link.dest as unknown[];
      const pageIndex = await pdf.getPageIndex(dest![0] as { num: number; gen: number });
      const page = await pdf.getPage(pageIndex + 1);
      const pageText = words((await page.getTextContent()).items.map((x) => ('str' in x ? `${x.str}${x.hasEOL ? ' ' : ''}` : '')).join('')).join(' ');
      const first = words(paragraphs.get(blockId)!).slice(0, 5).join(' ');
      expect(pageText, `link ${i + 1} -> ${blockId}`).toContain(first);
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(10);
    await pdf.destroy();
  }, 60_000);
});

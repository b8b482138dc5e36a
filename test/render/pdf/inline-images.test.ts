/**
 * An image inside running text is drawn in its line, as an inline Figure between the text around
 * it (figures.ts inlineImageBox, layout.ts drawLineAt), so the PDF reads it where the EPUB does.
 * Each manuscript is built by the real pipeline (parity with the EPUB included) and the PDF is
 * read back.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { PdfString, RawPdf, name } from '../../../src/verify/pdf/raw.js';
import { readStructure, structureText, type StructNode } from '../../../src/verify/pdf/structure.js';
import { pageText } from '../../../src/verify/pdf/content.js';
import { breakLines } from '../../../src/render/pdf/lines.js';
import type { Item } from '../../../src/render/pdf/inlines.js';
import { BOOK_YAML, cleanTemps, dryBuild, manuscript, png, shown, type Files } from '../../safety/support.js';

afterAll(cleanTemps);

type Child = StructNode['children'][number];
const isNode = (c: Child): c is StructNode => 'role' in c;
const nodes = (n: StructNode): StructNode[] => [n, ...n.children.filter(isNode).flatMap(nodes)];

async function built(files: Files): Promise<{ pdf: RawPdf; root: StructNode }> {
  const r = await dryBuild(await manuscript({ 'book.yaml': BOOK_YAML, ...files }));
  expect(r.ok, shown(r)).toBe(true);
  const pdf = new RawPdf(r.outputs!.pdf!);
  const { root } = readStructure(pdf);
  if (!root) throw new Error('no structure tree');
  return { pdf, root };
}

function alt(n: StructNode): string {
  const a = n.dict.get('Alt');
  return a instanceof PdfString ? a.text() : '';
}

function attr(pdf: RawPdf, el: StructNode, key: string): unknown {
  const a = pdf.dict(el.dict.get('A'));
  return a?.get(key);
}

describe('PDF: images inside text', () => {
  it('an image mid-sentence is a Figure between the text before and after it, on the text\'s line, with its alt', async () => {
    const { pdf, root } = await built({
      'a.md': '# T\n\nBefore ![a red square](images/x.png) after, and then a sentence long enough to wrap onto a second line of the page so the paragraph has lines on both sides.\n',
      'images/x.png': png(16, 16),
    });
    const p = nodes(root).find((n) => n.role === 'P' && n.children.some((c) => isNode(c) && c.role === 'Figure'));
    expect(p).toBeDefined();
    const kinds = p!.children.map((c) => (isNode(c) ? c.role : 'mcid' in c ? 'mcid' : 'objr'));
    expect(kinds).toEqual(['mcid', 'Figure', 'mcid']);
    const fig = p!.children.find(isNode)!;
    expect(alt(fig)).toContain('a red square');
    expect(name(attr(pdf, fig, 'Placement') as never)).toBe('Inline');
    // the screen reader's text: the alt in its place in the sentence
    const text = structureText(pdf).find((e) => e.role === 'P' && e.text.startsWith('Before'))!.text;
    expect(text).toMatch(/^Before a red square after, and then/);
    // the image is drawn inside the Figure's own marked content, on the paragraph's page
    const figMcids = fig.children.filter((c): c is { page: number; mcid: number } => 'mcid' in c);
    expect(figMcids).toHaveLength(1);
    const textPage = (p!.children[0] as { page: number }).page;
    expect(figMcids[0]!.page).toBe(textPage);
    // its box: 12 pt (16 px) square, its bottom near the first line's baseline, not after the paragraph
    const bbox = (pdf.resolve(pdf.dict(fig.dict.get('A'))!.get('BBox')) as number[]).map(Number);
    expect(bbox[2]! - bbox[0]!).toBeCloseTo(12, 3);
    expect(bbox[3]! - bbox[1]!).toBeCloseTo(12, 3);
    const runs = pageText(pdf, pdf.pages()[textPage]!.dict).runs.filter((r) => !r.artifact);
    expect(runs.some((r) => r.text.includes('Before'))).toBe(true);
  });

  it('the image is drawn inline: its XObject is painted in the Figure\'s sequence, between the two text sequences', async () => {
    const { pdf } = await built({ 'a.md': '# T\n\nOne ![an icon](images/x.png) two.\n', 'images/x.png': png(8, 8) });
    const page = pdf.pages().find((pg) => pageText(pdf, pg.dict).runs.some((r) => r.text.includes('One')))!;
    const contents = pdf.resolve(page.dict.get('Contents'));
    const data = Buffer.from(pdf.streamData(contents)!).toString('latin1');
    expect(data.indexOf(' Do')).toBeGreaterThan(0);
    // the P text before the image, the Figure with the image, the P text after
    const marks = [...data.matchAll(/\/(P|Figure) <<\s*\/MCID (\d+)\s*>> BDC/g)].map((m) => m[1]);
    expect(marks.slice(-3)).toEqual(['P', 'Figure', 'P']);
    const figureAt = data.lastIndexOf('/Figure <<');
    expect(data.indexOf(' Do', figureAt)).toBeLessThan(data.indexOf('EMC', figureAt));
  });

  it('a linked image is a Figure inside the Link; a decorative one is an artifact and not in the structure', async () => {
    const { pdf, root } = await built({
      'a.md': '# T\n\nSee [the ![red icon](images/x.png) page](https://example.org/) and ![](images/x.png){.decorative} more.\n',
      'images/x.png': png(16, 16),
    });
    const figs = nodes(root).filter((n) => n.role === 'Figure');
    const inLink = nodes(root).filter((n) => n.role === 'Link').flatMap((l) => l.children.filter(isNode)).filter((n) => n.role === 'Figure');
    // the cover, and the linked icon; the decorative one is not there
    expect(inLink).toHaveLength(1);
    expect(alt(inLink[0]!)).toContain('red icon');
    expect(figs.filter((f) => alt(f).length === 0)).toEqual([]);
    const text = structureText(pdf).find((e) => e.role === 'P' && e.text.startsWith('See'))!.text;
    expect(text).toBe('See the red icon page and more.');
    // the decorative copy is drawn, as an artifact
    const artifactsDraw = pdf.pages().some((pg) => {
      const d = Buffer.from(pdf.streamData(pdf.resolve(pg.dict.get('Contents')))!).toString('latin1');
      return /\/Artifact <<[^>]*\/Layout[^>]*>> BDC\s+q[\s\S]*?Do[\s\S]*?EMC/.test(d);
    });
    expect(artifactsDraw).toBe(true);
  });

  it('a table head with an image is repeated with the image on a continuation page, as an artifact', async () => {
    const rows = Array.from({ length: 60 }, (_, i) => `| row ${i} | text |`).join('\n');
    const { pdf, root } = await built({ 'a.md': `# T\n\n| Head ![head icon](images/x.png) | B |\n| --- | --- |\n${rows}\n`, 'images/x.png': png(16, 16) });
    // one Figure for the head in the structure (the repeat is not content)
    expect(nodes(root).filter((n) => n.role === 'Figure' && alt(n) === 'head icon')).toHaveLength(1);
    const streams = pdf.pages().map((pg) => Buffer.from(pdf.streamData(pdf.resolve(pg.dict.get('Contents')))!).toString('latin1'));
    // an image painted inside a Pagination artifact (no EMC between its BDC and the Do)
    const repeated = streams.filter((d) => /\/Artifact <<[^>]*\/Pagination[^>]*>> BDC(?:(?!EMC)[\s\S])*? Do\b/.test(d));
    expect(repeated.length).toBeGreaterThan(0);
    expect(repeated.length).toBeLessThan(streams.length);
  });

  it('a picture wider than the page is scaled to the line, and the line grows to hold it', async () => {
    const { pdf, root } = await built({ 'a.md': '# T\n\nA picture ![a wide field](images/w.png) and text after it.\n', 'images/w.png': png(1200, 600) });
    const fig = nodes(root).find((n) => n.role === 'Figure' && alt(n).includes('wide field'))!;
    const bbox = (pdf.resolve(pdf.dict(fig.dict.get('A'))!.get('BBox')) as number[]).map(Number);
    const page = pdf.pages()[0]!.dict;
    const media = (pdf.resolve(page.get('MediaBox')) as number[]).map(Number);
    const width = bbox[2]! - bbox[0]!;
    expect(width).toBeLessThanOrEqual(media[2]! - 2 * 50);
    expect(width).toBeGreaterThan(200);
    expect((bbox[3]! - bbox[1]!) / width).toBeCloseTo(0.5, 3);
    // inside the page, above the bottom margin
    expect(bbox[1]!).toBeGreaterThan(40);
  });

  it('an image written against a word, with no space, builds: both editions read its alt in the same place', async () => {
    const { pdf } = await built({ 'a.md': '# T\n\nText![an icon](images/x.png)more, and (![a second icon](images/x.png)) here.\n', 'images/x.png': png(8, 8) });
    const text = structureText(pdf).find((e) => e.role === 'P' && e.text.startsWith('Text'))!.text;
    expect(text).toBe('Textan iconmore, and (a second icon) here.');
  });

  it('line breaking never drops an image a rounding wider than the line, and gives it a line of its own', () => {
    const piece = { text: 'a b', font: 'regular' as const, size: 10, rise: 0, ctx: [], offset: 0 };
    const image = { assetId: 'x', alt: 'wide', decorative: false, at: { file: 'a.md', line: 1, column: 1 } };
    const items: Item[] = [
      { type: 'piece', piece },
      { type: 'image', image, piece: { ...piece, text: '', offset: 3 }, box: { width: 100 + 1e-9, height: 20, draw: null } },
    ];
    const lines = breakLines(items, 100, (_p, t) => t.length * 5);
    const imageLines = lines.filter((l) => l.frags.some((f) => f.image));
    expect(imageLines).toHaveLength(1);
    expect(imageLines[0]!.imageHeight).toBe(20);
    expect(lines[0]!.frags.some((f) => f.image)).toBe(false);
  });
});

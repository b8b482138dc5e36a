/**
 * The lines of one structure element on one page are one marked-content sequence (marked-text.ts):
 * read back from the rendered file, every element has at most one MCID per page, its text is the
 * model's, and what sits between (a Link, an emphasis run in another font) keeps its place.
 */
import { describe, expect, it } from 'vitest';
import type { Book } from '../../../src/model/book.js';
import { pageText } from '../../../src/verify/pdf/content.js';
import { RawPdf } from '../../../src/verify/pdf/raw.js';
import { readStructure, structureText, type StructNode } from '../../../src/verify/pdf/structure.js';
import { at, longBook, p, sampleBook, t } from '../../support/sample-book.js';
import { blockPlainText, render, textBlocks, ws } from './helpers.js';

type Child = StructNode['children'][number];
const isNode = (c: Child): c is StructNode => 'role' in c;
const isMcr = (c: Child): c is { page: number; mcid: number } => 'mcid' in c;

function nodes(n: StructNode): StructNode[] {
  return [n, ...n.children.filter(isNode).flatMap(nodes)];
}

async function read(book: Book): Promise<{ pdf: RawPdf; root: StructNode }> {
  const { bytes } = await render(book);
  const pdf = new RawPdf(bytes);
  const { root } = readStructure(pdf);
  if (!root) throw new Error('no structure tree');
  return { pdf, root };
}

/** A long chapter whose paragraph 7 has an internal link in the middle of several lines. */
function linkedBook(): Book {
  const base = longBook(30);
  const long = base.chapters[1]!;
  const words = 'one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen '.repeat(6);
  const linked = p('linked', at('chapters/long.md', 99), t(words), { kind: 'link', target: { kind: 'internal', chapterId: 'long', anchor: 'long' }, children: [t('the start of the chapter')] }, t(` ${words}`));
  const blocks = [...long.blocks.slice(0, 8), linked, ...long.blocks.slice(8)];
  return { ...base, chapters: [base.chapters[0]!, { ...long, blocks }] };
}

describe('marked text: one MCID per element and page', () => {
  it('a paragraph of many lines has one MCID per page it is on, and reads as the model text', async () => {
    const book = longBook();
    const { pdf, root } = await read(book);
    const ps = nodes(root).filter((n) => n.role === 'P');
    expect(ps.length).toBeGreaterThan(60);
    let spanning = 0;
    for (const el of ps) {
      const pages = el.children.filter(isMcr).map((c) => c.page);
      expect(new Set(pages).size, `P with MCIDs on pages ${pages.join(',')}`).toBe(pages.length);
      if (pages.length > 1) spanning++;
    }
    // some paragraphs run over a page break: two sequences, on consecutive pages
    expect(spanning).toBeGreaterThan(0);
    // every line of text was drawn (a paragraph of 60+ words takes several lines of an A5 page)
    const got = structureText(pdf).filter((e) => e.role === 'P').map((e) => ws(e.text));
    const want = textBlocks(book).filter((b) => b.kind === 'paragraph').map((b) => ws(blockPlainText(b)));
    for (const w of want) expect(got).toContain(w);
    // the lines are drawn: far fewer marked sequences than text operators
    const runs = pdf.pages().flatMap((pg) => pageText(pdf, pg.dict).runs.filter((r) => !r.artifact));
    const sequences = pdf.pages().reduce((n, pg) => n + new Set(pageText(pdf, pg.dict).runs.filter((r) => !r.artifact).map((r) => r.mcid)).size, 0);
    expect(sequences * 3).toBeLessThan(runs.length);
  });

  it('a link inside a paragraph splits it: text, Link, text, in that order, and the text reads whole', async () => {
    const book = linkedBook();
    const { pdf, root } = await read(book);
    const el = nodes(root).find((n) => n.role === 'P' && n.children.some((c) => isNode(c) && c.role === 'Link'));
    expect(el).toBeDefined();
    const kinds = el!.children.map((c) => (isNode(c) ? c.role : isMcr(c) ? 'mcid' : 'objr'));
    const link = kinds.indexOf('Link');
    expect(kinds.slice(0, link).every((k) => k === 'mcid')).toBe(true);
    expect(kinds.slice(link + 1).every((k) => k === 'mcid')).toBe(true);
    expect(link).toBeGreaterThan(0);
    expect(link).toBeLessThan(kinds.length - 1);
    const text = structureText(pdf).find((e) => e.role === 'P' && e.text.includes('the start of the chapter'));
    expect(ws(text!.text)).toBe(ws(blockPlainText(book.chapters[1]!.blocks[8]!)));
  });

  it('the sample book still reads as the model, paragraph for paragraph', async () => {
    const book = sampleBook();
    const { pdf } = await read(book);
    const got = structureText(pdf).filter((e) => e.role === 'P' || /^H\d$/.test(e.role)).map((e) => ws(e.text));
    for (const b of textBlocks(book)) expect(got).toContain(ws(blockPlainText(b)));
  });
});

describe('marked text: a word is shaped whole', () => {
  it('a word made of two text nodes in one font is drawn as the same word made of one (kerning kept)', async () => {
    const base = sampleBook();
    const withBody = (children: Parameters<typeof p>[2][]): Book => {
      const ch = base.chapters[1]!;
      return { ...base, chapters: [base.chapters[0]!, { ...ch, blocks: [p('kern', at('chapters/k.md', 1), ...children)] }] };
    };
    // "AV", "To" and "Ta" are kerned pairs in DejaVu Serif; each is cut between two text nodes here
    const split = await render(withBody([t('WA'), t('VE To'), t('wn Ta'), t('ble AVAV'), t('AV.')]));
    const whole = await render(withBody([t('WAVE Town Table AVAVAV.')]));
    expect(split.diagnostics).toEqual([]);
    expect(Buffer.from(split.bytes).equals(Buffer.from(whole.bytes))).toBe(true);
  });
});

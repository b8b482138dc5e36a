/**
 * Characters DejaVu Serif (or Sans Mono) lacks and DejaVu Sans draws: set in DejaVu Sans, in text,
 * headings, lists, tables, code, notes and the running head, read back as written; a book without
 * them embeds no DejaVu Sans; what neither face draws is still an L-GLYPH error.
 */
import { describe, expect, it } from 'vitest';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { Item } from '../../../src/render/pdf/inlines.js';
import type { Block as ModelBlock } from '../../../src/model/book.js';
import { fallbackRuns, withFallback } from '../../../src/render/pdf/fallback.js';
import type { FallbackKey } from '../../../src/render/pdf/styles.js';
import { at, em, p, sampleBook, strong, t } from '../../support/sample-book.js';
import { render } from './helpers.js';

const piece = (text: string, offset = 0, anchor?: string): Item => ({ type: 'piece', piece: { text, font: 'regular', size: 11, rise: 0, ctx: [], offset, ...(anchor ? { anchor } : {}) } });

describe('fallbackRuns', () => {
  const chars = new Map<number, FallbackKey>([[0x2605, 'sans'], [0x2713, 'sans'], [0x1f600, 'sans'], [0x0627, 'sansBold']]);
  it('is null when the face draws the whole text', () => {
    expect(fallbackRuns('plain text', chars)).toBeNull();
    expect(fallbackRuns('', chars)).toBeNull();
  });
  it('cuts where the text changes face, by code point, with each run\'s offset and face', () => {
    expect(fallbackRuns('★★ done ✓', chars)).toEqual([
      { text: '★★', at: 0, face: 'sans' }, { text: ' done ', at: 2 }, { text: '✓', at: 8, face: 'sans' },
    ]);
    expect(fallbackRuns('a😀b', chars)).toEqual([{ text: 'a', at: 0 }, { text: '😀', at: 1, face: 'sans' }, { text: 'b', at: 3 }]);
    expect(fallbackRuns('✓', chars)).toEqual([{ text: '✓', at: 0, face: 'sans' }]);
    expect(fallbackRuns('★ا', chars)).toEqual([{ text: '★', at: 0, face: 'sans' }, { text: 'ا', at: 1, face: 'sansBold' }]);
  });
});

describe('withFallback', () => {
  it('cuts only the pieces that need it, keeping offsets; a note reference\'s anchor stays on its first piece', () => {
    const items: Item[] = [piece('before ', 10), { type: 'break', offset: 17 }, piece('✓ok★', 18, 'ref-1')];
    const out = withFallback(items, new Map([['regular', new Map<number, FallbackKey>([[0x2605, 'sans'], [0x2713, 'sans']])]]));
    expect(out.map((i) => (i.type === 'piece' ? [i.piece.text, i.piece.font, i.piece.offset, i.piece.anchor ?? null] : i.type))).toEqual([
      ['before ', 'regular', 10, null], 'break', ['✓', 'sans', 18, 'ref-1'], ['ok', 'regular', 19, null], ['★', 'sans', 21, null],
    ]);
    // nothing to cut: the same array
    expect(withFallback(items, new Map([['bold', new Map<number, FallbackKey>([[0x2605, 'sansBold']])]]))).toBe(items);
    expect(withFallback(items, new Map())).toBe(items);
  });
});

async function pdfjsText(bytes: Uint8Array): Promise<string> {
  const doc = await getDocument({ data: bytes.slice(), useSystemFonts: false, isEvalSupported: false }).promise;
  let text = '';
  for (let i = 1; i <= doc.numPages; i++) {
    const c = await (await doc.getPage(i)).getTextContent();
    text += `${c.items.map((x) => ('str' in x ? x.str : '')).join('')}\n`;
  }
  return text;
}

const baseFonts = (bytes: Uint8Array) => [...Buffer.from(bytes).toString('latin1').matchAll(/\/BaseFont \/[A-Z]{6}\+([\w-]+)/g)].map((m) => m[1]!).sort();

describe('renderPdf: the fallback face', () => {
  it('draws ★ ✓ ☐ ⚠ ✈ ☎ in DejaVu Sans wherever they stand, and a reader reads them as written', async () => {
    const cell = (text: string) => ({ header: false, children: [t(text)] });
    const blocks = [
      p('stars', at('a.md', 1), t('Rated ★★★★☆ and '), strong(t('✓done'))),
      // DejaVu Sans Oblique has no Arabic: an italic Arabic word is set upright, in DejaVu Sans
      p('arabic', at('a.md', 2), em(t('كتاب ☆'))),
      { kind: 'list', id: 'l', ordered: false, at: at('a.md', 3), items: [{ at: at('a.md', 3), children: [p('li', at('a.md', 3), t('☐ Tickets'))] }] },
      { kind: 'table', id: 'tb', at: at('a.md', 5), caption: [t('Status ⚠')], head: [], body: [{ cells: [cell('Flight ✈'), cell('☎ call')] }] },
      { kind: 'codeBlock', id: 'code', at: at('a.md', 9), value: 'ok: ✓' },
    ] as unknown as ModelBlock[];
    const r = await render(sampleBook({ extra: blocks, title: 'Stars ★ Book' }));
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(baseFonts(r.bytes)).toEqual(expect.arrayContaining(['DejaVuSans', 'DejaVuSans-Bold', 'DejaVuSans-Oblique']));
    const text = await pdfjsText(r.bytes);
    for (const s of ['Rated ★★★★☆ and ✓done', '☆', '☐ Tickets', 'Status ⚠', 'Flight ✈', '☎ call', 'ok: ✓']) expect(text).toContain(s);
    // the running head (italic) carries the title
    expect(text).toContain('Stars ★ Book');
  });

  it('sets a chapter\'s title in the running head (italic) with the fallback too', async () => {
    const long = Array.from({ length: 40 }, (_, i) => p(`long-${i}`, at('a.md', 10 + i), t('A paragraph long enough to fill the pages of the chapter, so that its title runs in the head of its even pages. '.repeat(3))));
    const book = sampleBook({ extra: long });
    const retitled = { ...book, chapters: book.chapters.map((c) => (c.id === 'shore' ? { ...c, title: 'The Caspian Shore هه' } : c)) };
    const r = await render(retitled);
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    // only the running heads hold the title: DejaVu Serif Italic and Sans Oblique lack "ه", DejaVu Sans has it
    expect((await pdfjsText(r.bytes)).match(/ه/g)?.length ?? 0).toBeGreaterThanOrEqual(2);
  });

  it('a book that needs no fallback embeds none', async () => {
    const r = await render(sampleBook());
    expect(baseFonts(r.bytes).filter((f) => /^DejaVuSans(-|$)/.test(f))).toEqual([]);
  });
});

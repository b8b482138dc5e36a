import { describe, expect, it } from 'vitest';
import type { Block, Book } from '../../../src/model/book.js';
import { blockPlainText, chapterPlainText } from '../../../src/render/pdf/page-map.js';
import { longBook, sampleBook } from '../../support/sample-book.js';
import { pageTexts, render, ws } from './helpers.js';

function findBlock(book: Book, id: string): Block | undefined {
  const walk = (blocks: readonly Block[]): Block | undefined => {
    for (const b of blocks) {
      if (b.id === id) return b;
      const inner = b.kind === 'list' ? b.items.flatMap((i) => i.children)
        : b.kind === 'blockquote' ? b.children
          : b.kind === 'definitionList' ? b.items.flatMap((i) => i.definitions.flat()) : [];
      const found = walk(inner);
      if (found) return found;
    }
    return undefined;
  };
  for (const ch of book.chapters) {
    const f = walk(ch.blocks) ?? walk(ch.notes.flatMap((n) => n.children));
    if (f) return f;
  }
  return undefined;
}

function textAt(book: Book, start: { chapterId: string; blockId?: string; textOffset: number }): string {
  if (start.blockId !== undefined) {
    const b = findBlock(book, start.blockId);
    if (!b) throw new Error(`no block ${start.blockId}`);
    return blockPlainText(b).slice(start.textOffset);
  }
  const ch = book.chapters.find((c) => c.id === start.chapterId)!;
  return chapterPlainText(ch).slice(start.textOffset);
}

const firstWords = (s: string, n: number): string => ws(s).split(' ').slice(0, n).join(' ');

describe('renderPdf: page map (E-PAGE-1)', () => {
  it('has 10+ pages for the long book, and page N starts with the text at its recorded offset', async () => {
    const book = longBook();
    const { bytes, pageMap } = await render(book);
    const texts = pageTexts(bytes);
    expect(pageMap.pages.length).toBe(texts.length);
    expect(pageMap.pages.length).toBeGreaterThanOrEqual(10);
    let midParagraph = 0;
    pageMap.pages.forEach((page, i) => {
      expect(page.index).toBe(i);
      expect(page.label).toBe(String(i + 1));
      expect(page.startsAt, `page ${i + 1}`).not.toBeNull();
      const start = page.startsAt!;
      if (start.textOffset > 0) midParagraph++;
      const expected = firstWords(textAt(book, start), 6);
      const n = expected.split(' ').length; // a heading may be shorter than six words
      expect(firstWords(texts[i]!, n), `page ${i + 1}`).toBe(expected);
    });
    expect(midParagraph).toBeGreaterThan(3); // paragraphs really do cross page breaks
  });

  it('is right for the sample book too (pages starting with headings, figures, lists)', async () => {
    const book = sampleBook();
    const { bytes, pageMap } = await render(book);
    const texts = pageTexts(bytes);
    pageMap.pages.forEach((page, i) => {
      expect(page.startsAt).not.toBeNull();
      const want = firstWords(textAt(book, page.startsAt!), 3);
      // a page may start with a generated list label ("1.") before the item's text
      expect(ws(texts[i]!).replace(/^(\d+\.|•) /, '').startsWith(want), `page ${i + 1}: ${want}`).toBe(true);
    });
  });
});

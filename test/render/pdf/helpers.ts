/** Shared helpers for the PDF tests: render once per book, read text back exactly. */
import type { Block, Book, Chapter } from '../../../src/model/book.js';
import { nodeEffects } from '../../../src/effects.js';
import { renderPdf, type PdfResult } from '../../../src/render/pdf/index.js';
import { blockPlainText } from '../../../src/render/pdf/page-map.js';
import { pageText } from '../../../src/verify/pdf/content.js';
import { RawPdf } from '../../../src/verify/pdf/raw.js';

export const effects = nodeEffects({});

const cache = new Map<Book, Promise<PdfResult>>();
export function render(book: Book): Promise<PdfResult> {
  let r = cache.get(book);
  if (!r) { r = renderPdf(book, effects); cache.set(book, r); }
  return r;
}

export function ws(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** Each page's reproduced text (artifacts left out), decoded exactly, in content order. */
export function pageTexts(bytes: Uint8Array): string[] {
  const pdf = new RawPdf(bytes);
  return pdf.pages().map((p) => pageText(pdf, p.dict).runs.filter((r) => !r.artifact).map((r) => r.text).join(''));
}

/** Paragraph and heading blocks of a book, in reading order (notes after their chapter). */
export function textBlocks(book: Book): Block[] {
  const out: Block[] = [];
  const walk = (blocks: readonly Block[]): void => {
    for (const b of blocks) {
      if (b.kind === 'paragraph' || b.kind === 'heading') out.push(b);
      else if (b.kind === 'list') for (const it of b.items) walk(it.children);
      else if (b.kind === 'blockquote') walk(b.children);
      else if (b.kind === 'definitionList') for (const it of b.items) for (const d of it.definitions) walk(d);
    }
  };
  for (const ch of book.chapters as Chapter[]) {
    walk(ch.blocks);
    for (const n of ch.notes) walk(n.children);
  }
  return out;
}

export { blockPlainText };

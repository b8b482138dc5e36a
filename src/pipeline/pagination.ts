/**
 * One pagination for both editions (issue 8): the PDF's page map, recorded during its single
 * layout pass, becomes the EPUB's page-break markers and page-list.
 */
import type { Book } from '../model/book.js';
import type { PageMap } from '../render/pdf/index.js';
import type { PageBreaks } from '../render/epub/index.js';

export function pageBreaksFrom(book: Book, map: PageMap): PageBreaks {
  const byBlock = new Map<string, { offset: number; label: string }[]>();
  const list: { label: string; chapterId: string }[] = [];
  const known = new Set(book.chapters.map((c) => c.id));
  for (const p of map.pages) {
    if (!p.startsAt || !known.has(p.startsAt.chapterId)) continue;
    // A page whose first content has no block id starts at the top of its document.
    const key = p.startsAt.blockId ?? `#chapter:${p.startsAt.chapterId}`;
    const marks = byBlock.get(key) ?? [];
    marks.push({ offset: p.startsAt.blockId ? p.startsAt.textOffset : 0, label: p.label });
    byBlock.set(key, marks);
    list.push({ label: p.label, chapterId: p.startsAt.chapterId });
  }
  return { byBlock, list };
}

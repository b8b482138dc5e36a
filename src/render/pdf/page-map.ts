/**
 * The page map: for every PDF page, where its first reproduced content begins. Recorded during
 * the one layout pass; the EPUB page-list reads it (E-PAGE-1).
 *
 * `blockId` is the innermost block with an id that holds the first character drawn on the page,
 * and `textOffset` counts UTF-16 code units in that block's plain text (`blockPlainText`). When
 * no enclosing block has an id, `blockId` is absent and `textOffset` counts in the chapter's
 * plain text (`chapterPlainText`). Generated text (list numbers, note labels, running heads) is
 * never a start.
 */
export { blockPlainText, chapterPlainText, inlinePlainText } from '../../model/plain-text.js';

export interface PageStart {
  readonly chapterId: string;
  readonly blockId?: string;
  readonly textOffset: number;
}

export interface PageMapEntry {
  /** The page label, as printed in the footer and in /PageLabels. */
  readonly label: string;
  /** 0-based page index. */
  readonly index: number;
  readonly startsAt: PageStart | null;
}

export interface PageMap {
  readonly pages: readonly PageMapEntry[];
}

/** Where a piece of drawn text comes from: a block (or chapter) and a base offset in its text. */
export interface SourceRef {
  readonly chapterId: string;
  readonly blockId?: string;
  readonly base: number;
}

export class PageMapRecorder {
  private readonly pages: { label: string; index: number; startsAt: PageStart | null }[] = [];

  startPage(label: string): void {
    this.pages.push({ label, index: this.pages.length, startsAt: null });
  }

  /** Called for every drawn piece of reproduced content; only the first on a page counts. */
  content(src: SourceRef, offset: number): void {
    const page = this.pages[this.pages.length - 1];
    if (!page || page.startsAt) return;
    page.startsAt = {
      chapterId: src.chapterId,
      ...(src.blockId !== undefined ? { blockId: src.blockId } : {}),
      textOffset: src.base + offset,
    };
  }

  result(): PageMap {
    return { pages: this.pages.map((p) => ({ ...p })) };
  }
}

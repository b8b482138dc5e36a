/**
 * Bookmarks: one per heading, titled with the heading's text, nested by level, pointing at the
 * heading (`left: page.width` works around pdfkit's `left = width - left`; stack-notes).
 */
import type { OutlineItem, PdfDoc } from './pdfkit.js';

export class OutlineBuilder {
  private readonly stack: { level: number; item: OutlineItem }[] = [];

  constructor(private readonly doc: PdfDoc) {}

  /** Adds a bookmark on the current page at `top` (pdfkit's top-down y). */
  add(level: number, title: string, top: number): void {
    while (this.stack.length > 0 && this.stack[this.stack.length - 1]!.level >= level) this.stack.pop();
    const parent = this.stack[this.stack.length - 1]?.item ?? this.doc.outline;
    const item = parent.addItem(title, { top, left: this.doc.page.width, zoom: 0, fit: false });
    this.stack.push({ level, item });
  }
}

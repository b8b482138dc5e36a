/**
 * Text content gathered into one marked-content sequence per structure element and page.
 *
 * Drawing each line of a paragraph as its own MCID (`BDC … EMC`, its own `q … cm BT … ET Q`, its own
 * parent-tree entry and its own /K reference) made the tagging cost more than the text. Here the
 * lines of one element on one page are held back and written together: one MCID, one text object,
 * a text matrix per run, the font set only when it changes.
 *
 * The held text must reach the page before anything that could come after it: any other content,
 * a new page, a child added to any structure element (its order among the element's kids), an
 * element ended. So the document's `addContent`, `markContent`, `addPage` and `end`, and every structure element's
 * `add` and `end`, write the held text first. What a reader gets is the same text in the same
 * structure order; only the grouping into MCIDs changes.
 */
import type { PdfDoc, PdfPage, StructElement, StructOptions } from './pdfkit.js';
import { num } from './text-run.js';

interface Held {
  readonly owner: StructElement;
  readonly page: PdfPage;
  readonly color: string | null;
  readonly ops: string[];
  /** The font operator in force in the text object (`/F1 11 Tf`). */
  font: string;
}

export class MarkedText {
  private held: Held | null = null;
  private writing = false;

  constructor(private readonly doc: PdfDoc) {
    const proto = Object.getPrototypeOf(doc) as PdfDoc;
    const self = this;
    doc.addContent = function addContent(this: PdfDoc, data: string | Uint8Array): PdfDoc {
      self.flush();
      return proto.addContent.call(this, data);
    };
    // before pdfkit records a marking it may close the open ones; the held text goes first
    doc.markContent = function markContent(this: PdfDoc, tag: string, options?: Record<string, unknown>): PdfDoc {
      self.flush();
      return proto.markContent.call(this, tag, options);
    };
    doc.addPage = function addPage(this: PdfDoc, options?: Record<string, unknown>): PdfDoc {
      self.flush();
      return proto.addPage.call(this, options);
    };
    doc.end = function end(this: PdfDoc): void {
      self.flush();
      proto.end.call(this);
    };
    doc.struct = function struct(this: PdfDoc, type: string, options?: StructOptions, children?: (() => void) | StructElement[]): StructElement {
      return self.watch(proto.struct.call(this, type, options, children));
    };
  }

  /** Makes an element write the held text before it takes a child or ends. */
  watch(el: StructElement): StructElement {
    const add = el.add;
    const end = el.end;
    const self = this;
    el.add = function (this: StructElement, child: StructElement | (() => void)): StructElement {
      self.flush();
      return add.call(this, child);
    };
    el.end = function (this: StructElement): void {
      self.flush();
      end.call(this);
    };
    return el;
  }

  /**
   * The held sequence that text operators for `owner` on the current page, drawn in `color` (null:
   * the default black), are added to: the caller pushes the text matrix, font and show operators
   * of runs (text-run.ts `runOps`) onto `ops` and keeps `font` up to date. Valid until anything
   * else is drawn or added.
   */
  sequence(owner: StructElement, color: string | null): { readonly ops: string[]; font: string } {
    const page = this.doc.page;
    const h = this.held;
    if (h && (h.owner !== owner || h.page !== page || h.color !== color)) this.flush();
    return this.held ?? (this.held = { owner, page, color, ops: [], font: '' });
  }

  /** Writes the held text as one marked-content sequence of its element. */
  flush(): void {
    const h = this.held;
    if (!h || this.writing) return;
    this.held = null;
    this.writing = true;
    try {
      const doc = this.doc;
      const body = `q\n1 0 0 -1 0 ${num(h.page.height)} cm\nBT\n${h.ops.join('\n')}\nET\nQ\n`;
      h.owner.add(() => {
        if (h.color) doc.fillColor(h.color);
        // bytes, so pdfkit does not convert the string character by character
        doc.addContent(Buffer.from(body, 'latin1'));
        if (h.color) doc.fillColor('#000000');
      });
    } finally {
      this.writing = false;
    }
  }
}

/**
 * The slice of pdfkit 0.20.2 that Lectern uses, typed by hand (pdfkit ships no types and
 * @types/pdfkit lacks PDF/UA, struct closures, bbox and scope). pdfkit is CommonJS; it is loaded
 * with createRequire so the constructor can be subclassed (see document.ts).
 * Only render/pdf imports this module.
 */
import { createRequire } from 'node:module';
import type { FontkitFont } from '../../font-tables.js';

/** A fontkit font, as pdfkit exposes it on `doc._font.font`. */
export type { FontkitFont };

export interface PdfKitFont {
  readonly font: FontkitFont;
  /** In thousandths of the font size. */
  readonly ascender: number;
  readonly descender: number;
}

export interface PdfReference {
  data: Record<string, unknown>;
  end(chunk?: unknown): void;
}

/** A pdfkit structure element (`doc.struct(...)`). */
export interface StructElement {
  add(child: StructElement | (() => void)): StructElement;
  end(): void;
  readonly dictionary: PdfReference;
}

export interface StructOptions {
  title?: string;
  lang?: string;
  alt?: string;
  expanded?: string;
  actual?: string;
  /** [x0, y0, x1, y1] in pdfkit's top-down page coordinates. */
  bbox?: [number, number, number, number];
  placement?: string;
  scope?: 'Row' | 'Column' | 'Both';
}

export interface OutlineItem {
  addItem(title: string, options?: { top?: number; left?: number; zoom?: number; fit?: boolean; expanded?: boolean }): OutlineItem;
}

export interface PdfPage {
  /** Appends to the page's content stream (a string gets a line feed). */
  write(chunk: string | Uint8Array): void;
  readonly width: number;
  readonly height: number;
  readonly dictionary: PdfReference;
  readonly margins: { top: number; bottom: number; left: number; right: number };
}

/** An image opened once (pdfkit embeds it on first use and reuses the XObject). */
export interface PdfImage {
  readonly width: number;
  readonly height: number;
}

export interface AnnotationOptions {
  structParent?: StructElement;
  Contents?: String;
}

export interface PdfDoc {
  page: PdfPage;
  x: number;
  y: number;
  readonly _font: PdfKitFont;
  /** pdfkit's font cache, by registered name or family. */
  readonly _fontFamilies: Record<string, PdfKitFont>;
  readonly _root: PdfReference;
  readonly outline: OutlineItem;
  info: Record<string, unknown>;
  /** `src`: a font file's bytes, or a font fontkit has opened. */
  registerFont(name: string, src: Uint8Array | FontkitFont): PdfDoc;
  font(name: string): PdfDoc;
  fontSize(size: number): PdfDoc;
  widthOfString(text: string): number;
  addPage(options?: Record<string, unknown>): PdfDoc;
  /** Draws one run at (x, y) = top-left of the line box, no wrapping, no alignment. */
  _fragment(text: string, x: number, y: number, options: Record<string, unknown>): void;
  struct(type: string, options?: StructOptions, children?: (() => void) | StructElement[]): StructElement;
  addStructure(el: StructElement): PdfDoc;
  /** A string gets a newline appended; bytes are written as they are. */
  addContent(data: string | Uint8Array): PdfDoc;
  markContent(tag: string, options?: Record<string, unknown>): PdfDoc;
  endMarkedContent(): PdfDoc;
  link(x: number, y: number, w: number, h: number, url: string, options: AnnotationOptions): PdfDoc;
  goTo(x: number, y: number, w: number, h: number, name: string, options: AnnotationOptions): PdfDoc;
  addNamedDestination(name: string, type: 'XYZ', x: number | null, y: number | null, zoom: number | null): void;
  openImage(src: Uint8Array): PdfImage;
  image(src: PdfImage, x: number, y: number, options: { width: number; height: number }): PdfDoc;
  save(): PdfDoc;
  restore(): PdfDoc;
  lineWidth(w: number): PdfDoc;
  strokeColor(color: string): PdfDoc;
  fillColor(color: string): PdfDoc;
  moveTo(x: number, y: number): PdfDoc;
  lineTo(x: number, y: number): PdfDoc;
  stroke(): PdfDoc;
  appendXML(xml: string, newline?: boolean): void;
  on(event: 'data', listener: (chunk: Uint8Array) => void): PdfDoc;
  /** The document is a Readable stream: resume() lets it flow (and end) with no reader. */
  resume(): PdfDoc;
  on(event: 'end', listener: () => void): PdfDoc;
  on(event: 'error', listener: (err: unknown) => void): PdfDoc;
  end(): void;
  /** Writes bytes (or a string plus a newline) to the file. */
  _write(data: string | Uint8Array): void;
}

export type PdfDocCtor = new (options: Record<string, unknown>) => PdfDoc;

const require = createRequire(import.meta.url);

/** pdfkit's PDFDocument constructor. */
export const PDFDocument = require('pdfkit') as PdfDocCtor;

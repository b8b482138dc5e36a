/**
 * The layout engine: pages, the cursor, lazily created structure elements, and drawing lines of
 * text into them. Every drawn run of content is inside an MCID sequence of its structure element
 * (the lines of one element on one page share one: marked-text.ts); an image inside text is an
 * inline Figure in its line; everything else is an artifact (artifacts.ts). Pages are only ever
 * added between lines, never inside marked content, and inline Link elements are closed before a
 * page break so each Link's OBJR gets the right /Pg (stack-notes).
 */
import type { Chapter, ImageRef, LinkTarget } from '../../model/book.js';
import { warning, type Diagnostic } from '../../model/diagnostic.js';
import type { Position } from '../../model/position.js';
import { artifact, drawRule, drawRunningHeadAndFolio } from './artifacts.js';
import type { InlineCtx, Piece } from './inlines.js';
import { breakLines, type Fragment, type Line } from './lines.js';
import { addLinkAnnotation, resolveInternal, type LinkRect } from './links.js';
import { OutlineBuilder } from './outline.js';
import { PageMapRecorder, type SourceRef } from './page-map.js';
import type { InlineBox, Item } from './inlines.js';
import type { PdfDoc, StructElement, StructOptions } from './pdfkit.js';
import { PAGE, type TextStyle } from './styles.js';
import { painterFor, type TextPainter } from './text-run.js';
import { MarkedText } from './marked-text.js';
import { withFallback } from './fallback.js';
import { bidiFragments, mayNeedBidi, needsBidi } from './bidi.js';

/** A structure element created on first use, so that empty elements never exist and a list
 * label is drawn on the line (and page) where its item's content starts. */
export interface Lazy {
  readonly type: string;
  readonly options: StructOptions;
  readonly parent: Lazy | null;
  /** Element identifier (/ID), e.g. for Note; collected into the IDTree. */
  readonly id?: string;
  readonly onCreate?: (el: StructElement) => void;
  el?: StructElement;
}

interface OpenInline { ctx: InlineCtx; el: StructElement; rect: LinkRect | null; dest: string | undefined }

export const LINK_COLOR = '#1a4a80';

const WORD_END = /[^ \t]$/;
const WORD_START = /^[^ \t]/;
const NOT_BLANK = /\S/;

/** Where a line is drawn: its x after alignment, its top, height and baseline, and its text size. */
interface LineBox { readonly x: number; readonly top: number; readonly height: number; readonly baseline: number; readonly size: number }

export interface TextOptions {
  readonly owner: Lazy;
  readonly x: number;
  readonly width: number;
  readonly style: TextStyle;
  readonly src: SourceRef;
  readonly align?: 'left' | 'center' | 'right';
  /** Named destinations placed at the first line. */
  readonly dests?: readonly string[];
  /** Hanging indent of continuation lines (rights lines), in points. */
  readonly hang?: number;
  /** Where problems (unresolved links) are reported. */
  readonly at: Position;
  /** The base direction of the lines (default left to right; bidi.ts). */
  readonly base?: 'ltr' | 'rtl';
}

export class Layout {
  readonly pageMap = new PageMapRecorder();
  readonly outline: OutlineBuilder;
  readonly diagnostics: Diagnostic[] = [];
  readonly ids: { id: string; el: StructElement }[] = [];
  readonly keys = { next: 0 };
  readonly root: StructElement;
  y: number = PAGE.marginTop;
  pageIndex = -1;
  chapter!: Chapter;
  /** Top and baseline of the line being drawn (list labels are drawn there). */
  lineTop = 0;
  lineBaseline = 0;
  private inline: OpenInline[] = [];
  private readonly placed = new Set<string>();
  private readonly warned = new Set<string>();

  constructor(readonly doc: PdfDoc, readonly known: ReadonlySet<string>) {
    this.outline = new OutlineBuilder(doc);
    this.painter = painterFor(doc);
    this.marked = new MarkedText(doc);
    this.root = doc.struct('Document');
    doc.addStructure(this.root);
  }

  get left(): number { return PAGE.marginLeft; }
  get width(): number { return PAGE.width - PAGE.marginLeft - PAGE.marginRight; }
  get bottom(): number { return PAGE.height - PAGE.marginBottom; }
  get top(): number { return PAGE.marginTop; }
  atPageTop(): boolean { return this.y <= this.top + 0.01; }

  // ------------------------------------------------------------------ pages

  newPage(): void {
    this.closeInline();
    this.doc.addPage();
    this.pageIndex++;
    const label = String(this.pageIndex + 1);
    this.pageMap.startPage(label);
    if (this.chapter.role !== 'titlepage' && this.chapter.role !== 'cover') {
      const head = this.pageIndex % 2 === 0 ? this.chapter.title : this.runningTitle;
      drawRunningHeadAndFolio(this.doc, head, label);
    }
    this.y = this.top;
  }

  runningTitle = '';

  /** Breaks the page unless `h` points still fit (or the cursor is already at the top). */
  ensureSpace(h: number): void {
    if (this.y + h > this.bottom + 0.01 && !this.atPageTop()) this.newPage();
  }

  space(h: number): void {
    if (!this.atPageTop()) this.y = Math.min(this.y + h, this.bottom);
  }

  // ------------------------------------------------------------------ structure

  lazy(type: string, parent: Lazy | null, options: StructOptions = {}, extra: { id?: string; onCreate?: (el: StructElement) => void } = {}): Lazy {
    return { type, parent, options, ...extra };
  }

  ensure(l: Lazy): StructElement {
    if (l.el) return l.el;
    const parentEl = l.parent ? this.ensure(l.parent) : this.root;
    const el = this.doc.struct(l.type, l.options);
    parentEl.add(el);
    l.el = el;
    if (l.id !== undefined) {
      el.dictionary.data.ID = new String(l.id);
      this.ids.push({ id: l.id, el });
    }
    l.onCreate?.(el);
    return el;
  }

  end(l: Lazy): void {
    if (l.el === undefined) return;
    this.closeInline();
    l.el.end();
  }

  dest(name: string, y = this.y): void {
    if (this.placed.has(name)) return;
    this.placed.add(name);
    this.doc.addNamedDestination(name, 'XYZ', 0, Math.max(y - 4, 0), null);
  }

  warnOnce(key: string, d: Diagnostic): void {
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.diagnostics.push(d);
  }

  // ------------------------------------------------------------------ text

  /** Widths and glyphs are cached per font and word (text-run.ts). */
  readonly painter: TextPainter;
  /** The lines of one element on one page, written as one marked-content sequence. */
  private readonly marked: MarkedText;

  measure = (piece: Piece, text: string): number => this.painter.width(piece.font, piece.size, text);

  /** Sizes and draws inline images (figures.ts inlineImageBox); set by renderPdf. */
  inlineImage: ((ref: ImageRef, maxWidth: number) => InlineBox) | undefined;

  breakLines(given: readonly Item[], width: number, hang = 0): Line[] {
    // the characters a face lacks are set in its fallback face (fonts.ts checkGlyphs)
    const fallback = this.painter.fallback;
    const items = fallback ? withFallback(given, fallback) : given;
    // inline images get their box first: at most as wide as a continuation line
    const sized = items.some((i) => i.type === 'image')
      ? items.map((i) => (i.type === 'image' && this.inlineImage ? { ...i, box: this.inlineImage(i.image, width - hang) } : i))
      : items;
    const lines = breakLines(sized, width - hang, this.measure, width);
    if (mayNeedBidi(items)) for (const line of lines) this.mixedLines.add(line);
    return lines;
  }

  /** The lines of blocks that may hold right-to-left text (bidi.ts). */
  private readonly mixedLines = new WeakSet<Line>();

  /** The baseline of a line whose top is at `top` and height `lh` (lineHeight). */
  baselineOf(line: Line, style: TextStyle, top: number, lh: number): number {
    const size = Math.max(line.maxSize, style.size);
    // with an image, the room below the baseline is a text line's (lineHeight)
    return line.imageHeight === 0 ? top + lh / 2 + size * 0.34 : top + lh - (size * style.leading / 2 - size * 0.34);
  }

  lineHeight(line: Line, style: TextStyle): number {
    const text = Math.max(line.maxSize, style.size) * style.leading;
    if (line.imageHeight === 0) return text;
    // an image stands on the baseline; the line grows above it, the room below stays
    const size = Math.max(line.maxSize, style.size);
    return Math.max(text / 2 + size * 0.34, line.imageHeight + 1) + (text / 2 - size * 0.34);
  }

  /** Draws lines with page breaks between them (a paragraph may span pages). */
  drawText(lines: readonly Line[], o: TextOptions): void {
    if (lines.length >= 2) {
      const lh0 = this.lineHeight(lines[0]!, o.style) + this.lineHeight(lines[1]!, o.style);
      this.ensureSpace(lh0); // no orphan line at the foot of a page
    }
    lines.forEach((line, i) => {
      const lh = this.lineHeight(line, o.style);
      if (this.y + lh > this.bottom + 0.01 && !this.atPageTop()) this.newPage();
      if (i === 0) for (const d of o.dests ?? []) this.dest(d);
      const hang = i > 0 ? o.hang ?? 0 : 0;
      this.drawLineAt(line, o.x + hang, this.y, lh, hang ? { ...o, width: o.width - hang } : o);
      this.y += lh;
    });
    if (lines.length === 0) for (const d of o.dests ?? []) this.dest(d);
  }

  /** Draws one line with its top at `top`; no page break. */
  drawLineAt(line: Line, x0: number, top: number, lh: number, o: TextOptions): void {
    const size = Math.max(line.maxSize, o.style.size);
    const baseline = this.baselineOf(line, o.style, top, lh);
    this.lineTop = top;
    this.lineBaseline = baseline;
    const blockEl = this.ensure(o.owner);
    const free = Math.max(o.width - line.width, 0);
    const dx = o.align === 'center' ? free / 2 : o.align === 'right' ? free : 0;
    const at: LineBox = { x: x0 + dx, top, height: lh, baseline, size };
    // consecutive fragments with the same inline structure path are drawn as one group; a line
    // with right-to-left text is cut and placed by the bidirectional algorithm first
    const frags = o.base === 'rtl' || (this.mixedLines.has(line) && needsBidi(line.frags)) ? bidiFragments(line.frags, this.measure, o.base) : line.frags;
    for (let from = 0; from < frags.length;) {
      let to = from + 1;
      while (to < frags.length && sameCtx(frags[from]!.piece.ctx, frags[to]!.piece.ctx)) to++;
      this.drawGroup(frags, from, to, blockEl, at, o);
      from = to;
    }
    for (const open of this.inline) this.flushRect(open);
  }

  /** Draws `frags[from, to)`, which share one inline structure path, in the line box `at`. */
  private drawGroup(frags: readonly Fragment[], from: number, to: number, blockEl: StructElement, at: LineBox, o: TextOptions): void {
    const { x, top, height: lh, baseline, size } = at;
    const ctx = frags[from]!.piece.ctx;
    this.syncInline(ctx, blockEl, o.at);
    const owner = this.inline[this.inline.length - 1]?.el ?? blockEl;
    const inLink = ctx.some(isLink);
    const color = inLink ? LINK_COLOR : null;
    // Words and the spaces between them in one font are drawn as one run: far fewer text
    // operators than one per word, and the same glyph positions (left-aligned, natural widths).
    // A run keeps its fragments' texts as parts (words and spaces, already cut where the painter
    // cuts a run); two parts that meet inside a word are joined, so a word is shaped whole.
    // An inline image ends the run before it: its Figure follows their text in the structure.
    const parts = this.parts;
    parts.length = 0;
    let run: Piece | null = null;
    let runX = 0;
    let runLevel: number | undefined;
    let firstVisible = -1;
    let lastVisible = -1;
    for (let k = from; k < to; k++) {
      const f = frags[k]!;
      if (f.image || NOT_BLANK.test(f.text)) { if (firstVisible < 0) firstVisible = k; lastVisible = k; }
      if (f.image) {
        if (run) this.drawRun(owner, color, run, parts, x + runX, baseline, runLevel);
        run = null;
        this.inlineFigure(owner, f.image.ref, f.image.box, x + f.x, baseline);
        continue;
      }
      if (f.text === '') continue;
      // a fragment placed by the bidirectional algorithm is a run of its own
      if (run && f.level === undefined && run.font === f.piece.font && run.size === f.piece.size && run.rise === f.piece.rise) {
        const prev = parts[parts.length - 1]!;
        if (WORD_END.test(prev) && WORD_START.test(f.text)) parts[parts.length - 1] = prev + f.text;
        else parts.push(f.text);
      } else {
        if (run) this.drawRun(owner, color, run, parts, x + runX, baseline, runLevel);
        run = f.piece;
        runX = f.x;
        runLevel = f.level;
        parts.length = 0;
        parts.push(f.text);
      }
    }
    if (run) this.drawRun(owner, color, run, parts, x + runX, baseline, runLevel);
    if (firstVisible >= 0) this.pageMap.content(o.src, frags[firstVisible]!.offset);
    for (let k = from; k < to; k++) {
      const anchor = frags[k]!.piece.anchor;
      if (anchor) this.dest(anchor, top);
    }
    // link rectangle and underline (the underline is an artifact: colour is not the only cue)
    if (inLink && firstVisible >= 0) {
      const first = frags[firstVisible]!;
      const lastF = frags[lastVisible]!;
      let x0r = x + first.x;
      let x1r = x + lastF.x + (lastF.image ? lastF.width : this.measure(lastF.piece, lastF.text.replace(/\s+$/, '')));
      // placed by the bidirectional algorithm, the first fragment read need not be the leftmost
      if (first.level !== undefined) {
        for (let k = firstVisible; k <= lastVisible; k++) {
          const f = frags[k]!;
          x0r = Math.min(x0r, x + f.x);
          x1r = Math.max(x1r, x + f.x + (f.image ? f.width : this.measure(f.piece, f.text.replace(/\s+$/, ''))));
        }
      }
      for (const open of this.inline) {
        if (open.ctx.kind !== 'link') continue;
        if (open.rect && open.rect.y === top) open.rect.x1 = x1r;
        else { this.flushRect(open); open.rect = { x0: x0r, x1: x1r, y: top, h: lh }; }
      }
      drawRule(this.doc, x0r, x1r, baseline + size * 0.12, 0.5, LINK_COLOR);
    }
  }

  /** A run's operators, added to its element's marked-content sequence on this page. */
  private drawRun(owner: StructElement, color: string | null, piece: Piece, parts: readonly string[], x: number, baseline: number, level: number | undefined): void {
    const seq = this.marked.sequence(owner, color);
    const y = baseline - piece.rise - this.painter.ascender(piece.font, piece.size);
    const direction = level === undefined ? undefined : level % 2 === 1 ? 'rtl' : 'ltr';
    seq.font = this.painter.runOps(seq.ops, seq.font, piece.font, piece.size, parts, x, y, direction);
  }

  /** The parts of the run being gathered (one array, reused line after line). */
  private readonly parts: string[] = [];

  /** An image in a line: an inline Figure with its alt text (an artifact when decorative), its
   * bottom on the baseline. */
  private inlineFigure(owner: StructElement, ref: ImageRef, box: InlineBox, x: number, baseline: number): void {
    const y = baseline - box.height;
    const draw = box.draw;
    if (ref.decorative) {
      if (draw) artifact(this.doc, 'Layout', () => { draw(x, y); });
      return;
    }
    const fig = this.doc.struct('Figure', { alt: ref.alt, bbox: [x, y, x + box.width, y + box.height], placement: 'Inline' });
    owner.add(fig);
    if (draw) fig.add(() => { draw(x, y); });
    fig.end();
  }

  private syncInline(ctx: readonly InlineCtx[], blockEl: StructElement, at: Position): void {
    let common = 0;
    while (common < this.inline.length && common < ctx.length && this.inline[common]!.ctx.key === ctx[common]!.key) common++;
    while (this.inline.length > common) this.closeTop();
    for (let i = common; i < ctx.length; i++) {
      const c = ctx[i]!;
      const parent = this.inline[i - 1]?.el ?? blockEl;
      const el = c.kind === 'span' ? this.doc.struct('Span', { lang: c.lang }) : this.doc.struct('Link');
      parent.add(el);
      const dest = c.kind === 'link' ? this.linkDest(c.target, at) : undefined;
      this.inline.push({ ctx: c, el, rect: null, dest });
    }
  }

  private linkDest(target: LinkTarget, at: Position): string | undefined {
    if (target.kind === 'external') return undefined;
    const dest = resolveInternal(target, this.known);
    if (dest === undefined) {
      const where = `${target.chapterId}${target.anchor ? `#${target.anchor}` : ''}`;
      this.warnOnce(`link:${where}`, warning('X-PDF', `an internal link points to ${where}, which is not in the book; the PDF link is left inactive`, at));
    }
    return dest;
  }

  private flushRect(open: OpenInline): void {
    if (open.ctx.kind !== 'link' || !open.rect) return;
    addLinkAnnotation(this.doc, open.el, open.ctx.target, open.dest, open.ctx.contents, open.rect);
    open.rect = null;
  }

  private closeTop(): void {
    const open = this.inline.pop();
    if (!open) return;
    this.flushRect(open);
    open.el.end();
  }

  closeInline(): void {
    while (this.inline.length > 0) this.closeTop();
  }
}

function isLink(c: InlineCtx): boolean {
  return c.kind === 'link';
}

function sameCtx(a: readonly InlineCtx[], b: readonly InlineCtx[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i]!.key !== b[i]!.key) return false;
  return true;
}

/**
 * Measuring and drawing runs of text, with pdfkit's fonts but without its per-call overhead.
 *
 * pdfkit's `widthOfString` and `_fragment` lay every string out again on each call (splitting it
 * into words, concatenating glyph arrays, re-encoding each glyph). Lectern measures every word
 * once while breaking lines and then draws each line as runs, so the same words went through
 * fontkit's layout code three times. Here widths and encoded glyphs are cached per font and
 * per word, and a run's operators are written with one `addContent` call.
 *
 * The output is the same as pdfkit 0.20.2's `_fragment(text, x, y, {})` (left-aligned, top
 * baseline, no spacing options), operator for operator: the segments are split where pdfkit's
 * `EmbeddedFont.layout` splits them (after each space or tab) and the TJ array is built by the
 * same rules. test/render/pdf/text-run.test.ts holds it to pdfkit's own output.
 */
import type { PdfDoc } from './pdfkit.js';
import type { FontKey } from './styles.js';

/** A glyph position from fontkit, scaled to thousandths of the font size by pdfkit. */
interface GlyphPosition {
  readonly xAdvance: number;
  readonly yAdvance: number;
  readonly xOffset: number;
  readonly yOffset: number;
  readonly advanceWidth: number;
}

/** The part of pdfkit's EmbeddedFont that is used here. */
interface EmbeddedFont {
  readonly id: string;
  /** In thousandths of the font size. */
  readonly ascender: number;
  ref(): unknown;
  layout(text: string, features: undefined, onlyWidth: true): { advanceWidth: number };
  /** Hex glyph ids (4 digits, subset numbering) and positions; adds the glyphs to the subset. */
  encode(text: string): [string[], GlyphPosition[]];
}

interface Encoded { readonly hex: readonly string[]; readonly positions: readonly GlyphPosition[] }

/** pdfkit's PDFObject.number: six decimals at most. */
function num(n: number): number {
  if (n > -1e21 && n < 1e21) return Math.round(n * 1e6) / 1e6;
  throw new Error(`unsupported number: ${n}`);
}

/** Splits as pdfkit's EmbeddedFont.layout does: each segment ends after a space or a tab. */
function segments(text: string): string[] {
  const out: string[] = [];
  let last = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x09) { out.push(text.slice(last, i + 1)); last = i + 1; }
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

export class TextPainter {
  private readonly advances = new Map<FontKey, Map<string, number>>();
  private readonly encodings = new Map<FontKey, Map<string, Encoded>>();

  constructor(private readonly doc: PdfDoc) {}

  private face(font: FontKey): EmbeddedFont {
    const f = (this.doc._fontFamilies as unknown as Record<string, EmbeddedFont | undefined>)[font];
    if (!f) throw new Error(`font ${font} is not registered`);
    return f;
  }

  /** The width of `text` in points: what `doc.font(font).fontSize(size).widthOfString(text)` gives. */
  width(font: FontKey, size: number, text: string): number {
    let byText = this.advances.get(font);
    if (!byText) { byText = new Map(); this.advances.set(font, byText); }
    let adv = byText.get(text);
    if (adv === undefined) {
      adv = this.face(font).layout(text, undefined, true).advanceWidth;
      byText.set(text, adv);
    }
    // the same arithmetic as pdfkit's doc.widthOfString, so widths (and so layout) are unchanged
    return (adv * (size / 1000) + 0) * 100 / 100;
  }

  /** Ascender in points at `size`. */
  ascender(font: FontKey, size: number): number {
    return this.face(font).ascender / 1000 * size;
  }

  private encode(font: FontKey, text: string): { hex: string[]; positions: GlyphPosition[] } {
    let bySegment = this.encodings.get(font);
    if (!bySegment) { bySegment = new Map(); this.encodings.set(font, bySegment); }
    const face = this.face(font);
    const hex: string[] = [];
    const positions: GlyphPosition[] = [];
    for (const seg of segments(text)) {
      let e = bySegment.get(seg);
      if (!e) {
        const [h, p] = face.encode(seg);
        e = { hex: h, positions: p };
        bySegment.set(seg, e);
      }
      for (let i = 0; i < e.hex.length; i++) { hex.push(e.hex[i]!); positions.push(e.positions[i]!); }
    }
    return { hex, positions };
  }

  /**
   * Draws `text` with its line box's top-left corner at (x, y) in pdfkit's top-down coordinates:
   * pdfkit's `_fragment(text, x, y, {})` after `doc.font(font).fontSize(size)`.
   */
  draw(font: FontKey, size: number, text: string, x: number, y: number): void {
    text = text.replace(/\n/g, '');
    if (text.length === 0) return;
    const doc = this.doc;
    const face = this.face(font);
    const dy = face.ascender / 1000 * size;
    const pageHeight = doc.page.height;
    const fonts = (doc.page as unknown as { fonts: Record<string, unknown> }).fonts;
    if (fonts[face.id] == null) fonts[face.id] = face.ref();
    y = pageHeight - y - dy;
    const out: string[] = ['q', `1 0 0 -1 0 ${num(pageHeight)} cm`, 'BT', `1 0 0 1 ${num(x)} ${num(y)} Tm`, `/${face.id} ${num(size)} Tf`];
    const { hex: encoded, positions } = this.encode(font, text);
    const scale = size / 1000;
    const commands: string[] = [];
    let last = 0;
    let hadOffset = false;
    const addSegment = (cur: number): void => {
      if (last < cur) {
        const h = encoded.slice(last, cur).join('');
        const advance = positions[cur - 1]!.xAdvance - positions[cur - 1]!.advanceWidth;
        commands.push(`<${h}> ${num(-advance)}`);
      }
      last = cur;
    };
    const flush = (i: number): void => {
      addSegment(i);
      if (commands.length > 0) {
        out.push(`[${commands.join(' ')}] TJ`);
        commands.length = 0;
      }
    };
    let i = 0;
    for (; i < positions.length; i++) {
      const pos = positions[i]!;
      if (pos.xOffset || pos.yOffset) {
        flush(i);
        out.push(`1 0 0 1 ${num(x + pos.xOffset * scale)} ${num(y + pos.yOffset * scale)} Tm`);
        flush(i + 1);
        hadOffset = true;
      } else {
        if (hadOffset) {
          out.push(`1 0 0 1 ${num(x)} ${num(y)} Tm`);
          hadOffset = false;
        }
        if (pos.xAdvance - pos.advanceWidth !== 0) addSegment(i + 1);
      }
      x += pos.xAdvance * scale;
    }
    flush(i);
    out.push('ET', 'Q');
    doc.addContent(out.join('\n'));
  }
}

const painters = new WeakMap<PdfDoc, TextPainter>();

/** The document's painter (one per document, so its caches live as long as the fonts do). */
export function painterFor(doc: PdfDoc): TextPainter {
  let p = painters.get(doc);
  if (!p) { p = new TextPainter(doc); painters.set(doc, p); }
  return p;
}

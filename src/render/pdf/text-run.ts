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
 * baseline, no spacing options), operator for operator: the TJ array is built by the same rules.
 * test/render/pdf/text-run.test.ts holds it to pdfkit's own output.
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
  layout(text: string, features: undefined, onlyWidth: false): { glyphs: { id: number }[]; positions: GlyphPosition[]; advanceWidth: number };
  /** pdfkit's layout of each word it has laid out (absent when the document keeps none). */
  readonly layoutCache?: Record<string, unknown>;
  /** Hex glyph ids (4 digits, subset numbering) and positions; adds the glyphs to the subset. */
  encode(text: string): [string[], GlyphPosition[]];
}

/**
 * A segment's glyphs, encoded once. `parts` is the segment cut where pdfkit's TJ array is cut: after
 * each glyph whose advance differs from its width (kerning), with that difference; the last part
 * has `adjust` null when the segment ends without one. `simple` is false when a glyph is offset
 * (combining marks), which needs pdfkit's per-glyph text matrices.
 *
 * A book keeps one of these for every word of each face (500k words with a real-sized vocabulary:
 * about 45,000 words), so each is small: the glyph ids as one flat string, whose parts are slices of
 * it (the whole string when the word is not kerned), and the glyphs' positions only for a word
 * whose glyphs are offset. A word drawn in a run with such a word gets its positions again from
 * pdfkit (glyphPositions). pdfkit's own layout of the word is let go once it is encoded.
 */
interface Encoded {
  /** The segment's text (its key in the painter's cache). */
  readonly text: string;
  /** The glyphs' ids in the subset, four hex digits each. */
  readonly hex: string;
  /** Per glyph: x advance, width, x offset and y offset, in thousandths of the font size; kept
   * only when `simple` is false. */
  readonly metrics: Float64Array | null;
  readonly simple: boolean;
  readonly parts: readonly { readonly hex: string; readonly adjust: number | null }[];
}

/** What drawGlyphs reads of a glyph's position. */
type Placed = Pick<GlyphPosition, 'xAdvance' | 'advanceWidth' | 'xOffset' | 'yOffset'>;

function metricsOf(positions: readonly GlyphPosition[]): Float64Array {
  const metrics = new Float64Array(4 * positions.length);
  positions.forEach((p, i) => { metrics[4 * i] = p.xAdvance; metrics[4 * i + 1] = p.advanceWidth; metrics[4 * i + 2] = p.xOffset; metrics[4 * i + 3] = p.yOffset; });
  return metrics;
}

function encoded(text: string, hex: readonly string[], positions: readonly GlyphPosition[]): Encoded {
  // one flat string: the parts below are slices of it (a slice of the whole is the string itself),
  // not pdfkit's four-digit strings joined
  const all = hex.join('');
  const parts: { hex: string; adjust: number | null }[] = [];
  let simple = true;
  let from = 0;
  for (let i = 0; i < positions.length; i++) {
    const p = positions[i]!;
    if (p.xOffset || p.yOffset) simple = false;
    if (p.xAdvance - p.advanceWidth !== 0) {
      parts.push({ hex: all.slice(4 * from, 4 * (i + 1)), adjust: num(-(p.xAdvance - p.advanceWidth)) });
      from = i + 1;
    }
  }
  if (from < positions.length) parts.push({ hex: all.slice(4 * from), adjust: null });
  return { text, hex: all, metrics: simple ? null : metricsOf(positions), simple, parts };
}

/** pdfkit's PDFObject.number: six decimals at most. */
export function num(n: number): number {
  if (n > -1e21 && n < 1e21) return Math.round(n * 1e6) / 1e6;
  throw new Error(`unsupported number: ${n}`);
}

/**
 * Splits a run into words and single spaces or tabs. pdfkit's EmbeddedFont.layout splits after
 * each space or tab ("word "), which lays every word out twice: once bare, when it is measured,
 * and once with its space, when it is drawn. Here the word is laid out once, so a run is drawn
 * with exactly the advances it was measured with (the DejaVu faces have no kerning against the
 * space, so the glyphs and positions equal pdfkit's: text-run.test.ts).
 */
function segments(text: string): string[] {
  const out: string[] = [];
  let last = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x09) {
      if (i > last) out.push(text.slice(last, i));
      out.push(c === 0x20 ? ' ' : '\t');
      last = i + 1;
    } else if (invisible(c)) {
      // not drawn, but the word is shaped in two parts, as fontkit shapes it around the character
      if (i > last) out.push(text.slice(last, i));
      last = i + 1;
    }
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

/**
 * An invisible format character: a zero-width space or (non-)joiner, a direction mark or
 * embedding, the word joiner and its kin, the byte-order mark, the soft hyphen, the combining
 * grapheme joiner (fontkit's default-ignorable characters, but the variation selectors, which
 * choose their character's glyph). fontkit draws each as the space glyph with no advance, and a
 * PDF's text layer then reads a space inside the word ("Auf lage" for "Auf\u200clage"): a
 * screen reader hears two words, and the EPUB's reading differed (X-PARITY). Such a character is
 * not drawn: the word is shaped as two parts, which keeps its effect on the shaping (no ligature
 * or kerning across it) and reads as one word, as the EPUB does.
 */
const INVISIBLE_CLASS = '\\u00ad\\u034f\\u061c\\u17b4\\u17b5\\u180b-\\u180e\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u206f\\ufeff';
const INVISIBLE = new RegExp(`[${INVISIBLE_CLASS}]`);
/** A part that segments() would cut or drop from: white space, or an invisible character. */
const CUT = new RegExp(`[ \\t${INVISIBLE_CLASS}]`);

export function invisible(c: number): boolean {
  return INVISIBLE.test(String.fromCharCode(c));
}

const DIGITS = /^[0-9]{2,}$/;

export class TextPainter {
  private readonly advances = new Map<FontKey, Map<string, number>>();
  private readonly encodings = new Map<FontKey, Map<string, Encoded>>();
  private readonly plainDigits = new Map<FontKey, boolean>();

  constructor(private readonly doc: PdfDoc) {}

  private face(font: FontKey): EmbeddedFont {
    const f = (this.doc._fontFamilies as unknown as Record<string, EmbeddedFont | undefined>)[font];
    if (!f) throw new Error(`font ${font} is not registered`);
    return f;
  }

  /**
   * True when no pair of digits is kerned, substituted or offset in this face (none is in the
   * DejaVu faces): then a number is its digits side by side, and every page's folio (a new
   * number each time) is measured and drawn from ten cached digits instead of a new layout.
   */
  private digitsPlain(font: FontKey): boolean {
    let plain = this.plainDigits.get(font);
    if (plain === undefined) {
      const face = this.face(font);
      const one = [...'0123456789'].map((d) => face.layout(d, undefined, false));
      plain = one.every((r) => r.glyphs.length === 1);
      for (let a = 0; plain && a < 10; a++) {
        for (let b = 0; plain && b < 10; b++) {
          const r = face.layout(`${a}${b}`, undefined, false);
          plain = r.glyphs.length === 2 && r.glyphs[0]!.id === one[a]!.glyphs[0]!.id && r.glyphs[1]!.id === one[b]!.glyphs[0]!.id
            && r.positions.every((p, i) => p.xAdvance === p.advanceWidth && !p.xOffset && !p.yOffset && (i === 0 ? p.xAdvance === one[a]!.positions[0]!.xAdvance : p.xAdvance === one[b]!.positions[0]!.xAdvance));
        }
      }
      this.plainDigits.set(font, plain);
    }
    return plain;
  }

  /** The width of `text` in points: what `doc.font(font).fontSize(size).widthOfString(text)` gives. */
  width(font: FontKey, size: number, text: string): number {
    let byText = this.advances.get(font);
    if (!byText) { byText = new Map(); this.advances.set(font, byText); }
    let adv = byText.get(text);
    if (adv === undefined) {
      const face = this.face(font);
      if (DIGITS.test(text) && this.digitsPlain(font)) {
        // the glyph advances summed in order, as the whole run's layout sums them
        adv = 0;
        for (const d of text) adv += face.layout(d, undefined, true).advanceWidth;
      } else if (INVISIBLE.test(text)) {
        // measured as it is drawn: in parts, without its invisible characters (segments)
        adv = 0;
        for (const part of segments(text)) adv += face.layout(part, undefined, true).advanceWidth;
      } else adv = face.layout(text, undefined, true).advanceWidth;
      byText.set(text, adv);
    }
    // the same arithmetic as pdfkit's doc.widthOfString, so widths (and so layout) are unchanged
    return (adv * (size / 1000) + 0) * 100 / 100;
  }

  /** Ascender in points at `size`. */
  ascender(font: FontKey, size: number): number {
    return this.face(font).ascender / 1000 * size;
  }

  /** The encoded segments of the run being drawn (one array, reused run after run). */
  private readonly segs: Encoded[] = [];
  /** The font operators (`/F1 11 Tf`), by font and size. */
  private readonly fontOps = new Map<FontKey, Map<number, string>>();

  private encode(bySegment: Map<string, Encoded>, face: EmbeddedFont, segment: string): void {
    let e = bySegment.get(segment);
    if (!e) {
      const [h, p] = face.encode(segment);
      e = encoded(segment, h, p);
      bySegment.set(segment, e);
      // measured and encoded: pdfkit's layout of the word is not asked for again (this painter
      // keeps both), and would be held for the whole document
      if (face.layoutCache) delete face.layoutCache[segment];
    }
    this.segs.push(e);
  }

  /**
   * The positions of a segment's glyphs: kept for a segment with offset glyphs, else laid out
   * again by pdfkit (the same layout that encoded it, so the same numbers), for the rare run that
   * draws it beside such a segment.
   */
  private glyphPositions(face: EmbeddedFont, e: Encoded): Float64Array {
    if (e.metrics) return e.metrics;
    const [, p] = face.encode(e.text);
    if (face.layoutCache) delete face.layoutCache[e.text];
    return metricsOf(p);
  }

  /** The encoded segments of a run given as parts whose concatenation is the run (see runOps),
   * in `this.segs` until the next call. */
  private segmentsOf(font: FontKey, face: EmbeddedFont, parts: readonly string[]): Encoded[] {
    let bySegment = this.encodings.get(font);
    if (!bySegment) { bySegment = new Map(); this.encodings.set(font, bySegment); }
    this.segs.length = 0;
    for (const part of parts) {
      // most parts are one word or one space, already cut where segments() would cut
      if ((part.length === 1 && !invisible(part.charCodeAt(0))) || !CUT.test(part)) this.segment(bySegment, face, font, part);
      else for (const segment of segments(part)) this.segment(bySegment, face, font, segment);
    }
    return this.segs;
  }

  private segment(bySegment: Map<string, Encoded>, face: EmbeddedFont, font: FontKey, segment: string): void {
    if (DIGITS.test(segment) && this.digitsPlain(font)) for (const d of segment) this.encode(bySegment, face, d);
    else this.encode(bySegment, face, segment);
  }

  private fontOp(font: FontKey, face: EmbeddedFont, size: number): string {
    let bySize = this.fontOps.get(font);
    if (!bySize) { bySize = new Map(); this.fontOps.set(font, bySize); }
    let op = bySize.get(size);
    if (op === undefined) { op = `/${face.id} ${num(size)} Tf`; bySize.set(size, op); }
    return op;
  }

  /**
   * Draws `text` with its line box's top-left corner at (x, y) in pdfkit's top-down coordinates:
   * pdfkit's `_fragment(text, x, y, {})` after `doc.font(font).fontSize(size)`.
   */
  draw(font: FontKey, size: number, text: string, x: number, y: number): void {
    const pageHeight = this.doc.page.height;
    const out: string[] = ['q', `1 0 0 -1 0 ${num(pageHeight)} cm`, 'BT'];
    const n = out.length;
    this.runOps(out, '', font, size, [text.replace(/\n/g, '')], x, y);
    if (out.length === n) return;
    out.push('ET', 'Q\n');
    // bytes, so pdfkit does not convert the string character by character (it adds no newline then)
    this.doc.addContent(Buffer.from(out.join('\n'), 'latin1'));
  }

  /**
   * The operators that show `text` inside a text object whose font operator is `current`: the
   * text matrix, the font (when it differs from `current`) and the show operators, as `draw` writes
   * them. Returns the font operator in force afterwards. Registers the font on the current page.
   * The run is given as parts, concatenated: no part may end and the next begin with a character
   * other than a space or tab (that would split a word), and no part may hold a line feed.
   */
  runOps(out: string[], current: string, font: FontKey, size: number, parts: readonly string[], x: number, y: number): string {
    let empty = true;
    for (const p of parts) if (p.length > 0) { empty = false; break; }
    if (empty) return current;
    const doc = this.doc;
    const face = this.face(font);
    const dy = face.ascender / 1000 * size;
    const pageHeight = doc.page.height;
    const fonts = (doc.page as unknown as { fonts: Record<string, unknown> }).fonts;
    if (fonts[face.id] == null) fonts[face.id] = face.ref();
    y = pageHeight - y - dy;
    out.push(`1 0 0 1 ${num(x)} ${num(y)} Tm`);
    const tf = this.fontOp(font, face, size);
    if (tf !== current) out.push(tf);
    const segs = this.segmentsOf(font, face, parts);
    let simple = true;
    for (const e of segs) if (!e.simple) { simple = false; break; }
    if (simple) {
      // no glyph is offset: one TJ, cut only at kerning (what pdfkit's loop below comes to)
      let tj = '';
      let acc = '';
      for (const e of segs) {
        for (const part of e.parts) {
          acc += part.hex;
          if (part.adjust !== null) { tj += `${tj === '' ? '' : ' '}<${acc}> ${part.adjust}`; acc = ''; }
        }
      }
      if (acc !== '') tj += `${tj === '' ? '' : ' '}<${acc}> 0`;
      if (tj !== '') out.push(`[${tj}] TJ`);
    } else {
      drawGlyphs(out, segs.map((e) => ({ hex: e.hex, metrics: this.glyphPositions(face, e) })), size, x, y);
    }
    return tf;
  }
}

/** pdfkit 0.20.2's glyph loop in `_fragment`, for runs with offset glyphs. */
function drawGlyphs(out: string[], segs: readonly { readonly hex: string; readonly metrics: Float64Array }[], size: number, x: number, y: number): void {
  const encodedHex: string[] = [];
  const positions: Placed[] = [];
  for (const e of segs) {
    const m = e.metrics;
    for (let i = 0; 4 * i < m.length; i++) {
      encodedHex.push(e.hex.slice(4 * i, 4 * i + 4));
      positions.push({ xAdvance: m[4 * i]!, advanceWidth: m[4 * i + 1]!, xOffset: m[4 * i + 2]!, yOffset: m[4 * i + 3]! });
    }
  }
  const scale = size / 1000;
  const commands: string[] = [];
  let last = 0;
  let hadOffset = false;
  const addSegment = (cur: number): void => {
    if (last < cur) {
      const h = encodedHex.slice(last, cur).join('');
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
}

const painters = new WeakMap<PdfDoc, TextPainter>();

/** The document's painter (one per document, so its caches live as long as the fonts do). */
export function painterFor(doc: PdfDoc): TextPainter {
  let p = painters.get(doc);
  if (!p) { p = new TextPainter(doc); painters.set(doc, p); }
  return p;
}

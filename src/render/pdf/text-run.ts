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
import type { FontKey, PrimaryKey } from './styles.js';
import type { Fallback } from './fonts.js';
import { fallbackRuns } from './fallback.js';
import { MirroredGlyphs } from './mirrored-glyphs.js';
import { baseDirection, bidiFragments } from './bidi.js';
import { RTL_CHARACTER as RTL } from '../../unicode-bidi.js';
import type { Fragment } from './lines.js';
import type { Piece } from './inlines.js';
import type { GsubFont } from '../../ambiguous-glyphs.js';
import { OwnGlyphs } from './own-glyphs.js';

/** A glyph position from fontkit, scaled to thousandths of the font size by pdfkit. */
export interface GlyphPosition {
  readonly xAdvance: number;
  readonly yAdvance: number;
  readonly xOffset: number;
  readonly yOffset: number;
  readonly advanceWidth: number;
}

/** pdfkit's layout of a text: its glyphs (with the characters each was first made for) and positions. */
export interface LaidOut {
  readonly glyphs: readonly { readonly id: number; readonly advanceWidth: number; readonly codePoints: number[] }[];
  readonly positions: GlyphPosition[];
  readonly advanceWidth: number;
}

/** The part of pdfkit's EmbeddedFont that is used here (and by own-glyphs.ts). */
export interface EmbeddedFont {
  readonly id: string;
  /** In thousandths of the font size. */
  readonly ascender: number;
  /** The fontkit font, and the glyphs it has made, by id. */
  readonly font: GsubFont & { readonly _glyphs: Record<number, unknown>; layout(text: string): { readonly direction: string } };
  /** The subset: its glyphs (font glyph ids) by subset id, and the id of a glyph (added if new). */
  readonly subset: { readonly glyphs: number[]; includeGlyph(id: number): number };
  /** By subset id: the glyph's width (thousandths of the font size), and its text (ToUnicode). */
  readonly widths: number[];
  readonly unicode: number[][];
  /** Thousandths of the font size per font unit. */
  readonly scale: number;
  ref(): unknown;
  layout(text: string, features: undefined, onlyWidth: true): { advanceWidth: number };
  layout(text: string, features: undefined, onlyWidth: false): LaidOut;
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
export interface Encoded {
  /** The segment's text (its key in the painter's cache). */
  readonly text: string;
  /** The glyphs' ids in the subset, four hex digits each. */
  readonly hex: string;
  /** Per glyph: x advance, width, x offset and y offset, in thousandths of the font size; kept
   * only when `simple` is false. */
  readonly metrics: Float64Array | null;
  readonly simple: boolean;
  readonly parts: readonly { readonly hex: string; readonly adjust: number | null }[];
  /** Right to left: fontkit gives the glyphs in the order they are seen, from the left (`metrics`
   * are kept), and they are shown in the order they are read (drawInReadingOrder). */
  readonly rtl: boolean;
}

/** What drawGlyphs reads of a glyph's position. */
type Placed = Pick<GlyphPosition, 'xAdvance' | 'advanceWidth' | 'xOffset' | 'yOffset'>;

function metricsOf(positions: readonly GlyphPosition[]): Float64Array {
  const metrics = new Float64Array(4 * positions.length);
  positions.forEach((p, i) => { metrics[4 * i] = p.xAdvance; metrics[4 * i + 1] = p.advanceWidth; metrics[4 * i + 2] = p.xOffset; metrics[4 * i + 3] = p.yOffset; });
  return metrics;
}

/** `keepPositions`: keep the metrics even when no glyph is offset (a segment pdfkit must never
 * encode again: TextPainter.ambiguousEncoded). One literal, so every Encoded has one shape. */
function encoded(text: string, hex: readonly string[], positions: readonly GlyphPosition[], keepPositions = false, rtl = false): Encoded {
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
  return { text, hex: all, metrics: simple && !keepPositions && !rtl ? null : metricsOf(positions), simple: simple && !rtl, parts, rtl };
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
 * A character for which `alone` holds is a segment of its own (TextPainter.ambiguousEncoded).
 */
function segments(text: string, alone?: (c: number) => boolean): string[] {
  const out: string[] = [];
  let last = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x09) {
      if (i > last) out.push(text.slice(last, i));
      out.push(c === 0x20 ? ' ' : '\t');
      last = i + 1;
    } else if (alone?.(c)) {
      if (i > last) out.push(text.slice(last, i));
      out.push(text[i]!);
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
const SPACE_OR_TAB = /[ \t]/;

export class TextPainter {
  private readonly advances = new Map<FontKey, Map<string, number>>();
  private readonly encodings = new Map<FontKey, Map<string, Encoded>>();
  private readonly plainDigits = new Map<FontKey, boolean>();
  /** Per face, its glyphs of their own (null: the face makes no glyph by substitution). */
  private readonly ownGlyphs = new Map<FontKey, OwnGlyphs | null>();

  /** Per face, the brackets drawn turned in text that reads from the right. */
  private readonly mirrors = new Map<FontKey, MirroredGlyphs>();

  /** The characters each face leaves to its fallback face, when the book has any (renderPdf). */
  fallback: Fallback | undefined;

  constructor(private readonly doc: PdfDoc) {}

  /** A plain string (not cut by the layout, withFallback) cut into runs of its face and of the
   * face's fallback; null when its face draws all of it. */
  private fallbackRuns(font: FontKey, text: string): { font: FontKey; text: string }[] | null {
    const chars = this.fallback?.get(font as PrimaryKey);
    const runs = chars ? fallbackRuns(text, chars) : null;
    return runs && runs.map((r) => ({ font: r.face ?? font, text: r.text }));
  }

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
    if (adv === undefined) { adv = this.advanceOf(font, text); byText.set(text, adv); }
    // the same arithmetic as pdfkit's doc.widthOfString, so widths (and so layout) are unchanged
    return (adv * (size / 1000) + 0) * 100 / 100;
  }

  /** A text's advance in thousandths of the font size, as it is drawn (for `width`, which keeps
   * it: the call a word's every measuring makes is kept small). */
  private advanceOf(font: FontKey, text: string): number {
    const runs = this.fallbackRuns(font, text);
    if (runs) {
      let adv = 0;
      for (const r of runs) adv += this.advanceOf(r.font, r.text);
      return adv;
    }
    const face = this.face(font);
    if (DIGITS.test(text) && this.digitsPlain(font)) {
      // the glyph advances summed in order, as the whole run's layout sums them
      let adv = 0;
      for (const d of text) adv += face.layout(d, undefined, true).advanceWidth;
      return adv;
    }
    // measured as it is drawn: in parts, without its invisible characters (segments); and a text
    // of several words that holds a character with a glyph of its own, a word at a time: pdfkit
    // lays a text out word by word, and keeps each word's glyphs, so a word laid out beside one
    // that holds such a character would keep that character's glyph ("first" beside "ﬁne" would
    // keep the glyph made for "ﬁ", and read "ﬁrst")
    if (INVISIBLE.test(text) || (SPACE_OR_TAB.test(text) && this.ownOf(font, face)?.holds(text))) {
      let adv = 0;
      for (const part of segments(text)) adv += this.measure(font, face, part);
      return adv;
    }
    return this.measure(font, face, text);
  }

  /** The advance of a text drawn as one segment (encodeSegment). */
  private measure(font: FontKey, face: EmbeddedFont, text: string): number {
    const own = this.ownOf(font, face);
    if (own === null || !own.holds(text)) return face.layout(text, undefined, true).advanceWidth;
    const run = own.laidOut(text);
    if (!own.mixed(text, run.glyphs)) return run.advanceWidth;
    let adv = 0;
    for (const part of segments(text, (c) => own.ambiguous(c))) adv += this.measure(font, face, part);
    return adv;
  }

  /** Ascender in points at `size`. */
  ascender(font: FontKey, size: number): number {
    return this.face(font).ascender / 1000 * size;
  }

  /** The encoded segments of the run being drawn (one array, reused run after run). */
  private readonly segs: Encoded[] = [];
  /** The font operators (`/F1 11 Tf`), by font and size. */
  private readonly fontOps = new Map<FontKey, Map<number, string>>();

  /** The face's glyphs of their own (own-glyphs.ts), or null when it needs none. */
  private ownOf(font: FontKey, face: EmbeddedFont): OwnGlyphs | null {
    let own = this.ownGlyphs.get(font);
    if (own === undefined) { own = OwnGlyphs.for(face); this.ownGlyphs.set(font, own); }
    return own;
  }

  /**
   * A segment that holds an ambiguous character ("ﬁne", "Kapı"), shaped whole (kerning and all)
   * and encoded with glyphs of their own (own-glyphs.ts); one that makes such a glyph both ways
   * ("ﬁfi") in parts. The positions are kept, so the segment is never encoded again by pdfkit
   * (glyphPositions).
   */
  private ambiguousEncoded(font: FontKey, face: EmbeddedFont, own: OwnGlyphs, text: string, rtl: boolean): Encoded {
    const run = own.laidOut(text);
    if (!own.mixed(text, run.glyphs)) return encoded(text, own.encode(text, run.glyphs), run.positions, true, rtl);
    const hex: string[] = [];
    const positions: GlyphPosition[] = [];
    for (const part of segments(text, (c) => own.ambiguous(c))) {
      const e = this.encodeSegment(font, face, part);
      const m = this.glyphPositions(face, e);
      for (let i = 0; 4 * i < e.hex.length; i++) {
        hex.push(e.hex.slice(4 * i, 4 * i + 4));
        positions.push({ xAdvance: m[4 * i]!, yAdvance: 0, advanceWidth: m[4 * i + 1]!, xOffset: m[4 * i + 2]!, yOffset: m[4 * i + 3]! });
      }
    }
    return encoded(text, hex, positions, true, rtl);
  }

  /** A segment's glyphs, encoded (not kept: `encode` keeps them). */
  private encodeSegment(font: FontKey, face: EmbeddedFont, segment: string): Encoded {
    const own = this.ownOf(font, face);
    const ambiguous = own !== null && own.holds(segment);
    // fontkit's direction for the segment (its first character of a script not common to all)
    const rtl = RTL.test(segment) && (ambiguous ? own.keeping(segment, () => face.font.layout(segment)) : face.font.layout(segment)).direction === 'rtl';
    if (ambiguous) return this.ambiguousEncoded(font, face, own, segment, rtl);
    const [h, p] = face.encode(segment);
    return encoded(segment, h, p, false, rtl);
  }

  private encode(bySegment: Map<string, Encoded>, font: FontKey, face: EmbeddedFont, segment: string): void {
    let e = bySegment.get(segment);
    if (!e) {
      e = this.encodeSegment(font, face, segment);
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
      // most parts are one word or one space, already cut where segments() would cut, and most
      // were drawn before: a part encoded as one segment is one (the digits of a number are
      // encoded one by one, so a number is never found here)
      const known = bySegment.get(part);
      if (known !== undefined) this.segs.push(known);
      else if ((part.length === 1 && !invisible(part.charCodeAt(0))) || !CUT.test(part)) this.segment(bySegment, face, font, part);
      else for (const segment of segments(part)) this.segment(bySegment, face, font, segment);
    }
    return this.segs;
  }

  private segment(bySegment: Map<string, Encoded>, face: EmbeddedFont, font: FontKey, segment: string): void {
    if (DIGITS.test(segment) && this.digitsPlain(font)) for (const d of segment) this.encode(bySegment, font, face, d);
    else this.encode(bySegment, font, face, segment);
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
  draw(font: FontKey, size: number, text: string, x: number, y: number, base?: 'rtl'): void {
    const pageHeight = this.doc.page.height;
    const out: string[] = ['q', `1 0 0 -1 0 ${num(pageHeight)} cm`, 'BT'];
    const n = out.length;
    const line = text.replace(/\n/g, '');
    const runs = this.fallbackRuns(font, line);
    if (base === 'rtl' || RTL.test(line)) this.drawBidi(out, runs ?? [{ font, text: line }], size, line, x, y, base);
    else if (runs === null) this.runOps(out, '', font, size, [line], x, y);
    else {
      let current = '';
      for (const r of runs) {
        current = this.runOps(out, current, r.font, size, [r.text], x, y);
        x += this.width(r.font, size, r.text);
      }
    }
    if (out.length === n) return;
    out.push('ET', 'Q\n');
    // bytes, so pdfkit does not convert the string character by character (it adds no newline then)
    this.doc.addContent(Buffer.from(out.join('\n'), 'latin1'));
  }

  /**
   * A plain string with right-to-left text (a running head: a title in Persian), or drawn where
   * the text reads from the right (`base`: a list's label, "1." shown as ".1"), as a line of its
   * words laid out by the bidirectional algorithm (bidi.ts), its base direction `base` or that of
   * its first letter. `runs` are its runs of one face (fallbackRuns).
   */
  private drawBidi(out: string[], runs: readonly { font: FontKey; text: string }[], size: number, line: string, x: number, y: number, base?: 'rtl'): void {
    const frags: Fragment[] = [];
    let offset = 0;
    for (const r of runs) {
      for (const part of r.text.split(/( +)/)) {
        if (part === '') continue;
        const piece: Piece = { text: part, font: r.font, size, rise: 0, ctx: [], offset };
        frags.push({ piece, offset, length: part.length, text: part, width: this.width(r.font, size, part), x: 0 });
        offset += part.length;
      }
    }
    let current = '';
    for (const f of bidiFragments(frags, (p, t) => this.width(p.font, size, t), base ?? baseDirection(line))) {
      current = this.runOps(out, current, f.piece.font, size, [f.text], x + f.x, y, f.level! % 2 === 1 ? 'rtl' : 'ltr');
    }
  }

  /**
   * The operators that show `text` inside a text object whose font operator is `current`: the
   * text matrix, the font (when it differs from `current`) and the show operators, as `draw` writes
   * them. Returns the font operator in force afterwards. Registers the font on the current page.
   * The run is given as parts, concatenated: no part may end and the next begin with a character
   * other than a space or tab (that would split a word), and no part may hold a line feed.
   */
  runOps(out: string[], current: string, font: FontKey, size: number, parts: readonly string[], x: number, y: number, direction?: 'ltr' | 'rtl'): string {
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
    let segs = this.segmentsOf(font, face, parts);
    // a run that reads from the right shows its brackets turned (mirrored-glyphs.ts)
    if (direction === 'rtl') {
      let mirrors = this.mirrors.get(font);
      if (!mirrors) { mirrors = new MirroredGlyphs(face); this.mirrors.set(font, mirrors); }
      segs = segs.map((e) => mirrors.of(e));
    }
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
      // a run the bidirectional algorithm reads from the left (bidi.ts) shows a segment the font
      // shaped as right-to-left (Arabic-Indic digits) from the left
      const placed = segs.map((e) => ({ hex: e.hex, metrics: this.glyphPositions(face, e), rtl: e.rtl, text: e.text, flip: direction === 'ltr' && e.rtl }));
      if (placed.some((e) => e.rtl)) drawInReadingOrder(out, placed, size, x, y);
      else drawGlyphs(out, placed, size, x, y);
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

/**
 * A run with right-to-left segments: each glyph placed where fontkit places it (its own text
 * matrix), and shown in the order the text is read, so a PDF's text layer reads "كتاب", not the
 * letters from the left ("باتك"). The segments of a right-to-left phrase (right-to-left segments
 * with only spaces between them: the parts of a word around a zero-width non-joiner, or the words
 * of a run given without a direction) stand from the right, the first rightmost; anything else
 * stands where it is written. A line's words are placed by the bidirectional algorithm before
 * they get here (bidi.ts), each word a run of its own; a `flip` segment (digits the font shaped
 * as right-to-left, in a run that reads from the left) stands from the left.
 */
function drawInReadingOrder(out: string[], segs: readonly { readonly hex: string; readonly metrics: Float64Array; readonly rtl: boolean; readonly text: string; readonly flip: boolean }[], size: number, x: number, y: number): void {
  const scale = size / 1000;
  const n = segs.length;
  // each glyph's x within its segment, each segment's start and advance from the left, as written
  // (thousandths of the font size)
  const left = segs.map((e) => new Float64Array(e.metrics.length / 4));
  const start = new Float64Array(n);
  const advance = new Float64Array(n);
  let pen = 0;
  for (let k = 0; k < n; k++) {
    const m = segs[k]!.metrics;
    let a = 0;
    for (let i = 0; 4 * i < m.length; i++) { left[k]![i] = a; a += m[4 * i]!; }
    start[k] = pen;
    advance[k] = a;
    pen += a;
  }
  // where each stands: a right-to-left phrase's segments mirrored within the phrase's width
  const at = Float64Array.from(start);
  const fromRight = (k: number) => segs[k]!.rtl && !segs[k]!.flip;
  for (let first = 0; first < n; first++) {
    if (!fromRight(first)) continue;
    let last = first;
    for (let k = first + 1; k < n && (fromRight(k) || segs[k]!.text === ' ' || segs[k]!.text === '\t'); k++) if (fromRight(k)) last = k;
    const from = start[first]!;
    const to = start[last]! + advance[last]!;
    for (let k = first; k <= last; k++) at[k] = from + (to - (start[k]! + advance[k]!));
    first = last;
  }
  for (let k = 0; k < n; k++) {
    const e = segs[k]!;
    const m = e.metrics;
    const count = m.length / 4;
    for (let j = 0; j < count; j++) {
      const i = e.rtl ? count - 1 - j : j;
      // flipped: the glyphs the font set from the right stand from the left, each in the other's place
      const pen = e.flip ? advance[k]! - left[k]![i]! - m[4 * i]! : left[k]![i]!;
      out.push(`1 0 0 1 ${num(x + (at[k]! + pen + m[4 * i + 2]!) * scale)} ${num(y + m[4 * i + 3]! * scale)} Tm`, `<${e.hex.slice(4 * i, 4 * i + 4)}> Tj`);
    }
  }
}

const painters = new WeakMap<PdfDoc, TextPainter>();

/** The document's painter (one per document, so its caches live as long as the fonts do). */
export function painterFor(doc: PdfDoc): TextPainter {
  let p = painters.get(doc);
  if (!p) { p = new TextPainter(doc); painters.set(doc, p); }
  return p;
}

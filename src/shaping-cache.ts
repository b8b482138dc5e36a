/**
 * Shaping, once per process for each word of each font file (font-tables.ts openFont).
 *
 * fontkit lays a string out anew on every call, and each font lays out every word it is given:
 * pdfkit keeps a word's layout only for one document's font, so a second book in the same process
 * (build-all, watch) shaped all its words again: a warm build of the sample spent 15-40% more
 * CPU on its PDF (medians 133-162 ms against 113-130, 3 alternating runs), and 40 samples through
 * build-all went at 296-310 books per minute against 334-365 with the words kept (4 alternating
 * runs; peak RSS 361-367 MB against 365-371). Here the result of laying out a word is kept per
 * font file, as numbers (glyph ids, the characters of each glyph, the four position fields;
 * packRun), and a later font given the same word gets it back without shaping. Only where books
 * are built one after another in a process (keepShapingAcrossBuilds). Plain words (one nominal
 * glyph per character, only kerned: most of a Latin text's) are not laid out by fontkit at all, in
 * any build: plain-shaping.ts computes them from the font's tables.
 *
 * A font's glyphs are its own (font-tables.ts): each glyph object keeps the characters of the
 * first call that made it, and pdfkit maps glyphs to text by them. So a word given back does to
 * the font's glyphs exactly what laying it out does, in the same order: fontkit's layout first
 * makes the string's nominal glyphs (`glyphsForString`), then, after substitution, the final
 * glyphs with their characters, then the space glyph (`hideDefaultIgnorables`). That is the whole
 * of it for the OpenType fonts Lectern embeds and for text that fontkit shapes with its default
 * shaper and that has no default-ignorable character; only such text is kept: UTF-16 units below
 * U+0590 (Latin, Greek, Cyrillic, Armenian, their marks, digits and ASCII punctuation) but U+00AD
 * and U+034F, and the spaces, dashes, quotation marks and other punctuation of U+2000-U+205E and
 * the currency signs (not the format characters among them).
 * Anything else, a call with features, and every font that is not TrueType with a GSUB table (and
 * no AAT morx table), is laid out by fontkit as before. test/shaping-cache.test.ts compares both
 * ways, glyph state included.
 */
import type { PlainShaper } from './plain-shaping.js';

/** A glyph as fontkit makes it: its id, and the characters it was first made for. */
interface FkGlyphRef { readonly id: number; readonly codePoints: readonly number[] }
/** fontkit's GlyphPosition: four fields, in this order (pdfkit scales each of them in place). */
interface FkPosition { xAdvance: number; yAdvance: number; xOffset: number; yOffset: number }
interface FkRun { readonly glyphs: FkGlyphRef[]; readonly positions: FkPosition[] }

/** What of a fontkit font the shaping cache uses. */
interface FkFontInternals {
  layout(text: string, ...rest: unknown[]): FkRun;
  glyphsForString(text: string): unknown;
  glyphForCodePoint(codePoint: number): unknown;
  getGlyph(id: number, codePoints: number[]): FkGlyphRef;
}

let acrossBuilds = false;

/**
 * Keeps words for every font opened from now on in this thread. For what builds many books, or one
 * book many times, in one process: build-all's workers and watch. A single build keeps nothing:
 * each of its fonts lays a word out once anyway, and what was kept would only hold memory.
 */
export function keepShapingAcrossBuilds(): void {
  acrossBuilds = true;
}

/**
 * Shapes words of `fontkitFont`, a font opened from `file`, without fontkit's layout where that
 * gives the same: plain words from the font's tables (plain-shaping.ts, `plain`), and, across
 * builds, every word laid out before by a font opened from the same file.
 */
export function keepShaping(fontkitFont: object, file: Uint8Array, plain?: PlainShaper): void {
  const font = fontkitFont as FkFontInternals;
  const f = fontkitFont as { GSUB?: unknown; directory?: { tables?: Record<string, unknown> } };
  // fontkit shapes a font with a morx table with its AAT engine, which makes glyphs in other ways
  if (!f.directory?.tables?.glyf || f.directory.tables.morx || !f.GSUB) return;
  if (!acrossBuilds && !plain) return;
  let known: Map<string, Int32Array> | undefined;
  if (acrossBuilds) {
    known = shaped.get(file);
    if (!known) { known = new Map(); shaped.set(file, known); }
  }
  const layout = font.layout;
  font.layout = function (this: FkFontInternals, text: string, features?: unknown, ...rest: unknown[]): FkRun {
    // pdfkit passes `features` undefined unless the text asks for OpenType features
    if (features !== undefined || rest.length > 0) return layout.call(this, text, features, ...rest);
    if (!cacheable(text)) return layout.call(this, text);
    const kept = known?.get(text);
    if (kept) return replay(this, text, kept);
    const simple = plain?.shape(text);
    if (simple) {
      keep(known, text, simple);
      return simple[1] === 0 ? replayPlain(this, text, simple) : replay(this, text, simple);
    }
    const run = layout.call(this, text);
    if (known) keep(known, text, packRun(text, run));
    return run;
  };
}

function keep(known: Map<string, Int32Array> | undefined, text: string, packed: Int32Array | undefined): void {
  if (!known || !packed) return;
  if (known.size >= MAX_SHAPED_WORDS) known.clear();
  known.set(text, packed);
}

/** Words kept per font file; past this the cache starts again (an archive's vocabulary is bounded). */
export const MAX_SHAPED_WORDS = 50_000;

const shaped = new WeakMap<Uint8Array, Map<string, Int32Array>>();

/** How many words are kept for a font file (for tests). */
export function shapedWordCount(file: Uint8Array): number {
  return shaped.get(file)?.size ?? 0;
}

function cacheable(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) if (!cacheableCharacter(text.charCodeAt(i))) return false;
  return true;
}

/** A UTF-16 unit of text that is kept (see the head of this file). */
export function cacheableCharacter(c: number): boolean {
  if (c < 0x0590) return c !== 0x00ad && c !== 0x034f;
  // spaces, dashes, quotes and other punctuation, currency signs (not U+200B-U+200F, U+2028-U+202F, U+205F-U+206F)
  return (c >= 0x2000 && c <= 0x200a) || (c >= 0x2010 && c <= 0x2027) || (c >= 0x2030 && c <= 0x205e) || (c >= 0x20a0 && c <= 0x20cf);
}

/** Flags of a packed run. */
export const OWN_CHARACTERS = 1; // a glyph's characters are not the text's character at its place
const OFFSETS = 2; // some glyph has a y advance or an offset

/**
 * A run as 32-bit integers: [glyph count, flags, the glyph ids, their x advances; with
 * OWN_CHARACTERS, per glyph its number of characters and the characters; with OFFSETS, per glyph
 * its y advance, x offset and y offset]. Most words are one glyph per character with only x
 * advances: 2 + 2n numbers. Undefined (the word is not kept) when a value is not an integer
 * (TrueType's are; a variable font's might not be).
 */
function packRun(text: string, run: FkRun): Int32Array | undefined {
  const { glyphs, positions } = run;
  const n = glyphs.length;
  let flags = n === text.length ? 0 : OWN_CHARACTERS;
  for (let i = 0; i < n; i++) {
    const cps = glyphs[i]!.codePoints;
    if (cps.length !== 1 || cps[0] !== text.charCodeAt(i)) flags |= OWN_CHARACTERS;
    const p = positions[i]!;
    if (p.yAdvance !== 0 || p.xOffset !== 0 || p.yOffset !== 0) flags |= OFFSETS;
  }
  const values: number[] = [n, flags];
  for (const g of glyphs) values.push(g.id);
  for (const p of positions) values.push(p.xAdvance);
  if (flags & OWN_CHARACTERS) for (const g of glyphs) values.push(g.codePoints.length, ...g.codePoints);
  if (flags & OFFSETS) for (const p of positions) values.push(p.yAdvance, p.xOffset, p.yOffset);
  for (const v of values) if (!Number.isInteger(v) || v < -0x8000_0000 || v > 0x7fff_ffff) return undefined;
  return Int32Array.from(values);
}

/** A run given back: fontkit's calls on the font's glyphs, in the order its layout makes them. */
function replay(font: FkFontInternals, text: string, packed: Int32Array): FkRun {
  font.glyphsForString(text);
  const n = packed[0]!;
  const flags = packed[1]!;
  let chars = 2 + 2 * n;
  const glyphs: FkGlyphRef[] = [];
  for (let i = 0; i < n; i++) {
    let codePoints: number[];
    if (flags & OWN_CHARACTERS) {
      const count = packed[chars++]!;
      codePoints = Array.from(packed.subarray(chars, chars + count));
      chars += count;
    } else codePoints = [text.charCodeAt(i)];
    glyphs.push(font.getGlyph(packed[2 + i]!, codePoints));
  }
  const positions: FkPosition[] = [];
  let offsets = chars;
  for (let i = 0; i < n; i++) {
    const xAdvance = packed[2 + n + i]!;
    if (flags & OFFSETS) positions.push({ xAdvance, yAdvance: packed[offsets++]!, xOffset: packed[offsets++]!, yOffset: packed[offsets++]! });
    else positions.push({ xAdvance, yAdvance: 0, xOffset: 0, yOffset: 0 });
  }
  spaceGlyph(font);
  return new ReplayedRun(glyphs, positions);
}

/**
 * A plain word given back (plain-shaping.ts): its glyphs are the nominal glyphs of its characters,
 * one each, so fontkit's calls (the nominal glyphs, then the same glyphs as final ones, then the
 * space glyph) come down to making each character's glyph in turn.
 */
function replayPlain(font: FkFontInternals, text: string, packed: Int32Array): FkRun {
  const n = packed[0]!;
  const glyphs: FkGlyphRef[] = new Array<FkGlyphRef>(n);
  const positions: FkPosition[] = new Array<FkPosition>(n);
  for (let i = 0; i < n; i++) {
    glyphs[i] = font.getGlyph(packed[2 + i]!, [text.charCodeAt(i)]);
    positions[i] = { xAdvance: packed[2 + n + i]!, yAdvance: 0, xOffset: 0, yOffset: 0 };
  }
  spaceGlyph(font);
  return new ReplayedRun(glyphs, positions);
}

const spaceMade = new WeakSet<object>();

/** fontkit's layout ends by making the space glyph; once made, a font keeps its glyphs for good
 * (TTFFont.getGlyph), so a later call changes nothing and is not made (a cmap search a word). */
function spaceGlyph(font: FkFontInternals): void {
  if (spaceMade.has(font)) return;
  font.glyphForCodePoint(0x20);
  spaceMade.add(font);
}

/** The part of fontkit's GlyphRun that pdfkit and the cover read. */
class ReplayedRun implements FkRun {
  constructor(readonly glyphs: FkGlyphRef[], readonly positions: FkPosition[]) {}

  get advanceWidth(): number {
    let width = 0;
    for (const p of this.positions) width += p.xAdvance;
    return width;
  }
}

/**
 * Shaping, once per process for each word of each font file (font-tables.ts openFont).
 *
 * fontkit lays a string out anew on every call, and each font lays out every word it is given:
 * pdfkit keeps a word's layout only for one document's font, so a second book in the same process
 * (build-all, watch) shaped all its words again: a warm build of the sample spent 15-40% more
 * CPU on its PDF (medians 133-162 ms against 113-130, 3 alternating runs), and 40 samples through
 * build-all went at 271-308 books per minute against 304-331 with the words kept (4 alternating
 * runs). Here the result of laying out a word is kept per font file, as numbers (glyph ids, the
 * characters of each glyph, the four position fields), and a later font given the same word gets
 * it back without shaping.
 *
 * A font's glyphs are its own (font-tables.ts): each glyph object keeps the characters of the first call
 * that made it, and pdfkit maps glyphs to text by them. So a word given back does to the font's
 * glyphs exactly what laying it out does, in the same order: fontkit's layout first makes the
 * string's nominal glyphs (`glyphsForString`), then, after substitution, the final glyphs with
 * their characters, then the space glyph (`hideDefaultIgnorables`). That is the whole of it for the
 * OpenType fonts Lectern embeds and for text that fontkit shapes with its default shaper and that
 * has no default-ignorable character; only such text is kept: UTF-16 units below U+0590 (Latin,
 * Greek, Cyrillic, Armenian, their marks, digits and ASCII punctuation) but U+00AD and U+034F, and
 * the spaces, dashes, quotation marks and other punctuation of U+2000-U+205E and the currency signs
 * (not the format characters among them).
 * Anything else, a call with features, and every font that is not TrueType with a GSUB table (and
 * no AAT morx table), is laid out by fontkit as before. test/font-tables.test.ts compares both ways, glyph state included.
 */
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

/** Keeps the shaping of `fontkitFont`, a font opened from `file`, with that of every font opened from it. */
export function keepShaping(fontkitFont: object, file: Uint8Array): void {
  const font = fontkitFont as FkFontInternals;
  const f = fontkitFont as { GSUB?: unknown; directory?: { tables?: Record<string, unknown> } };
  // fontkit shapes a font with a morx table with its AAT engine, which makes glyphs in other ways
  if (!f.directory?.tables?.glyf || f.directory.tables.morx || !f.GSUB) return;
  let words = shaped.get(file);
  if (!words) { words = new Map(); shaped.set(file, words); }
  const known = words;
  const layout = font.layout;
  font.layout = function (this: FkFontInternals, text: string, ...rest: unknown[]): FkRun {
    if (rest.length > 0 && rest.some((r) => r !== undefined)) return layout.call(this, text, ...rest);
    if (!cacheable(text)) return layout.call(this, text);
    const kept = known.get(text);
    if (kept) return replay(this, text, kept);
    const run = layout.call(this, text);
    if (known.size >= MAX_SHAPED_WORDS) known.clear();
    known.set(text, packRun(run));
    return run;
  };
}

/** Words kept per font file; past this the cache starts again (an archive's vocabulary is bounded). */
export const MAX_SHAPED_WORDS = 50_000;

const shaped = new WeakMap<Uint8Array, Map<string, Float64Array>>();

/** How many words are kept for a font file (for tests). */
export function shapedWordCount(file: Uint8Array): number {
  return shaped.get(file)?.size ?? 0;
}

function cacheable(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x0590) { if (c === 0x00ad || c === 0x034f) return false; continue; }
    // spaces, dashes, quotes and other punctuation, currency signs (not U+200B-U+200F, U+2028-U+202F, U+205F-U+206F)
    if ((c >= 0x2000 && c <= 0x200a) || (c >= 0x2010 && c <= 0x2027) || (c >= 0x2030 && c <= 0x205e) || (c >= 0x20a0 && c <= 0x20cf)) continue;
    return false;
  }
  return true;
}

/**
 * [glyph count, then per glyph: id, number of characters, the characters, xAdvance, yAdvance,
 * xOffset, yOffset].
 */
function packRun(run: FkRun): Float64Array {
  let size = 1;
  for (const g of run.glyphs) size += 6 + g.codePoints.length;
  const out = new Float64Array(size);
  let at = 0;
  out[at++] = run.glyphs.length;
  run.glyphs.forEach((g, i) => {
    const p = run.positions[i]!;
    out[at++] = g.id;
    out[at++] = g.codePoints.length;
    for (const c of g.codePoints) out[at++] = c;
    out[at++] = p.xAdvance;
    out[at++] = p.yAdvance;
    out[at++] = p.xOffset;
    out[at++] = p.yOffset;
  });
  return out;
}

/** A run given back: fontkit's calls on the font's glyphs, in the order its layout makes them. */
function replay(font: FkFontInternals, text: string, packed: Float64Array): FkRun {
  font.glyphsForString(text);
  const glyphs: FkGlyphRef[] = [];
  const positions: FkPosition[] = [];
  const n = packed[0]!;
  let at = 1;
  for (let i = 0; i < n; i++) {
    const id = packed[at++]!;
    const count = packed[at++]!;
    const codePoints: number[] = [];
    for (let k = 0; k < count; k++) codePoints.push(packed[at++]!);
    glyphs.push(font.getGlyph(id, codePoints));
    positions.push({ xAdvance: packed[at++]!, yAdvance: packed[at++]!, xOffset: packed[at++]!, yOffset: packed[at++]! });
  }
  font.glyphForCodePoint(0x20);
  return new ReplayedRun(glyphs, positions);
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

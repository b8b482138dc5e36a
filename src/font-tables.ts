/**
 * Opens a font file with fontkit, for one use: the cover, or one PDF. Each use gets a font of its
 * own, but the tables fontkit decodes from a file (cmap, hmtx, GSUB, GPOS: 30-40 ms for the
 * sample's faces) are decoded once per process and shared by every font opened from that file, as
 * fontkit itself shares them between a font and its variations (TTFFont.getVariation).
 *
 * The tables, and the shaping of each word as numbers (shaping-cache.ts); never the glyphs. A
 * font keeps each glyph it has made, with the characters it was made for, and those depend on the
 * text: drawing a composite glyph's outline ("Ç") makes its parts ("C") with none, and a PDF laid
 * out with that font would lose "C" from its text. So no font object outlives its use
 * (test/font-tables.test.ts), and a book's output never depends on the books built before it in
 * the same process (build-all, watch, the API).
 */
import { createRequire } from 'node:module';
import { keepShaping } from './shaping-cache.js';
import { subsetGlyphsFaster } from './subset-glyphs.js';

interface FkPath { transform(a: number, b: number, c: number, d: number, e: number, f: number): FkPath; toSVG(): string }
interface FkGlyph { readonly path: FkPath; readonly advanceWidth: number }

/** The part of a fontkit font that Lectern uses directly (pdfkit uses more). */
export interface FontkitFont {
  hasGlyphForCodePoint(codePoint: number): boolean;
  readonly unitsPerEm: number;
  readonly ascent: number;
  readonly descent: number;
  layout(text: string): { glyphs: FkGlyph[]; positions: { xAdvance: number }[] };
}

const require = createRequire(import.meta.url);
const fontkit = require('fontkit') as { create(data: Uint8Array): FontkitFont };

/** Decoded tables by tag, per font file (the bytes effects.fonts() gives, kept for the process). */
const decoded = new WeakMap<Uint8Array, Record<string, unknown>>();

export function openFont(file: Uint8Array): FontkitFont {
  const font = fontkit.create(file) as FontkitFont & { _tables: Record<string, unknown> };
  let tables = decoded.get(file);
  if (!tables) {
    tables = font._tables;
    decoded.set(file, tables);
  } else {
    font._tables = tables;
  }
  keepShaping(font, file);
  subsetGlyphsFaster(font as unknown as { createSubset(): unknown });
  return font;
}

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
import { keepOpenTypeSetup } from './opentype-setup.js';

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

interface TableEntry { readonly tag: string; readonly offset: number; readonly length: number }
type OpenedFont = FontkitFont & {
  _tables: Record<string, unknown>;
  readonly directory: { readonly tables: Record<string, TableEntry | undefined> };
  _decodeTable(entry: TableEntry): Record<string, unknown>;
};

/** The post table's fields that depend on its version (glyph names and their indexes). */
const POST_VERSIONED = ['numberOfGlyphs', 'glyphNameIndex', 'names', 'offsets', 'map'] as const;

/**
 * fontkit's `post` table with its fixed header read at once and the rest (the glyph names) only
 * when asked for. pdfkit reads the header when it embeds a font (isFixedPitch; fontkit's
 * italicAngle); decoding a DejaVu face's 3,000 glyph names for that took 35 ms for the first face
 * and 5 ms for each next one in a command's cold build (fontkit's own decoder, timed inside the
 * sample's build). The header's layout is fontkit's: Fixed 16.16 numbers, then integers, big-endian.
 */
function lightPost(font: OpenedFont, file: Uint8Array): Record<string, unknown> | undefined {
  const entry = font.directory.tables.post;
  if (!entry || entry.length < 32 || entry.offset + 32 > file.length) return undefined;
  const v = new DataView(file.buffer, file.byteOffset + entry.offset, 32);
  const fixed = (at: number): number => v.getInt32(at) / 65536;
  let full: Record<string, unknown> | undefined;
  // from a font of its own: the table outlives the font it was first read for, which must not
  // outlive its use (its glyphs keep the characters of its text)
  const rest = (): Record<string, unknown> => (full ??= (fontkit.create(file) as OpenedFont)._decodeTable(entry));
  const post: Record<string, unknown> = {
    version: fixed(0), italicAngle: fixed(4), underlinePosition: v.getInt16(8), underlineThickness: v.getInt16(10),
    isFixedPitch: v.getUint32(12), minMemType42: v.getUint32(16), maxMemType42: v.getUint32(20),
    minMemType1: v.getUint32(24), maxMemType1: v.getUint32(28),
  };
  for (const key of POST_VERSIONED) Object.defineProperty(post, key, { enumerable: true, get: () => rest()[key] });
  return post;
}

export function openFont(file: Uint8Array): FontkitFont {
  const font = fontkit.create(file) as OpenedFont;
  let tables = decoded.get(file);
  if (!tables) {
    tables = font._tables;
    const post = lightPost(font, file);
    if (post) tables.post = post;
    decoded.set(file, tables);
  } else {
    font._tables = tables;
  }
  keepShaping(font, file);
  keepOpenTypeSetup(font);
  subsetGlyphsFaster(font as unknown as { createSubset(): unknown });
  return font;
}

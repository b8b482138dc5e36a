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
import { plainShaper, type AnalysisFont, type PlainShaper } from './plain-shaping.js';
import { subsetGlyphsFaster } from './subset-glyphs.js';
import { keepOpenTypeSetup } from './opentype-setup.js';
import { skipMissingAnchors } from './fontkit-anchors.js';

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

/** A font opened from `file` with the tables every font opened from it shares. */
function withSharedTables(file: Uint8Array): OpenedFont {
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
  return font;
}

/**
 * The plain-word shaper of each font file, for the process. It reads the file's tables through a
 * font of its own, whose glyphs only ever give their advance widths and a character's script, so
 * that font may outlive a build: no text is ever drawn or mapped with its glyphs.
 */
const plainShapers = new WeakMap<Uint8Array, PlainShaper>();

/** Made when the file's first word is shaped (a face that lays nothing out decodes no GSUB). */
function plainShaperOf(file: Uint8Array): PlainShaper {
  let lazy = plainShapers.get(file);
  if (!lazy) {
    let shaper: PlainShaper | null | undefined;
    lazy = {
      shape(text: string) {
        if (shaper === undefined) shaper = plainShaper(withSharedTables(file) as unknown as AnalysisFont) ?? null;
        return shaper?.shape(text);
      },
    };
    plainShapers.set(file, lazy);
  }
  return lazy;
}

export function openFont(file: Uint8Array): FontkitFont {
  const font = withSharedTables(file);
  keepShaping(font, file, plainShaperOf(file));
  keepOpenTypeSetup(font);
  skipMissingAnchors(font);
  subsetGlyphsFaster(font as unknown as { createSubset(): unknown });
  return font;
}

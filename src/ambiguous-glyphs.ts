/**
 * Characters whose glyph a font also makes by substitution.
 *
 * A PDF maps each glyph of a font to one text (its ToUnicode entry; pdfkit records the characters a
 * glyph was first drawn for). Most glyphs are reached one way, from their character. Some are also
 * the output of a GSUB substitution: DejaVu Serif's "ﬁ" (U+FB01) is the glyph its `liga` feature
 * makes of "f" + "i"; its dotless "ı" (U+0131) is what `ccmp` makes of "i" under a combining accent.
 * A book that holds both ("ﬁne" and "fine", "ılık" and "í" typed as i + U+0301) drew both with one
 * glyph, and the PDF read one of them wrong ("fine" for "ﬁne"), a text the EPUB does not have
 * (X-PARITY).
 *
 * So the PDF draws such a character with a glyph of its own: a second copy of the same outline in
 * the subset, whose text is the character (render/pdf/own-glyphs.ts). This module finds them,
 * from the font's tables: every glyph some GSUB subtable outputs (single, multiple, alternate,
 * ligature and reverse chaining substitutions; contextual lookups only call those), and the
 * characters the cmap maps to one of them. A superset of what a given text can meet (DejaVu's "ﬅ" comes only from `dlig`,
 * which fontkit does not apply): a character listed here costs a little more to draw, and is never
 * drawn wrongly.
 */

import { coverageGlyphs, items, type Coverage, type Subtable } from './plain-shaping.js';

/** What of fontkit's decoded GSUB table is read (fontkit 2.0.4's structures). */
interface Lookup { readonly lookupType: number; readonly subTables: unknown }
interface Gsub { readonly lookupList?: unknown }

/** The part of a fontkit font that is read. */
export interface GsubFont {
  readonly GSUB?: Gsub | null;
  readonly _cmapProcessor: { lookup(codePoint: number): number };
}

const EXTENSION = 7;

/** Every glyph a GSUB subtable of the font may output. */
function substitutionOutputs(gsub: Gsub): Set<number> {
  const out = new Set<number>();
  const add = (glyphs: Iterable<number>): void => { for (const g of glyphs) out.add(g); };
  for (const lookup of items<Lookup>(gsub.lookupList)) {
    for (const raw of items<Subtable>(lookup.subTables)) {
      const [type, t] = lookup.lookupType === EXTENSION && raw.extension ? [raw.lookupType!, raw.extension] : [lookup.lookupType, raw];
      switch (type) {
        case 1:
          if (t.version === 1) for (const g of coverageGlyphs(t.coverage as Coverage)) out.add((g + (t.deltaGlyphID as number)) & 0xffff);
          else add(items<number>(t.substitute));
          break;
        case 2:
          for (const sequence of items<unknown>(t.sequences)) add(items<number>(sequence));
          break;
        case 3:
          for (const set of items<unknown>(t.alternateSet)) add(items<number>(set));
          break;
        case 4:
          for (const set of items<unknown>(t.ligatureSets)) for (const ligature of items<{ glyph: number }>(set)) out.add(ligature.glyph);
          break;
        case 8:
          add(items<number>(t.substitutes));
          break;
        default:
          // contextual and chaining lookups (5, 6) substitute only by calling lookups of the kinds above
          break;
      }
    }
  }
  return out;
}

/** Per GSUB table (fonts opened from one file share theirs: font-tables.ts). */
const known = new WeakMap<object, ReadonlySet<number>>();
const NONE: ReadonlySet<number> = new Set();

/** The glyphs some GSUB substitution of `font` may output (none for a font without GSUB). */
export function substitutedGlyphs(font: GsubFont): ReadonlySet<number> {
  const gsub = font.GSUB;
  if (!gsub) return NONE;
  let set = known.get(gsub);
  if (!set) { set = substitutionOutputs(gsub); known.set(gsub, set); }
  return set;
}

/**
 * Whether `font` maps the character `c` (a UTF-16 unit) to a glyph some GSUB substitution also
 * outputs: then the PDF draws it with a glyph of its own (text-run.ts).
 */
export function ambiguousCharacter(font: GsubFont, c: number): boolean {
  const glyphs = substitutedGlyphs(font);
  if (glyphs.size === 0) return false;
  const glyph = font._cmapProcessor.lookup(c);
  return glyph !== 0 && glyphs.has(glyph);
}

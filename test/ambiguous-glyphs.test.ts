/**
 * src/ambiguous-glyphs.ts: the characters a font maps to a glyph that a GSUB substitution also
 * makes, read from the font's tables and held to what fontkit's own layout does with the faces
 * Lectern embeds.
 */
import { describe, expect, it } from 'vitest';
import { dejavuFonts } from '../src/effects.js';
import { openFont, type FontkitFont } from '../src/font-tables.js';
import { ambiguousCharacter, substitutedGlyphs, type GsubFont } from '../src/ambiguous-glyphs.js';

const gsubFont = (f: FontkitFont) => f as unknown as GsubFont & { readonly characterSet: number[] };
/** Every character of the font that ambiguousCharacter holds for. */
const ambiguousCharacters = (font: GsubFont & { readonly characterSet: number[] }): number[] =>
  font.characterSet.filter((c) => c <= 0xffff && ambiguousCharacter(font, c));
const ids = (f: FontkitFont, text: string) => f.layout(text).glyphs.map((g) => (g as unknown as { id: number }).id);
const cmap = (f: FontkitFont, c: number) => gsubFont(f)._cmapProcessor.lookup(c);

describe('ambiguousCharacters', () => {
  it('finds the ligature characters and the dotless i of every DejaVu Serif face, each a glyph fontkit makes from other characters too', async () => {
    const files = await dejavuFonts();
    for (const key of ['regular', 'bold', 'italic', 'boldItalic'] as const) {
      const font = openFont(files[key]);
      const found = ambiguousCharacters(gsubFont(font));
      for (const c of [0xfb00, 0xfb01, 0xfb02, 0xfb03, 0xfb04, 0x131]) expect(found, `${key} U+${c.toString(16)}`).toContain(c);
      for (const c of [0x66, 0x69, 0x6c, 0xe9, 0x3b1, 0x436]) expect(found, key).not.toContain(c);
      // the same glyph, from other characters: liga ("fi") and ccmp (i under a combining accent)
      expect(['ff', 'fi', 'fl'].map((t) => ids(font, t))).toEqual([0xfb00, 0xfb01, 0xfb02].map((c) => [cmap(font, c)]));
      expect(ids(font, 'i\u0301')[0]).toBe(cmap(font, 0x131));
      // each character listed maps to a glyph some substitution outputs
      for (const c of found) expect(substitutedGlyphs(gsubFont(font)).has(cmap(font, c))).toBe(true);
    }
  });

  it('finds none in a font without GSUB, and never a character the font lacks', async () => {
    const files = await dejavuFonts();
    const font = gsubFont(openFont(files.regular));
    const noGsub = { GSUB: null, characterSet: font.characterSet, _cmapProcessor: font._cmapProcessor };
    expect(ambiguousCharacters(noGsub)).toEqual([]);
    expect(ambiguousCharacter(noGsub, 0xfb01)).toBe(false);
    // a character the font lacks maps to glyph 0 (.notdef), which is never counted
    expect(ambiguousCharacter(font, 0xe000)).toBe(false);
  });
});

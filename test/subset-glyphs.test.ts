/**
 * src/subset-glyphs.ts: fontkit's subsetter with composite glyphs told by their first two bytes
 * makes the same font program, byte for byte, as fontkit's own method, in every face Lectern
 * embeds, for text with composite glyphs (accented letters), simple ones, and an empty one (space).
 */
import { describe, expect, it } from 'vitest';
import { dejavuFonts } from '../src/effects.js';
import { openFont } from '../src/font-tables.js';
import { fontkitsAddGlyph } from '../src/subset-glyphs.js';

interface Subset { includeGlyph(gid: number): number; encode(): Uint8Array; _addGlyph(gid: number): number }
type Font = { createSubset(): Subset; layout(t: string): { glyphs: { id: number; _decode(): { numberOfContours: number } | null }[] } };

const TEXT = 'Friendship of Azerbaijan and Pakistan. Çç ÉéÈèÊêËë ÀÁÂÃÄÅàáâãäå Ññ Öö Üü Šš Žž Ğğ İı Şş Əə ǅ ﬁ ﬂ — “quoted” 1992–2021 ΑΒΓ αβγ Жж Щщ';

function subsetBytes(font: Font, add: ((gid: number) => number) | undefined): Uint8Array {
  const subset = font.createSubset();
  const proto = Object.getPrototypeOf(subset) as Subset;
  const own = proto._addGlyph;
  if (add) proto._addGlyph = add;
  try {
    for (const g of font.layout(TEXT).glyphs) subset.includeGlyph(g.id);
    return subset.encode();
  } finally {
    proto._addGlyph = own;
  }
}

describe('subsetGlyphsFaster', () => {
  it('makes the same subset as fontkit in every face, composite glyphs included', async () => {
    const files = await dejavuFonts();
    for (const face of ['regular', 'bold', 'italic', 'boldItalic', 'mono'] as const) {
      const file = files[face];
      const font = openFont(file) as unknown as Font;
      const original = fontkitsAddGlyph(font);
      expect(original, face).toBeTypeOf('function');
      expect(Object.getPrototypeOf(font.createSubset())._addGlyph, face).not.toBe(original);
      // the text has composite glyphs, simple ones and an empty one in this face
      const kinds = new Set(font.layout(TEXT).glyphs.map((g) => { const d = g._decode(); return d === null ? 'empty' : d.numberOfContours < 0 ? 'composite' : 'simple'; }));
      expect([...kinds].sort(), face).toEqual(['composite', 'empty', 'simple']);
      const ours = subsetBytes(font, undefined);
      const fontkits = subsetBytes(openFont(file) as unknown as Font, original);
      expect(ours.length, face).toBeGreaterThan(1000);
      expect(Buffer.from(ours).equals(Buffer.from(fontkits)), face).toBe(true);
    }
  });
});

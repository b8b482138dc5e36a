/** src/render/pdf/own-glyphs.ts: a copy of its glyph for a character whose glyph a substitution also makes. */
import { describe, expect, it } from 'vitest';
import { nodeEffects } from '../../../src/effects.js';
import { registerFonts } from '../../../src/render/pdf/fonts.js';
import { OwnGlyphs } from '../../../src/render/pdf/own-glyphs.js';
import { PDFDocument } from '../../../src/render/pdf/pdfkit.js';
import type { EmbeddedFont } from '../../../src/render/pdf/text-run.js';

async function face(key: string): Promise<EmbeddedFont> {
  const files = await nodeEffects().fonts();
  const d = new PDFDocument({ autoFirstPage: false, compress: false, font: files.regular, size: [432, 648] });
  registerFonts(d, files);
  return (d._fontFamilies as unknown as Record<string, EmbeddedFont>)[key]!;
}

describe('OwnGlyphs', () => {
  it('knows the ambiguous characters of a face and finds them in a text', async () => {
    const own = OwnGlyphs.for(await face('regular'))!;
    expect([0xfb01, 0x131].map((c) => own.ambiguous(c))).toEqual([true, true]);
    expect([0x66, 0x69, 0xe9].map((c) => own.ambiguous(c))).toEqual([false, false, false]);
    expect([own.holds('Kap\u0131'), own.holds('\ufb01ne'), own.holds('fine office')]).toEqual([true, true, false]);
  });

  it('lays a text out leaving the font\'s glyphs as they were, and lends the glyph it made to the next layout', async () => {
    const f = await face('regular');
    const own = OwnGlyphs.for(f)!;
    const id = f.font._cmapProcessor.lookup(0xfb01);
    expect(f.font._glyphs[id]).toBeUndefined();
    const first = own.laidOut('\ufb01ne');
    expect(first.glyphs[0]!.id).toBe(id);
    expect(f.font._glyphs[id]).toBeUndefined();
    // the same glyph object again (not made anew), and still not left in the font
    expect(own.laidOut('\ufb01rst').glyphs[0]).toBe(first.glyphs[0]);
    expect(f.font._glyphs[id]).toBeUndefined();
    // the ligature made afterwards is made for its letters
    expect(f.layout('fine', undefined, false).glyphs[0]!.codePoints).toEqual([0x66, 0x69]);
  });

  it('encodes a copy of the glyph for the character, once, and the ligature of its letters apart', async () => {
    const f = await face('regular');
    const own = OwnGlyphs.for(f)!;
    const lig = f.encode('fine')[0][0]!;
    const a = own.encode('\ufb01ne', own.laidOut('\ufb01ne').glyphs);
    const b = own.encode('\ufb01x', own.laidOut('\ufb01x').glyphs);
    expect(a[0]).toBe(b[0]);
    expect(a[0]).not.toBe(lig);
    const [copy, ligature] = [parseInt(a[0]!, 16), parseInt(lig, 16)];
    expect(f.subset.glyphs[copy]).toBe(f.subset.glyphs[ligature]);
    expect([f.unicode[copy], f.unicode[ligature]]).toEqual([[0xfb01], [0x66, 0x69]]);
  });

  it('tells a text that makes the glyph both ways ("\ufb01fi", "\u0131i\u0301") from one that does not', async () => {
    const own = OwnGlyphs.for(await face('regular'))!;
    for (const [text, both] of [['\ufb01fi', true], ['\u0131i\u0301k', true], ['\ufb01ne', false], ['Kap\u0131', false]] as const) {
      expect(own.mixed(text, own.laidOut(text).glyphs), text).toBe(both);
    }
  });
});

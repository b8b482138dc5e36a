/**
 * src/font-tables.ts: every font opened from a file shares the tables fontkit has decoded from it,
 * and nothing else. The decoded tables are what makes a second build in a process (build-all,
 * watch) cheaper; the glyphs must stay apart, or one book's text would change another's PDF.
 */
import { createRequire } from 'node:module';
import { describe, expect, it, vi } from 'vitest';
import { dejavuFonts } from '../src/effects.js';
import { openFont, type FontkitFont } from '../src/font-tables.js';

type Glyph = { id: number; codePoints: number[]; path: unknown };
const glyph = (f: FontkitFont, text: string): Glyph => f.layout(text).glyphs[0] as unknown as Glyph;
const internals = (f: FontkitFont) => f as unknown as { GSUB: unknown; GPOS: unknown; cmap: unknown; _glyphs: Record<number, unknown> };

describe('openFont', () => {
  it('shares the decoded tables of one file between its fonts, and only of that file', async () => {
    const files = await dejavuFonts();
    const a = openFont(files.bold);
    const b = openFont(files.bold);
    expect(b).not.toBe(a);
    for (const t of ['GSUB', 'GPOS', 'cmap'] as const) expect(internals(b)[t]).toBe(internals(a)[t]);
    expect(internals(openFont(files.regular)).GPOS).not.toBe(internals(a).GPOS);
    // the same shaping from either
    const advances = (f: FontkitFont) => f.layout('WAVE To Pakistan').positions.map((p) => p.xAdvance);
    expect(advances(b)).toEqual(advances(a));
  });

  it('keeps each font\'s glyphs its own: an outline of "Ç" in one leaves "C" whole in the next', async () => {
    const files = await dejavuFonts();
    const cover = openFont(files.bold);
    void glyph(cover, '\u00c7').path; // what the cover does with every glyph
    // that font's "C" has lost its character: a PDF laid out with it would lose "C" from its text
    expect(glyph(cover, 'C').codePoints).toEqual([]);
    const pdf = openFont(files.bold);
    expect(glyph(pdf, 'C').codePoints).toEqual([0x43]);
    expect(internals(pdf)._glyphs).not.toBe(internals(cover)._glyphs);
  });

  it('reads the post table\'s header without its glyph names, and the names as fontkit does when asked', async () => {
    const files = await dejavuFonts();
    const fontkit = createRequire(import.meta.url)('fontkit') as { create(data: Uint8Array): Record<string, unknown> };
    for (const file of Object.values(files).filter((f) => f instanceof Uint8Array)) {
      const font = openFont(file) as unknown as { post: Record<string, unknown>; italicAngle: number; _decodeTable(e: { tag: string }): unknown };
      const decode = vi.spyOn(Object.getPrototypeOf(font) as { _decodeTable(e: { tag: string }): unknown }, '_decodeTable');
      try {
        // what pdfkit reads when it embeds the font
        const header = { isFixedPitch: font.post.isFixedPitch, italicAngle: font.italicAngle };
        expect(decode.mock.calls.filter(([e]) => e.tag === 'post')).toEqual([]);
        const reference = fontkit.create(file).post as Record<string, unknown>;
        expect(header).toEqual({ isFixedPitch: reference.isFixedPitch, italicAngle: reference.italicAngle });
        for (const [key, value] of Object.entries(reference)) expect([key, font.post[key]]).toEqual([key, value]);
      } finally {
        decode.mockRestore();
      }
    }
  });
});

/**
 * src/shaping-cache.ts: a word laid out once is given back to every later font opened from the same
 * file, as fontkit lays it out, and leaves that font's glyphs as laying it out does (pdfkit maps
 * glyphs to text by the characters a glyph was first made for: test/font-tables.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { dejavuFonts } from '../src/effects.js';
import { openFont, type FontkitFont } from '../src/font-tables.js';
import { shapedWordCount } from '../src/shaping-cache.js';

type Glyph = { id: number; codePoints: number[]; path: unknown };
const glyph = (f: FontkitFont, text: string): Glyph => f.layout(text).glyphs[0] as unknown as Glyph;
const internals = (f: FontkitFont) => f as unknown as { _glyphs: Record<number, unknown> };

describe('shaping kept per font file', () => {
  /** A font opened straight from fontkit: no shared tables, nothing kept. */
  const plainFont = async (file: Uint8Array) => {
    const { createRequire } = await import('node:module');
    return (createRequire(import.meta.url)('fontkit') as { create(d: Uint8Array): FontkitFont }).create(file);
  };
  type Run = { glyphs: { id: number; codePoints: number[] }[]; positions: Record<string, number>[]; advanceWidth: number };
  /** What a layout gives pdfkit, and what it leaves in the font's glyphs. */
  const outcome = (f: FontkitFont, words: readonly string[]) => {
    const runs = words.map((w) => {
      const r = f.layout(w) as unknown as Run;
      return { ids: r.glyphs.map((g) => g.id), chars: r.glyphs.map((g) => [...g.codePoints]), positions: r.positions.map((p) => ({ ...p })), advance: r.advanceWidth };
    });
    const glyphs = Object.entries(internals(f)._glyphs as Record<string, { codePoints: number[] }>).map(([id, g]) => [Number(id), [...g.codePoints]]);
    return { runs, glyphs };
  };
  // ligatures (fi, ffl), kerning (AV, To, Ta), accents and combining marks, digits and punctuation,
  // Greek, Cyrillic, a tab, words twice, a long word
  const WORDS = ['office', 'waffle', 'AVATAR', 'Today', 'Tajik', 'café', 'cafe\u0301', 'na\u0308ive', '2021,', '“Baku”', '—', 'Ελλάδα', 'Азербайджан',
    'a\tb', 'office', 'Çağdaş', 'Pneumonoultramicroscopicsilicovolcanoconiosis', 'x\u0323\u0307', 'X\u0307', 'A\u0301\u0323', '0.5%', 'Ilham'];

  it('gives a word back as fontkit lays it out, and leaves the font\'s glyphs as laying it out does', async () => {
    const files = await dejavuFonts();
    for (const face of ['regular', 'bold', 'italic'] as const) {
      const want = outcome(await plainFont(files[face]), WORDS);
      const first = outcome(openFont(files[face]), WORDS); // shapes, and keeps
      expect(first).toEqual(want);
      expect(shapedWordCount(files[face])).toBeGreaterThanOrEqual(new Set(WORDS).size);
      const again = openFont(files[face]);
      expect(outcome(again, WORDS)).toEqual(want); // every word given back
    }
  });

  it('keeps a cover\'s outlines from changing what it gives back: a word after "Ç" was drawn loses "C" as it does from fontkit', async () => {
    const files = await dejavuFonts();
    openFont(files.bold).layout('Cap'); // kept
    const plain = await plainFont(files.bold);
    const kept = openFont(files.bold);
    for (const f of [plain, kept]) void glyph(f, '\u00c7').path;
    expect(outcome(kept, ['Cap'])).toEqual(outcome(plain, ['Cap']));
    expect(glyph(kept, 'Cap').codePoints).toEqual([]);
  });

  it('lays out anew what fontkit shapes otherwise: a soft hyphen, Arabic, Devanagari', async () => {
    const files = await dejavuFonts();
    const before = shapedWordCount(files.regular);
    const words = ['co\u00adoperate', 'سلام', 'नमस्ते', 'a\u034fb', 'a\u200db', 'x\u2028y'];
    const want = outcome(await plainFont(files.regular), words);
    expect(outcome(openFont(files.regular), words)).toEqual(want);
    expect(shapedWordCount(files.regular)).toBe(before);
  });
});

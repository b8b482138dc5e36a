/**
 * src/shaping-cache.ts: a word laid out once is given back to every later font opened from the same
 * file, as fontkit lays it out, and leaves that font's glyphs as laying it out does (pdfkit maps
 * glyphs to text by the characters a glyph was first made for: test/font-tables.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { dejavuFonts } from '../src/effects.js';
import { openFont, type FontkitFont } from '../src/font-tables.js';
import { keepShaping, keepShapingAcrossBuilds, shapedWordCount } from '../src/shaping-cache.js';

type Glyph = { id: number; codePoints: number[]; path: unknown };
const glyph = (f: FontkitFont, text: string): Glyph => f.layout(text).glyphs[0] as unknown as Glyph;
const internals = (f: FontkitFont) => f as unknown as { _glyphs: Record<number, unknown> };

describe('shaping kept per font file', () => {
  it('keeps nothing until asked: one build lays each word out once anyway', async () => {
    const files = await dejavuFonts();
    openFont(files.regular).layout('Pakistan');
    openFont(files.regular).layout('Pakistan');
    expect(shapedWordCount(files.regular)).toBe(0);
    keepShapingAcrossBuilds(); // as build-all's workers and watch do; the tests below rely on it
    openFont(files.regular).layout('Pakistan');
    expect(shapedWordCount(files.regular)).toBe(1);
  });

  /** A font opened straight from fontkit: no shared tables, nothing kept. */
  const plainFont = async (file: Uint8Array) => {
    const { createRequire } = await import('node:module');
    return (createRequire(import.meta.url)('fontkit') as { create(d: Uint8Array): FontkitFont }).create(file);
  };
  type Run = { glyphs: { id: number; codePoints: number[] }[]; positions: Record<string, number>[]; advanceWidth: number };
  /** What a layout gives pdfkit, and what it leaves in the font's glyphs. */
  const outcome = (f: FontkitFont, words: readonly string[]) => words.map((w) => {
    const r = f.layout(w) as unknown as Run;
    // the font's glyphs after each word: which exist, and the characters each was made for
    const glyphs = Object.entries(internals(f)._glyphs as Record<string, { codePoints: number[] }>).map(([id, g]) => [Number(id), [...g.codePoints]]);
    return { ids: r.glyphs.map((g) => g.id), chars: r.glyphs.map((g) => [...g.codePoints]), positions: r.positions.map((p) => ({ ...p })), advance: r.advanceWidth, glyphs };
  });
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

describe('shaping kept per font file: the calls on a font\'s glyphs', () => {
  /** A font that logs what is asked of its glyphs, and lays every string out as `runs` says, with
   * the calls fontkit's layout makes (nominal glyphs, final glyphs, the space glyph). */
  class LoggingFont {
    readonly directory = { tables: { glyf: {} } };
    readonly GSUB = {};
    readonly log: unknown[] = [];
    constructor(private readonly runs: Record<string, { glyphs: { id: number; codePoints: number[] }[]; positions: Record<string, number>[] }>) {}
    glyphsForString(text: string): void { this.log.push(['nominal', text]); }
    glyphForCodePoint(cp: number): void { this.log.push(['char', cp]); }
    getGlyph(id: number, codePoints: number[]) { this.log.push(['glyph', id, codePoints]); return { id, codePoints }; }
    layout(text: string) {
      const run = this.runs[text]!;
      this.glyphsForString(text);
      const glyphs = run.glyphs.map((g) => this.getGlyph(g.id, [...g.codePoints]));
      this.glyphForCodePoint(0x20);
      return { glyphs, positions: run.positions.map((p) => ({ ...p })) };
    }
  }
  const plain = (over: Record<string, number> = {}) => ({ xAdvance: 600, yAdvance: 0, xOffset: 0, yOffset: 0, ...over });
  const RUNS = {
    // as many glyphs as characters, but not each the character at its place
    ab: { glyphs: [{ id: 7, codePoints: [0x62] }, { id: 5, codePoints: [0x61] }], positions: [plain(), plain({ yOffset: -12, xOffset: 3 })] },
    // a ligature and a decomposition
    fix: { glyphs: [{ id: 9, codePoints: [0x66, 0x69] }, { id: 3, codePoints: [] }, { id: 4, codePoints: [0x78] }], positions: [plain(), plain({ xAdvance: 0 }), plain({ yAdvance: 2 })] },
    // a value that is not an integer: not kept
    half: { glyphs: [{ id: 2, codePoints: [0x68] }, { id: 2, codePoints: [0x61] }, { id: 2, codePoints: [0x6c] }, { id: 2, codePoints: [0x66] }], positions: [plain({ xAdvance: 0.5 }), plain(), plain(), plain()] },
  };

  it('gives a word back with the calls and the run its layout made, whatever its glyphs\' characters and positions', () => {
    keepShapingAcrossBuilds();
    const file = new Uint8Array(8);
    for (const text of ['ab', 'fix']) {
      const first = new LoggingFont(RUNS);
      keepShaping(first, file);
      const shaped = first.layout(text);
      const again = new LoggingFont({}); // lays nothing out: everything comes back from what was kept
      keepShaping(again, file);
      const given = again.layout(text);
      expect({ glyphs: given.glyphs, positions: given.positions }).toEqual(shaped);
      expect(again.log).toEqual(first.log);
    }
    expect(shapedWordCount(file)).toBe(2);
  });

  it('keeps no word with a value that is not an integer', () => {
    keepShapingAcrossBuilds();
    const file = new Uint8Array(8);
    const f = new LoggingFont(RUNS);
    keepShaping(f, file);
    f.layout('half');
    expect(shapedWordCount(file)).toBe(0);
  });
});

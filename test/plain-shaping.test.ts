/**
 * src/plain-shaping.ts: a plain word's glyphs and positions, computed from the font's tables, are
 * exactly fontkit's; and the words it takes on are most of a Latin text's.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dejavuFonts, type FontFiles } from '../src/effects.js';
import { openFont } from '../src/font-tables.js';
import { plainCharacter, plainShaper, type AnalysisFont } from '../src/plain-shaping.js';

type Run = { glyphs: { id: number; codePoints: number[] }[]; positions: { xAdvance: number; yAdvance: number; xOffset: number; yOffset: number }[] };
type Font = { layout(text: string): Run; _glyphs: Record<string, { codePoints: number[] }> };
const fontkit = createRequire(import.meta.url)('fontkit') as { create(data: Uint8Array): unknown };
const fresh = (file: Uint8Array) => fontkit.create(file) as Font;
const FACES = ['regular', 'bold', 'italic', 'boldItalic', 'mono'] as const satisfies readonly (keyof FontFiles)[];
/** The fallback faces (DejaVu Sans), which set only the characters the others lack: the shaper
 * declines most of their words (their lookups cover more), but what it takes must be fontkit's. */
const FALLBACK_FACES = ['sans', 'sansBold', 'sansItalic', 'sansBoldItalic'] as const satisfies readonly (keyof FontFiles)[];

/** fontkit's run as [glyph count, ids, x advances] when it has only x advances; else undefined. */
function asPlain(run: Run): number[] | undefined {
  if (run.positions.some((p) => p.yAdvance || p.xOffset || p.yOffset)) return undefined;
  return [run.glyphs.length, ...run.glyphs.map((g) => g.id), ...run.positions.map((p) => p.xAdvance)];
}

/** The shaper's run the same way, after checking its characters: each glyph's are the next of the
 * text's (one each, or a ligature's several). (Which characters a glyph object holds is the font's
 * state, the same both ways: the last test.) */
function mineAsPlain(text: string, packed: Int32Array): number[] {
  const m = packed[0]!;
  const out = [m, ...packed.subarray(2, 2 + 2 * m)];
  if (packed[1] === 0) {
    expect(m).toBe(text.length);
    return out;
  }
  expect(packed[1]).toBe(1);
  const chars: number[] = [];
  for (let i = 0, at = 2 + 2 * m; i < m; i++) {
    const count = packed[at]!;
    chars.push(...packed.subarray(at + 1, at + 1 + count));
    at += 1 + count;
  }
  expect(String.fromCharCode(...chars)).toBe(text);
  return out;
}

/** Shapes each word both ways; every word the shaper takes must be fontkit's, glyph for glyph. */
function compare(file: Uint8Array, words: readonly string[]): { taken: number; ligated: number; mismatches: string[] } {
  const shaper = plainShaper(fresh(file) as unknown as AnalysisFont)!;
  const reference = fresh(file);
  let taken = 0;
  let ligated = 0;
  const mismatches: string[] = [];
  for (const w of words) {
    const mine = shaper.shape(w);
    if (!mine) continue;
    taken++;
    if (mine[0] !== w.length) ligated++;
    const want = asPlain(reference.layout(w));
    const got = mineAsPlain(w, mine);
    if (!want || want.join() !== got.join()) mismatches.push(`${JSON.stringify(w)}: ${want?.join() ?? 'offset'} / ${got.join()}`);
  }
  return { taken, ligated, mismatches };
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => String.fromCharCode(from + i));
// every character the shaper might take (and some it must not), by block
const WIDE = [
  ...range(0x20, 0x7e), ...range(0xa0, 0x17f), ...range(0x180, 0x24f).filter((_, i) => i % 3 === 0), ...range(0x300, 0x30f),
  ...range(0x370, 0x3ff), ...range(0x400, 0x45f), ...range(0x531, 0x556), ...range(0x561, 0x587),
  ...range(0x2000, 0x200f), ...range(0x2010, 0x2027), ...range(0x2030, 0x205e), ...range(0x20a0, 0x20bf), 'ﬁ', '\u0600', '\u0915',
];
// the characters of most text: every pair of them
const CORE = [...range(0x20, 0x7e), 'é', 'è', 'ü', 'ö', 'ç', 'ş', 'ğ', 'ı', 'ə', 'Ç', 'Ş', 'Ö', 'Ü', 'İ', '–', '—', '‘', '’', '“', '”', '…', '€', '\u00a0', '\u2009'];

function lcg(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

describe('plain words shaped from the font\'s tables', () => {
  it('gives every single character and every pair of common ones exactly as fontkit does, in every face', async () => {
    const files = await dejavuFonts();
    const pairs = CORE.flatMap((a) => CORE.map((b) => a + b));
    for (const face of [...FACES, ...FALLBACK_FACES]) {
      const singles = compare(files[face], WIDE);
      expect(singles.mismatches).toEqual([]);
      const both = compare(files[face], pairs);
      expect(both.mismatches).toEqual([]);
      // most pairs are plain (not a ligature's start, nor a mark): the shaper is not just declining
      if (!(FALLBACK_FACES as readonly string[]).includes(face)) expect(both.taken / pairs.length).toBeGreaterThan(0.9);
      else expect(both.taken).toBeGreaterThan(0);
    }
  });

  it('gives random words of Latin, Greek, Cyrillic, Armenian, punctuation and marks exactly as fontkit does', async () => {
    const files = await dejavuFonts();
    const next = lcg(7);
    const alphabets = [CORE, WIDE, range(0x391, 0x3c9), range(0x410, 0x44f), [...range(0x61, 0x7a), 'f', 'f', 'i', 'l', '\u0301', '\u0308']];
    const words: string[] = [];
    for (let i = 0; i < 6000; i++) {
      const alphabet = alphabets[i % alphabets.length]!;
      const length = 1 + Math.floor(next() * 12);
      let w = '';
      for (let j = 0; j < length; j++) w += alphabet[Math.floor(next() * alphabet.length)];
      words.push(w);
    }
    for (const face of FACES) {
      const { taken, ligated, mismatches } = compare(files[face], words);
      expect(mismatches).toEqual([]);
      expect(taken).toBeGreaterThan(words.length / 4);
      if (face !== 'mono') expect(ligated).toBeGreaterThan(50); // the serif faces' f-ligatures
    }
    for (const face of FALLBACK_FACES) {
      const { taken, mismatches } = compare(files[face], words);
      expect(mismatches).toEqual([]);
      expect(taken).toBeGreaterThan(0);
    }
  });

  it('takes most words of the sample article, and gives them exactly as fontkit does', async () => {
    const files = await dejavuFonts();
    const dir = path.resolve('manuscript');
    const text = readdirSync(dir).filter((f) => f.endsWith('.md')).map((f) => readFileSync(path.join(dir, f), 'utf8')).join(' ');
    const words = [...new Set(text.split(/[\s]+/).filter(Boolean))];
    for (const face of ['regular', 'italic', 'bold'] as const) {
      const { taken, mismatches } = compare(files[face], words);
      expect(mismatches).toEqual([]);
      expect(taken / words.length).toBeGreaterThan(0.8);
    }
  });

  it('makes the ligatures fontkit makes, and declines what it positions or shapes otherwise: marks, the fraction slash, format characters, other scripts', async () => {
    const files = await dejavuFonts();
    const shaper = plainShaper(fresh(files.regular) as unknown as AnalysisFont)!;
    for (const w of ['e\u0301', 'x\u0323', '1\u20442', 'co\u00adop', 'a\u200db', 'سلام']) expect(shaper.shape(w), w).toBeUndefined();
    const reference = fresh(files.regular);
    for (const w of ['office', 'fl', 'fluffier', 'effi', 'fff', 'fifi']) {
      const mine = shaper.shape(w)!;
      expect(mine, w).toBeDefined();
      expect(mineAsPlain(w, mine)).toEqual(asPlain(reference.layout(w)));
    }
    expect(shaper.shape('office')![0]).toBeLessThan(6); // a ligature, as fontkit makes it
    // kerning is kept: "AV" is narrower than "A" and "V" apart, as fontkit lays it out
    const av = shaper.shape('AV')!;
    expect(av).toBeDefined();
    expect(av[4]).toBeLessThan([...shaper.shape('A')!][3]!);
    expect(plainCharacter(0x2044)).toBe(false);
    expect(plainCharacter(0x41)).toBe(true);
  });

  it('leaves a document font\'s glyphs as fontkit\'s layout does (pdfkit maps glyphs to text by them)', async () => {
    const files = await dejavuFonts();
    const words = ['Pakistan', 'Azerbaijan', 'office', 'fluffier', 'fi', 'ffi', 'AVATAR', '“Baku”', 'café', 'cafe\u0301', '2021,', 'Ελλάδα', 'Азербайджан', 'x', 'Pakistan', ' '];
    for (const face of FACES) {
      const mine = openFont(files[face]) as unknown as Font;
      const theirs = fresh(files[face]);
      for (const w of words) {
        const a = mine.layout(w);
        const b = theirs.layout(w);
        expect(a.glyphs.map((g) => [g.id, ...g.codePoints])).toEqual(b.glyphs.map((g) => [g.id, ...g.codePoints]));
        expect(a.positions.map((p) => ({ ...p }))).toEqual(b.positions.map((p) => ({ ...p })));
        const state = (f: Font) => Object.entries(f._glyphs).map(([id, g]) => [Number(id), [...g.codePoints]]);
        expect(state(mine)).toEqual(state(theirs));
      }
    }
  });
});

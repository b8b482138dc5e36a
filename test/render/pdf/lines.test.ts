/**
 * Line breaking (lines.ts): greedy, left-aligned, breaks only at ASCII white space, each line
 * keeping its trailing space, a hard break's line and a block's last line ending in a generated
 * space, a word wider than the line cut by code point. Measured here with a fixed advance per
 * character, so every width and position is exact.
 */
import { describe, expect, it } from 'vitest';
import { breakLines, type Line } from '../../../src/render/pdf/lines.js';
import type { Item, Piece } from '../../../src/render/pdf/inlines.js';
import type { ImageRef } from '../../../src/model/book.js';

const ADVANCE = 5;
const measure = (_p: Piece, text: string): number => [...text].length * ADVANCE;

let offset = 0;
function piece(text: string, font: Piece['font'] = 'regular'): Item {
  const p: Piece = { text, font, size: 10, rise: 0, ctx: [], offset };
  offset += text.length;
  return { type: 'piece', piece: p };
}
const hardBreak = (): Item => ({ type: 'break', offset });
function image(width: number, height: number): Item {
  const ref = { src: 'x.png', alt: 'a rug', decorative: false } as unknown as ImageRef;
  const p: Piece = { text: '', font: 'regular', size: 10, rise: 0, ctx: [], offset };
  return { type: 'image', image: ref, piece: p, box: { width, height, draw: null } };
}

/** Each line as its fragments' texts with their x, and its width. */
const shape = (lines: Line[]): { frags: [string, number][]; width: number }[] =>
  lines.map((l) => ({ frags: l.frags.map((f) => [f.text, f.x] as [string, number]), width: l.width }));
const texts = (lines: Line[]): string[] => lines.map((l) => l.frags.map((f) => f.text).join(''));

describe('breakLines', () => {
  it('fills lines greedily; each keeps its trailing space and the last gets a generated one', () => {
    offset = 0;
    // "aaa bbb ccc" is 11 characters, 55 points: 50 points hold "aaa bbb"
    const lines = breakLines([piece('aaa bbb ccc')], 50, measure);
    expect(shape(lines)).toEqual([
      { frags: [['aaa', 0], [' ', 15], ['bbb', 20], [' ', 35]], width: 35 },
      { frags: [['ccc ', 0]], width: 15 },
    ]);
  });

  it('gives the first line its own width', () => {
    offset = 0;
    expect(texts(breakLines([piece('aa bb cc dd')], 100, measure, 20))).toEqual(['aa ', 'bb cc dd ']);
  });

  it('keeps a word made of several pieces whole and measures it as their sum', () => {
    offset = 0;
    const lines = breakLines([piece('xx ab'), piece('cd', 'bold'), piece('ef gg')], 45, measure);
    expect(shape(lines)).toEqual([
      { frags: [['xx', 0], [' ', 10], ['ab', 15], ['cd', 25], ['ef', 35], [' ', 45]], width: 45 },
      { frags: [['gg ', 0]], width: 10 },
    ]);
    expect(lines[0]!.frags[3]!.piece.font).toBe('bold');
    // one piece too many for the line: the whole word moves
    expect(texts(breakLines([piece('xx ab'), piece('cd', 'bold'), piece('ef gg')], 40, measure))).toEqual(['xx ', 'abcdef ', 'gg ']);
  });

  it('breaks only at ASCII white space: a no-break space binds, and tabs and line feeds are drawn as spaces', () => {
    offset = 0;
    const lines = breakLines([piece('10\u00a0km\tand\nmore')], 30, measure);
    expect(texts(lines)).toEqual(['10\u00a0km ', 'and ', 'more ']);
    // the tab is white space of its own (a word would have been cut into chunks here)
    expect(lines[0]!.frags.map((f) => [f.text, f.offset, f.length])).toEqual([['10\u00a0km', 0, 5], [' ', 5, 1]]);
  });

  it('runs of spaces stay one fragment, and drop no character of the plain text', () => {
    offset = 0;
    const lines = breakLines([piece('a   b')], 100, measure);
    expect(lines[0]!.frags.map((f) => [f.text, f.offset, f.length])).toEqual([['a', 0, 1], ['   ', 1, 3], ['b ', 4, 1]]);
  });

  it('drops soft hyphens from what is drawn but not from the plain text', () => {
    offset = 0;
    const [line] = breakLines([piece('soft\u00adhyphen')], 100, measure);
    expect(line!.frags[0]!.text).toBe('softhyphen ');
    expect(line!.frags[0]!.length).toBe(11);
  });

  it('ends a line at a hard break with a generated space; consecutive breaks make empty lines', () => {
    offset = 0;
    const lines = breakLines([piece('one'), hardBreak(), hardBreak(), piece('two')], 100, measure);
    expect(texts(lines)).toEqual(['one ', '', 'two ']);
    expect(lines[1]!.frags).toEqual([]);
  });

  it('does not add a second space where the line already ends in one', () => {
    offset = 0;
    expect(texts(breakLines([piece('one '), hardBreak(), piece('two')], 100, measure))).toEqual(['one ', 'two ']);
  });

  it('cuts a word wider than the line into chunks by code point, the last one followed by what comes after', () => {
    offset = 0;
    const lines = breakLines([piece('ab 𝔸𝔸𝔸𝔸𝔸𝔸𝔸 cd')], 20, measure);
    expect(texts(lines)).toEqual(['ab ', '𝔸𝔸𝔸𝔸', '𝔸𝔸𝔸 ', 'cd ']);
    // offsets and lengths are in UTF-16 code units of the plain text
    expect(lines.slice(1, 3).map((l) => [l.frags[0]!.offset, l.frags[0]!.length])).toEqual([[3, 8], [11, 6]]);
    expect(lines.map((l) => l.width)).toEqual([10, 20, 15, 10]);
  });

  it('puts the next word beside the last chunk of a cut word when it fits', () => {
    offset = 0;
    expect(texts(breakLines([piece('aaaaaaa b')], 25, measure))).toEqual(['aaaaa', 'aa b ']);
  });

  it('treats an inline image as a word of its own, never cut, with a separate generated space after it at a hard break', () => {
    offset = 0;
    const lines = breakLines([piece('see'), image(30, 12), piece(' it'), image(50, 20), hardBreak(), piece('end')], 50, measure);
    expect(lines.map((l) => l.frags.map((f) => (f.image ? `[img ${f.width}]` : f.text)))).toEqual([
      ['see', '[img 30]', ' '],
      ['it'],
      ['[img 50]', ' '],
      ['end '],
    ]);
    expect(lines.map((l) => l.imageHeight)).toEqual([12, 0, 20, 0]);
    expect(lines.map((l) => l.width)).toEqual([45, 10, 50, 15]);
    // the generated space after the image is its own fragment, after the image's width
    expect(lines[2]!.frags[1]!.x).toBe(50);
  });

  it('sizes a line by its largest unraised text', () => {
    offset = 0;
    const big: Item = { type: 'piece', piece: { text: 'Big ', font: 'bold', size: 14, rise: 0, ctx: [], offset: 0 } };
    const raised: Item = { type: 'piece', piece: { text: '1', font: 'regular', size: 20, rise: 3, ctx: [], offset: 4 } };
    expect(breakLines([big, raised], 100, measure)[0]!.maxSize).toBe(14);
  });

  it('makes no line of nothing', () => {
    expect(breakLines([], 100, measure)).toEqual([]);
  });
});

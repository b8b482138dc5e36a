/**
 * Line breaking: greedy, left-aligned, no hyphenation. Lines break only at ASCII whitespace,
 * so U+00A0 (and every other non-ASCII space) binds. Each line keeps its trailing space, so
 * extracted words never merge (P-UA-3); a line ended by a hard break, and a block's last line,
 * get one generated space.
 */
import type { ImageRef } from '../../model/book.js';
import type { InlineBox, Item, Piece } from './inlines.js';

export type Measure = (piece: Piece, text: string) => number;

export interface Fragment {
  readonly piece: Piece;
  /** Offset of the fragment in the block's plain text. */
  readonly offset: number;
  /** Length of the fragment in the plain text. */
  readonly length: number;
  /** What is drawn (whitespace normalised to U+0020, soft hyphens dropped). */
  text: string;
  width: number;
  /** x relative to the line start; set by breakLines. */
  x: number;
  /** An inline image (text is empty, width is the image's). */
  readonly image?: { readonly ref: ImageRef; readonly box: InlineBox };
}

export interface Line {
  readonly frags: Fragment[];
  /** Width without the trailing space. */
  width: number;
  /** Height factor: the largest text size on the line. */
  readonly maxSize: number;
  /** The tallest inline image on the line, in points (0: none). */
  readonly imageHeight: number;
}

interface Word { parts: Fragment[]; spaces: Fragment[]; width: number; spaceWidth: number }

const BREAKABLE = /[ \t\n\r\f\v]+/g;

const NOT_DRAWN_AS_IS = /[\t\n\r\f\v\u00ad]/;

function drawText(s: string): string {
  if (!NOT_DRAWN_AS_IS.test(s)) return s;
  return s.replace(/[\t\n\r\f\v]/g, ' ').replace(/\u00ad/g, '');
}

function frag(piece: Piece, start: number, end: number, measure: Measure): Fragment {
  const text = drawText(piece.text.slice(start, end));
  return { piece, offset: piece.offset + start, length: end - start, text, width: text ? measure(piece, text) : 0, x: 0 };
}

/** Splits a word that is wider than the line into chunks that fit (by code point). */
function splitWord(word: Word, maxWidth: number, measure: Measure): Word[] {
  const out: Word[] = [];
  let cur: Word = { parts: [], spaces: [], width: 0, spaceWidth: 0 };
  for (const part of word.parts) {
    const rel = part.offset - part.piece.offset;
    const source = part.piece.text.slice(rel, rel + part.length);
    let start = 0;
    let i = 0;
    for (const ch of Array.from(source)) {
      const w = measure(part.piece, drawText(ch));
      if (cur.width + w > maxWidth && cur.width > 0) {
        if (i > start) cur.parts.push(frag(part.piece, rel + start, rel + i, measure));
        out.push(cur);
        cur = { parts: [], spaces: [], width: 0, spaceWidth: 0 };
        start = i;
      }
      cur.width += w;
      i += ch.length;
    }
    if (i > start) cur.parts.push(frag(part.piece, rel + start, rel + i, measure));
  }
  cur.spaces = word.spaces;
  cur.spaceWidth = word.spaceWidth;
  out.push(cur);
  for (const w of out) w.width = w.parts.reduce((s, p) => s + p.width, 0);
  return out;
}

/**
 * Breaks items into lines of at most `width` points (`firstWidth` for the first line).
 * An image item is a word as wide as its box (Layout.breakLines sizes it to fit the line).
 */
export function breakLines(items: readonly Item[], width: number, measure: Measure, firstWidth = width): Line[] {
  // 1. words, separated by breakable whitespace; hard breaks as null
  const words: (Word | null)[] = [];
  let cur: Word | null = null;
  for (const item of items) {
    if (item.type === 'image') {
      // an image is a word of its own: the line may break before and after it
      if (cur) words.push(cur);
      const box = item.box ?? { width: 0, height: 0, draw: null };
      const f: Fragment = { piece: item.piece, offset: item.piece.offset, length: item.image.alt.length, text: '', width: box.width, x: 0, image: { ref: item.image, box } };
      words.push({ parts: [f], spaces: [], width: box.width, spaceWidth: 0 });
      cur = null;
      continue;
    }
    if (item.type === 'break') { words.push(cur ?? { parts: [], spaces: [], width: 0, spaceWidth: 0 }); cur = null; words.push(null); continue; }
    const p = item.piece;
    let last = 0;
    BREAKABLE.lastIndex = 0;
    const push = (start: number, end: number, space: boolean): void => {
      if (end <= start) return;
      const f = frag(p, start, end, measure);
      if (space) {
        cur ??= { parts: [], spaces: [], width: 0, spaceWidth: 0 };
        cur.spaces.push(f);
        cur.spaceWidth += f.width;
      } else {
        if (!cur || cur.spaces.length > 0) { if (cur) words.push(cur); cur = { parts: [], spaces: [], width: 0, spaceWidth: 0 }; }
        cur.parts.push(f);
        cur.width += f.width;
      }
    };
    for (let m = BREAKABLE.exec(p.text); m; m = BREAKABLE.exec(p.text)) {
      push(last, m.index, false);
      push(m.index, m.index + m[0].length, true);
      last = m.index + m[0].length;
    }
    push(last, p.text.length, false);
  }
  if (cur) words.push(cur);

  // 2. greedy lines
  const lines: Line[] = [];
  let line: Word[] = [];
  let lineWidth = 0;
  let hard = false;
  const max = (): number => (lines.length === 0 ? firstWidth : width);
  const flush = (): void => {
    const frags: Fragment[] = [];
    let x = 0;
    let w = 0;
    for (const wd of line) {
      for (const p of wd.parts) { p.x = x; x += p.width; frags.push(p); }
      w = x;
      for (const s of wd.spaces) { s.x = x; x += s.width; frags.push(s); }
    }
    const lastFrag = frags[frags.length - 1];
    if (hard && lastFrag?.image) {
      // after an image, the generated space is a fragment of its own (the image keeps its width)
      frags.push({ piece: lastFrag.piece, offset: lastFrag.offset + lastFrag.length, length: 0, text: ' ', width: measure(lastFrag.piece, ' '), x });
    } else if (hard && lastFrag && !/ $/.test(lastFrag.text)) {
      // a generated space so the last word does not merge with the next line's first
      lastFrag.text += ' ';
      lastFrag.width += measure(lastFrag.piece, ' ');
    }
    let maxSize = 0;
    let imageHeight = 0;
    for (const f of frags) {
      if (f.image) imageHeight = Math.max(imageHeight, f.image.box.height);
      else maxSize = Math.max(maxSize, f.piece.rise > 0 ? 0 : f.piece.size);
    }
    lines.push({ frags, width: w, maxSize, imageHeight });
    line = [];
    lineWidth = 0;
    hard = false;
  };
  for (const word of words) {
    if (word === null) { hard = true; flush(); continue; }
    const prevSpace = line.length > 0 ? line[line.length - 1]!.spaceWidth : 0;
    if (line.length > 0 && lineWidth + prevSpace + word.width > max()) flush();
    // (an image is never split: it was sized to the line, give or take a rounding)
    if (word.width > max() && !word.parts[0]?.image) {
      const chunks = splitWord(word, max(), measure);
      chunks.forEach((c, i) => {
        if (i > 0) flush();
        line.push(c);
        lineWidth = c.width;
      });
      continue;
    }
    lineWidth += (line.length > 0 ? line[line.length - 1]!.spaceWidth : 0) + word.width;
    line.push(word);
  }
  // the block's last line ends with a space too, so the next block's first word never merges
  hard = true;
  if (line.length > 0) flush();
  return lines;
}

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
  /** Its bidi embedding level, in a line that holds right-to-left text (bidi.ts); odd: it reads
   * from the right. Such a fragment is drawn as a run of its own, at its own x. */
  readonly level?: number;
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

/**
 * A word of the block: its parts are `all[from, mid)` and the white space after it `all[mid, to)`,
 * in the one array of fragments breakLines makes (a word and its space as ranges, not as arrays
 * of their own: a 500k-word book breaks about a million of them).
 */
interface Word { readonly from: number; mid: number; to: number; width: number; spaceWidth: number }

/** ASCII white space, where a line may break: space, tab, line feed, vertical tab, form feed, CR. */
function breakable(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

const NOT_DRAWN_AS_IS = /[\t\n\r\f\v\u00ad]/;

function drawText(s: string): string {
  if (!NOT_DRAWN_AS_IS.test(s)) return s;
  return s.replace(/[\t\n\r\f\v]/g, ' ').replace(/\u00ad/g, '');
}

function frag(piece: Piece, start: number, end: number, measure: Measure): Fragment {
  const text = drawText(piece.text.slice(start, end));
  return { piece, offset: piece.offset + start, length: end - start, text, width: text ? measure(piece, text) : 0, x: 0 };
}

/** Cuts the parts of a word that is wider than the line into chunks that fit (by code point). */
function splitWord(parts: readonly Fragment[], maxWidth: number, measure: Measure): { parts: Fragment[]; width: number }[] {
  const out: { parts: Fragment[]; width: number }[] = [];
  let cur: { parts: Fragment[]; width: number } = { parts: [], width: 0 };
  for (const part of parts) {
    const rel = part.offset - part.piece.offset;
    const source = part.piece.text.slice(rel, rel + part.length);
    let start = 0;
    let i = 0;
    for (const ch of Array.from(source)) {
      const w = measure(part.piece, drawText(ch));
      if (cur.width + w > maxWidth && cur.width > 0) {
        if (i > start) cur.parts.push(frag(part.piece, rel + start, rel + i, measure));
        out.push(cur);
        cur = { parts: [], width: 0 };
        start = i;
      }
      cur.width += w;
      i += ch.length;
    }
    if (i > start) cur.parts.push(frag(part.piece, rel + start, rel + i, measure));
  }
  out.push(cur);
  for (const c of out) c.width = c.parts.reduce((s, p) => s + p.width, 0);
  return out;
}

/**
 * Breaks items into lines of at most `width` points (`firstWidth` for the first line).
 * An image item is a word as wide as its box (Layout.breakLines sizes it to fit the line).
 */
export function breakLines(items: readonly Item[], width: number, measure: Measure, firstWidth = width): Line[] {
  // 1. words, separated by breakable whitespace; hard breaks as null
  const all: Fragment[] = [];
  const words: (Word | null)[] = [];
  const fresh = (): Word => ({ from: all.length, mid: all.length, to: all.length, width: 0, spaceWidth: 0 });
  let cur: Word | null = null;
  for (const item of items) {
    if (item.type === 'image') {
      // an image is a word of its own: the line may break before and after it
      if (cur) words.push(cur);
      const box = item.box ?? { width: 0, height: 0, draw: null };
      const w = fresh();
      all.push({ piece: item.piece, offset: item.piece.offset, length: item.image.alt.length, text: '', width: box.width, x: 0, image: { ref: item.image, box } });
      w.mid = w.to = all.length;
      w.width = box.width;
      words.push(w);
      cur = null;
      continue;
    }
    if (item.type === 'break') { words.push(cur ?? fresh()); cur = null; words.push(null); continue; }
    const p = item.piece;
    const text = p.text;
    // runs of white space and of everything else, in turn
    for (let i = 0; i < text.length;) {
      const space = breakable(text.charCodeAt(i));
      let j = i + 1;
      while (j < text.length && breakable(text.charCodeAt(j)) === space) j++;
      const f = frag(p, i, j, measure);
      if (space) {
        cur ??= fresh();
        all.push(f);
        cur.to++;
        cur.spaceWidth += f.width;
      } else {
        // a word goes on across pieces until white space has followed it
        if (!cur || cur.to > cur.mid) { if (cur) words.push(cur); cur = fresh(); }
        all.push(f);
        cur.mid++;
        cur.to++;
        cur.width += f.width;
      }
      i = j;
    }
  }
  if (cur) words.push(cur);

  // 2. greedy lines; each word's fragments are placed as it joins its line
  const lines: Line[] = [];
  let frags: Fragment[] = [];
  let count = 0; // words on the line
  let lineWidth = 0; // for the breaking decisions
  let lastSpace = 0; // the white space after the line's last word
  let x = 0;
  let w = 0; // the line's width without its trailing white space
  let hard = false;
  const max = (): number => (lines.length === 0 ? firstWidth : width);
  const put = (f: Fragment): void => { f.x = x; x += f.width; frags.push(f); };
  const place = (parts: readonly Fragment[] | null, word: Word, spaces: boolean): void => {
    if (parts) for (const f of parts) put(f);
    else for (let k = word.from; k < word.mid; k++) put(all[k]!);
    w = x;
    if (spaces) for (let k = word.mid; k < word.to; k++) put(all[k]!);
    lastSpace = spaces ? word.spaceWidth : 0;
    count++;
  };
  const flush = (): void => {
    const lastFrag = frags[frags.length - 1];
    if (hard && lastFrag?.image) {
      // after an image, the generated space is a fragment of its own (the image keeps its width)
      frags.push({ piece: lastFrag.piece, offset: lastFrag.offset + lastFrag.length, length: 0, text: ' ', width: measure(lastFrag.piece, ' '), x });
    } else if (hard && lastFrag && !lastFrag.text.endsWith(' ')) {
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
    frags = [];
    count = 0;
    lineWidth = 0;
    x = 0;
    w = 0;
    hard = false;
  };
  for (const word of words) {
    if (word === null) { hard = true; flush(); continue; }
    const prevSpace = count > 0 ? lastSpace : 0;
    if (count > 0 && lineWidth + prevSpace + word.width > max()) flush();
    // (an image is never split: it was sized to the line, give or take a rounding)
    if (word.width > max() && !(word.mid > word.from && all[word.from]!.image)) {
      const chunks = splitWord(all.slice(word.from, word.mid), max(), measure);
      chunks.forEach((c, i) => {
        if (i > 0) flush();
        // the word's white space follows its last chunk
        place(c.parts, word, i === chunks.length - 1);
        lineWidth = c.width;
      });
      continue;
    }
    lineWidth += (count > 0 ? lastSpace : 0) + word.width;
    place(null, word, true);
  }
  // the block's last line ends with a space too, so the next block's first word never merges
  hard = true;
  if (count > 0) flush();
  return lines;
}

/**
 * A line that holds right-to-left text, laid out by the Unicode Bidirectional Algorithm (UAX #9,
 * bidi-js): which runs read from the right, and where each stands.
 *
 * A paragraph's base direction is its own `dir` (`… {dir=rtl}`), else left to right, as in the
 * EPUB (a browser lays an HTML paragraph out left to right unless told otherwise), and a span with
 * a direction (`[…]{dir=rtl}`) is an isolate, as its `dir` attribute makes it in the EPUB. For
 * each line the embedding levels are resolved, a fragment is cut where its level changes (a
 * number inside a Persian word, punctuation that leaves the run), and the pieces are placed in the
 * line in their visual order (rule L2): the words of a right-to-left run stand from the right, a
 * number in it reads from the left. They stay in the content stream in the order they are read,
 * so a screen reader and a text extractor get the text as written; each piece is drawn as a run
 * of its own, with its level (text-run.ts runOps: a right-to-left word's glyphs from the right,
 * the digits of a number from the left even where the font shapes them as right-to-left). A
 * bracket or quotation mark in a run that reads from the right is turned (mirrored-glyphs.ts).
 */
import type { Item } from './inlines.js';
import type { Fragment, Measure } from './lines.js';
import { RTL_CHARACTER as RTL, unicodeBidi } from '../../unicode-bidi.js';

/** The character shown in place of `ch` where it reads from the right ("(" -> ")"), or null. */
export function mirrorOf(ch: string): string | null {
  return unicodeBidi().getMirroredCharacter(ch);
}

/** The direction of a text's first letter (rule P2), left to right when it has none. */
export function baseDirection(text: string): 'ltr' | 'rtl' {
  return (unicodeBidi().getEmbeddingLevels(text).paragraphs[0]?.level ?? 0) % 2 === 1 ? 'rtl' : 'ltr';
}

/** Whether a block's text may need the algorithm: a piece holds a right-to-left character or is
 * in a right-to-left span. Asked once per block, so that most lines are never looked at. */
export function mayNeedBidi(items: readonly Item[]): boolean {
  for (const item of items) if (item.type === 'piece' && (RTL.test(item.piece.text) || item.piece.dirs?.includes('r'))) return true;
  return false;
}

/** Whether a line needs the algorithm: some fragment holds a right-to-left character. */
export function needsBidi(frags: readonly Fragment[]): boolean {
  for (const f of frags) if (RTL.test(f.text) || f.piece.dirs?.includes('r')) return true;
  return false;
}

/**
 * The line's fragments as they are drawn: in the order they are read, cut where the embedding
 * level changes, each with its level and its x in the line (from the line's start).
 */
export function bidiFragments(given: readonly Fragment[], measure: Measure, base: 'ltr' | 'rtl' = 'ltr'): Fragment[] {
  const bidi = unicodeBidi();
  const frags = withTrailingSpaceApart(given, measure);
  let text = '';
  const starts: number[] = [];
  // the spans with a direction the fragments are in, as isolates (RLI or LRI ... PDI) around them
  let open = '';
  for (const f of frags) {
    const dirs = f.piece.dirs ?? '';
    let common = 0;
    while (common < open.length && common < dirs.length && open[common] === dirs[common]) common++;
    text += '\u2069'.repeat(open.length - common);
    for (let d = common; d < dirs.length; d++) text += dirs[d] === 'r' ? '\u2067' : '\u2066';
    open = dirs;
    starts.push(text.length);
    // an image is one neutral object in the line
    text += f.image ? '\ufffc' : f.text;
  }
  text += '\u2069'.repeat(open.length);
  if (text === '') return frags.slice();
  const resolved = bidi.getEmbeddingLevels(text, base);
  const levels = resolved.levels;
  const units: { frag: Fragment; start: number; end: number }[] = [];
  frags.forEach((f, k) => {
    const start = starts[k]!;
    const end = start + (f.image ? 1 : f.text.length);
    // a fragment whose drawn text is not its source text (a dropped soft hyphen) is not cut:
    // its pieces' places in the source would be guesses
    if (f.image || f.text.length !== f.length || end - start < 2) { units.push({ frag: f, start, end }); return; }
    // (both halves of a surrogate pair get one level: a character is never cut)
    let from = start;
    for (let i = start + 1; i <= end; i++) {
      if (i < end && levels[i] === levels[from]) continue;
      if (from === start && i === end) units.push({ frag: f, start, end }); // one level: kept whole
      else {
        const sub = f.text.slice(from - start, i - start);
        units.push({ frag: { ...f, text: sub, offset: f.offset + (from - start), length: i - from, width: measure(f.piece, sub) }, start: from, end: i });
      }
      from = i;
    }
  });
  // each character's place in the line as seen (L2), and so each piece's
  const order = bidi.getReorderedIndices(text, resolved, 0, text.length - 1);
  const seenAt = new Int32Array(text.length);
  order.forEach((index: number, place: number) => { seenAt[index] = place; });
  // the white space that ends the line stands after everything, out of the way (rule L1 gives it
  // the paragraph's direction: at the left of a right-to-left line, where it would push the line
  // past its right margin)
  let trailing = units.length;
  while (trailing > 0 && !units[trailing - 1]!.frag.image && units[trailing - 1]!.frag.text.trim() === '') trailing--;
  const byPlace = units.slice(0, trailing).map((u, i) => {
    let first = Number.MAX_SAFE_INTEGER;
    for (let c = u.start; c < u.end; c++) first = Math.min(first, seenAt[c]!);
    return { i, first };
  }).sort((a, b) => a.first - b.first);
  const out = units.map((u) => ({ ...u.frag, level: levels[u.start]! }));
  let x = 0;
  for (const { i } of byPlace) {
    out[i]!.x = x;
    x += out[i]!.width;
  }
  for (let i = trailing; i < out.length; i++) {
    out[i]!.x = x;
    x += out[i]!.width;
  }
  return out;
}

/**
 * The line with the white space that ends its last word (a block's last line gets a generated
 * space: lines.ts) as a fragment of its own, so that it can stand out of the way (bidiFragments).
 */
function withTrailingSpaceApart(frags: readonly Fragment[], measure: Measure): readonly Fragment[] {
  let last = frags.length - 1;
  while (last >= 0 && !frags[last]!.image && frags[last]!.text.trim() === '') last--;
  const f = frags[last];
  if (!f || f.image) return frags;
  const body = f.text.replace(/\s+$/, '');
  if (body === f.text || body === '') return frags;
  const kept = Math.min(f.length, body.length);
  const space = f.text.slice(body.length);
  return [
    ...frags.slice(0, last),
    { ...f, text: body, length: kept, width: measure(f.piece, body) },
    { ...f, text: space, offset: f.offset + kept, length: f.length - kept, width: measure(f.piece, space) },
    ...frags.slice(last + 1),
  ];
}

/**
 * The sentence around a stretch of text, verbatim (only surrounding whitespace trimmed).
 *
 * A sentence ends at `.`, `!`, `?` or `…` (plus any closing quotes or brackets) that is followed
 * by whitespace and then an upper-case letter, a digit or an opening quote — or by the end of the
 * text. A full stop after a known abbreviation ("Dr", "Sept", "e.g") or a single letter (an
 * initial, "J. Smith") does not end a sentence.
 */

const ABBREVIATIONS = new Set([
  'dr', 'mr', 'mrs', 'ms', 'mx', 'prof', 'st', 'sr', 'jr', 'gen', 'col', 'lt', 'capt', 'sgt', 'maj',
  'rev', 'hon', 'gov', 'sen', 'rep', 'pres', 'amb', 'no', 'nos', 'vol', 'vols', 'pp', 'fig', 'ch',
  'vs', 'etc', 'approx', 'dept', 'est', 'inc', 'ltd', 'co', 'corp', 'cf', 'al', 'mt', 'ft', 'ave',
  'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
  'mon', 'tue', 'tues', 'wed', 'thu', 'thur', 'thurs', 'fri', 'sat', 'sun',
  'e.g', 'i.e', 'a.m', 'p.m', 'u.s', 'u.k', 'u.n', 'c',
]);

const CLOSERS = new Set(["'", '"', '’', '”', ')', ']', '»']);
const OPENERS = new Set(["'", '"', '‘', '“', '(', '[', '«']);

function isBoundary(text: string, i: number): number | undefined {
  const ch = text[i];
  if (ch !== '.' && ch !== '!' && ch !== '?' && ch !== '…') return undefined;
  if (ch === '.') {
    const word = /(?:^|[^\p{L}\p{N}.])([A-Za-z.]+)$/u.exec(text.slice(Math.max(0, i - 12), i))?.[1] ?? '';
    const bare = word.replace(/^\.+/, '');
    if (bare.length === 1 && /[A-Za-z]/.test(bare)) return undefined; // an initial
    if (ABBREVIATIONS.has(bare.toLowerCase())) return undefined;
  }
  let j = i + 1;
  while (j < text.length && (CLOSERS.has(text[j]!) || text[j] === '.' || text[j] === '!' || text[j] === '?')) j++;
  if (j >= text.length) return j;
  if (!/\s/.test(text[j]!)) return undefined;
  let k = j;
  while (k < text.length && /\s/.test(text[k]!)) k++;
  if (k >= text.length) return j;
  const next = text[k]!;
  if (/[\p{Lu}\p{Nd}]/u.test(next) || OPENERS.has(next)) return j;
  return undefined;
}

/** The sentence holding text[start, end), trimmed of surrounding whitespace. */
export function sentenceAround(text: string, start: number, end: number): string {
  let from = 0;
  for (let i = 0; i < start; i++) {
    const b = isBoundary(text, i);
    if (b !== undefined && b <= start) from = b;
  }
  let to = text.length;
  for (let i = Math.max(end - 1, from); i < text.length; i++) {
    const b = isBoundary(text, i);
    if (b !== undefined && b >= end) { to = b; break; }
  }
  return text.slice(from, to).trim();
}

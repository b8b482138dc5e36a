/**
 * The Unicode Bidirectional Algorithm (UAX #9), from bidi-js, made once per thread: the PDF's
 * lines (render/pdf/bidi.ts) and the generated cover's (enrich/cover.ts) are laid out with it.
 */
import bidiModule, { type Bidi } from 'bidi-js';

// bidi-js is a UMD file whose module.exports is the factory; its types declare it as the default
// export of an ES module, which is how Node hands it over, but not how TypeScript reads a
// CommonJS package under NodeNext
const bidiFactory = bidiModule as unknown as () => Bidi;

let made: Bidi | undefined;

export function unicodeBidi(): Bidi {
  return (made ??= bidiFactory());
}

/** A character of a right-to-left script, by its UTF-16 units (Hebrew, Arabic and the others of
 * U+0590-U+08FF, their presentation forms, and the astral ones). */
export const RTL_CHARACTER = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]|[\ud802\ud803\ud83a\ud83b][\udc00-\udfff]/;

/**
 * `text` as runs of one embedding level, in the order they are seen from the left (rule L2), each
 * with its level (odd: it reads from the right); `base` is the paragraph's direction (default:
 * that of its first letter).
 */
export function visualRuns(text: string, base?: 'ltr' | 'rtl'): { start: number; end: number; level: number }[] {
  if (text === '') return [];
  const bidi = unicodeBidi();
  const resolved = bidi.getEmbeddingLevels(text, base);
  const levels = resolved.levels;
  const runs: { start: number; end: number; level: number; seen: number }[] = [];
  const seenAt = new Int32Array(text.length);
  bidi.getReorderedIndices(text, resolved, 0, text.length - 1).forEach((index: number, place: number) => { seenAt[index] = place; });
  for (let i = 0; i < text.length;) {
    let j = i + 1;
    while (j < text.length && levels[j] === levels[i]) j++;
    let seen = Number.MAX_SAFE_INTEGER;
    for (let k = i; k < j; k++) seen = Math.min(seen, seenAt[k]!);
    runs.push({ start: i, end: j, level: levels[i]!, seen });
    i = j;
  }
  return runs.sort((a, b) => a.seen - b.seen).map(({ start, end, level }) => ({ start, end, level }));
}

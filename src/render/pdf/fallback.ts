/**
 * Text cut where it changes between a face and its fallback (fonts.ts FALLBACK, checkGlyphs).
 *
 * The glyph check finds the characters each face lacks and DejaVu Sans draws; before lines are
 * broken (Layout.breakLines) each piece of text that holds one is cut into pieces of the face and
 * of its fallback, with their offsets in the block's text, so the layout measures, breaks and
 * draws them like any change of font within a word ("✓done" stays one word). What is drawn from
 * a plain string (the running head, a list's label) is cut the same way by the painter.
 */
import type { Item } from './inlines.js';
import type { Fallback } from './fonts.js';
import type { FallbackKey, PrimaryKey } from './styles.js';

/** A run of a text: `face` is the fallback face that draws it (none: the text's own face). `at` is
 * its offset in the text. */
export interface FaceRun { readonly text: string; readonly at: number; readonly face?: FallbackKey }

/** `text` cut into runs of its face and of the fallback faces; null when its face draws all of it. */
export function fallbackRuns(text: string, chars: ReadonlyMap<number, FallbackKey>): FaceRun[] | null {
  let runs: FaceRun[] | null = null;
  let from = 0;
  let face: FallbackKey | undefined;
  for (let i = 0; i < text.length;) {
    const cp = text.codePointAt(i)!;
    const next = chars.get(cp);
    if (next !== face) {
      if (i > from) (runs ??= []).push({ text: text.slice(from, i), at: from, ...(face ? { face } : {}) });
      from = i;
      face = next;
    }
    if (next) runs ??= [];
    i += cp > 0xffff ? 2 : 1;
  }
  if (runs === null) return null;
  if (text.length > from) runs.push({ text: text.slice(from), at: from, ...(face ? { face } : {}) });
  return runs;
}

/** The items with each piece that holds a character its face leaves to a fallback cut into
 * pieces of each face; the same array when there is nothing to cut. */
export function withFallback(items: readonly Item[], fallback: Fallback): readonly Item[] {
  if (fallback.size === 0) return items;
  let out: Item[] | null = null;
  for (let k = 0; k < items.length; k++) {
    const item = items[k]!;
    const chars = item.type === 'piece' ? fallback.get(item.piece.font as PrimaryKey) : undefined;
    const runs = chars && item.type === 'piece' ? fallbackRuns(item.piece.text, chars) : null;
    if (runs === null || item.type !== 'piece') { out?.push(item); continue; }
    out ??= items.slice(0, k);
    const p = item.piece;
    runs.forEach((r, i) => {
      const piece = { ...p, text: r.text, offset: p.offset + r.at, font: r.face ?? p.font };
      // a note reference's destination goes where its first piece is drawn
      if (i > 0) delete (piece as { anchor?: string }).anchor;
      out!.push({ type: 'piece', piece });
    });
  }
  return out ?? items;
}

/**
 * Mirrored brackets and quotation marks in text that reads from the right.
 *
 * In a right-to-left run, "(" opens the parenthesis on its right-hand side: it is shown with the
 * glyph of ")" (Unicode's Bidi_Mirrored property, UAX #9 rule L4; «» and [] too). A PDF maps each
 * glyph to one text, so the glyph of ")" drawn there would read ")". The character is drawn with a
 * copy of its mirror's glyph added to the subset (once per character and face), whose text is the
 * character itself, as own-glyphs.ts does for ambiguous glyphs: a reader sees the bracket turned,
 * and a screen reader or a copy gets the character as written.
 */
import { mirrorOf } from './bidi.js';
import type { EmbeddedFont, Encoded } from './text-run.js';

const hex4 = (id: number) => `0000${id.toString(16)}`.slice(-4);

export class MirroredGlyphs {
  /** The subset id of each mirrored character's copy of its mirror's glyph. */
  private readonly copies = new Map<number, number>();
  /** Each segment as drawn from the right (the same object when nothing in it is mirrored). */
  private readonly segments = new Map<string, Encoded>();

  constructor(private readonly face: EmbeddedFont) {}

  /** `e` as a right-to-left run shows it: each mirrored character's glyph turned. */
  of(e: Encoded): Encoded {
    let done = this.segments.get(e.text);
    if (done === undefined) { done = this.mirror(e); this.segments.set(e.text, done); }
    return done;
  }

  private mirror(e: Encoded): Encoded {
    const face = this.face;
    const lookup = (c: number) => face.font._cmapProcessor.lookup(c);
    // the glyph each mirrored character is drawn with now, and its copy
    const swap = new Map<string, string>();
    for (const ch of new Set(e.text)) {
      const mirror = mirrorOf(ch);
      if (mirror === null) continue;
      const c = ch.codePointAt(0)!;
      const glyph = lookup(c);
      const turned = lookup(mirror.codePointAt(0)!);
      if (glyph === 0 || turned === 0) continue;
      let copy = this.copies.get(c);
      if (copy === undefined) {
        face.subset.glyphs.push(turned);
        copy = face.subset.glyphs.length - 1;
        face.widths[copy] = (face.font as unknown as { getGlyph(id: number): { advanceWidth: number } }).getGlyph(turned).advanceWidth * face.scale;
        face.unicode[copy] = [c];
        this.copies.set(c, copy);
      }
      swap.set(hex4(face.subset.includeGlyph(glyph)), hex4(copy));
    }
    if (swap.size === 0) return e;
    let hex = '';
    for (let i = 0; i < e.hex.length; i += 4) { const h = e.hex.slice(i, i + 4); hex += swap.get(h) ?? h; }
    // the same cuts, over the new glyph ids
    let at = 0;
    const parts = e.parts.map((p) => { const part = { hex: hex.slice(at, at + p.hex.length), adjust: p.adjust }; at += p.hex.length; return part; });
    return { ...e, hex, parts };
  }
}

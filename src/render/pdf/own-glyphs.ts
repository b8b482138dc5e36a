/**
 * Glyphs of their own, for the characters of a face whose glyph a substitution also makes.
 *
 * A PDF maps each glyph to one text (ToUnicode; pdfkit records the characters a glyph was first
 * drawn for). DejaVu Serif's "ﬁ" (U+FB01) is also the glyph its `liga` makes of "f" + "i", and its
 * "ı" (U+0131) the glyph `ccmp` makes of "i" under an accent (ambiguous-glyphs.ts finds such
 * characters in the font's tables). One glyph drawn both ways read as one of them in both places
 * (X-PARITY). So such a character, an ambiguous one, is drawn with a copy of its glyph added to the
 * subset (once per character and face), whose text is the character; every other glyph as pdfkit
 * encodes it. A book that draws the glyph only one way gets the bytes it got before: the copy takes
 * the id pdfkit would have given the glyph.
 *
 * fontkit keeps each glyph object with the characters it was first made for, and pdfkit maps a
 * glyph to those: a glyph made for "ﬁ" and met later as the ligature of "f" + "i" would read "ﬁ"
 * there. So a text holding an ambiguous character is laid out with the font's glyphs for such
 * characters kept as they were (`keeping`): the glyph made for one is kept aside and lent to the
 * font for the next such layout (a glyph made anew reads its metrics from the font again).
 */
import { ambiguousCharacter, substitutedGlyphs } from '../../ambiguous-glyphs.js';
import type { EmbeddedFont, LaidOut } from './text-run.js';

/** A letter of a script whose letters join: Arabic (and its presentation forms), Syriac, N'Ko. */
const JOINING = /[\u0600-\u08ff\ufb50-\ufdff\ufe70-\ufefc]/;

/** A character's kind in the face: not asked yet, plain, or ambiguous. */
const UNASKED = 0, PLAIN = 1, AMBIGUOUS = 2;

export class OwnGlyphs {
  /** The face's own glyphs, or null when the face makes no glyph by substitution (then no
   * character is ambiguous). */
  static for(face: EmbeddedFont): OwnGlyphs | null {
    return substitutedGlyphs(face.font).size > 0 ? new OwnGlyphs(face) : null;
  }

  /** Each character's kind, asked once. */
  private readonly kinds = new Uint8Array(0x10000);
  /** The glyph objects made for ambiguous characters, by glyph id (`keeping`). */
  private readonly lent = new Map<number, unknown>();
  /** The subset id of each ambiguous character's copy of its glyph. */
  private readonly ids = new Map<number, number>();

  private constructor(private readonly face: EmbeddedFont) {}

  ambiguous(c: number): boolean {
    let kind = this.kinds[c]!;
    if (kind === UNASKED) { kind = ambiguousCharacter(this.face.font, c) ? AMBIGUOUS : PLAIN; this.kinds[c] = kind; }
    return kind === AMBIGUOUS;
  }

  /** Whether a text holds an ambiguous character (asked of every new word: one table read a character). */
  holds(text: string): boolean {
    for (let i = 0; i < text.length; i++) {
      const kind = this.kinds[text.charCodeAt(i)]!;
      if (kind === AMBIGUOUS || (kind === UNASKED && this.ambiguous(text.charCodeAt(i)))) return true;
    }
    return false;
  }

  /** pdfkit's layout of a text (one word: pdfkit keeps each word's glyphs), the font's glyphs kept. */
  laidOut(text: string): LaidOut {
    return this.keeping(text, () => this.face.layout(text, undefined, false));
  }

  /** `layout()`, a layout of `text`, with the font's glyphs for its ambiguous characters kept as
   * they were. */
  keeping<T>(text: string, layout: () => T): T {
    const glyphs = this.face.font._glyphs;
    const absent: number[] = [];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (!this.ambiguous(c)) continue;
      const id = this.face.font._cmapProcessor.lookup(c);
      if (absent.includes(id) || glyphs[id] !== undefined) continue;
      absent.push(id);
      const own = this.lent.get(id);
      if (own !== undefined) glyphs[id] = own;
    }
    const run = layout();
    for (const id of absent) {
      const made = glyphs[id];
      if (made !== undefined) this.lent.set(id, made);
      // (set to undefined, not deleted: fontkit makes the glyph again when asked; a deleted element
      // would turn the font's glyph table into a slower dictionary)
      glyphs[id] = undefined;
    }
    return run;
  }

  /**
   * Whether a glyph that an ambiguous character of `text` maps to is also made there by a
   * substitution (or a substitution took such a character in): the glyphs of each such character
   * are not as many as the character. Rare ("ıi\u0301"); the text is then drawn in parts.
   */
  mixed(text: string, glyphs: readonly { id: number }[]): boolean {
    const count = new Map<number, number>();
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (!this.ambiguous(c)) continue;
      const id = this.face.font._cmapProcessor.lookup(c);
      count.set(id, (count.get(id) ?? 0) + 1);
    }
    for (const g of glyphs) { const n = count.get(g.id); if (n !== undefined) count.set(g.id, n - 1); }
    // in a script whose letters join (Arabic), a character's glyph is taken in by its contextual
    // form as a rule ("ؤ" in "فؤاد" is drawn with its final form): only a glyph that a substitution
    // makes as well counts there; shaped in parts, the word's letters would not join
    const joining = JOINING.test(text);
    for (const n of count.values()) if (n < 0 || (n > 0 && !joining)) return true;
    return false;
  }

  /** The subset ids (four hex digits) of a text's glyphs, laid out and not `mixed`: a copy for
   * each ambiguous character's, pdfkit's EmbeddedFont.encode for the others. */
  encode(text: string, glyphs: LaidOut['glyphs']): string[] {
    const face = this.face;
    const direct = new Map<number, number>();
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (this.ambiguous(c)) direct.set(face.font._cmapProcessor.lookup(c), c);
    }
    return glyphs.map((glyph) => {
      const c = direct.get(glyph.id);
      let id: number;
      if (c !== undefined) {
        let known = this.ids.get(c);
        if (known === undefined) {
          face.subset.glyphs.push(glyph.id);
          known = face.subset.glyphs.length - 1;
          face.widths[known] = glyph.advanceWidth * face.scale;
          face.unicode[known] = [c];
          this.ids.set(c, known);
        }
        id = known;
      } else {
        id = face.subset.includeGlyph(glyph.id);
        face.widths[id] ??= glyph.advanceWidth * face.scale;
        face.unicode[id] ??= glyph.codePoints;
      }
      return `0000${id.toString(16)}`.slice(-4);
    });
  }
}

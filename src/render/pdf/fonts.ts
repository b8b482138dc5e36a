/**
 * The embedded fonts (DejaVu Serif TTFs from effects.fonts()) and the glyph check: every
 * character is checked, before layout, against the font it will be drawn in, so the PDF never
 * shows a .notdef box (veraPDF 7.21.8). pdfkit has no fallback fonts.
 */
import type { Block, Book, Chapter, Inline } from '../../model/book.js';
import { error, type Diagnostic } from '../../model/diagnostic.js';
import type { Position } from '../../model/position.js';
import { listWords } from '../../model/list-words.js';
import type { FontFiles } from '../../effects.js';
import { openFont } from '../../font-tables.js';
import { flattenInlines, flattenVerbatim, type Item } from './inlines.js';
import { invisible } from './text-run.js';
import type { FontkitFont, PdfDoc } from './pdfkit.js';
import {
  CAPTION, CODE, BODY, NOTE, RUNNING, TABLE_CELL, TABLE_HEAD, TERM, headingStyle, paragraphStyle,
  type FallbackKey, type FontKey, type PrimaryKey, type TextStyle,
} from './styles.js';

export const FONT_KEYS: readonly PrimaryKey[] = ['regular', 'bold', 'italic', 'boldItalic', 'mono'];

const FACE: Record<PrimaryKey, string> = {
  regular: 'regular', bold: 'bold', italic: 'italic', boldItalic: 'bold italic', mono: 'monospace',
};

/**
 * The faces of DejaVu Sans that draw what a face lacks, the first that has it. DejaVu Sans has
 * about 2,700 characters more than DejaVu Serif, among them Arabic, Hebrew and the stars, check
 * marks, ballot boxes, warning and other signs (★ ✓ ✔ ✗ ☐ ☑ ⚠ ✈ ☎) that an article or a table may
 * hold. Its oblique faces have no Arabic: an italic Arabic word is set upright (Arabic has no
 * italic of its own). Code falls back to the upright face.
 */
export const FALLBACK: Record<PrimaryKey, readonly FallbackKey[]> = {
  regular: ['sans'], bold: ['sansBold'], italic: ['sansItalic', 'sans'], boldItalic: ['sansBoldItalic', 'sansBold'], mono: ['sans'],
};

/** For each face that lacks some of a book's characters, the fallback face that draws each. */
export type Fallback = ReadonlyMap<PrimaryKey, ReadonlyMap<number, FallbackKey>>;

/** Registers a fallback face when the book first needs it (so a book that needs none embeds
 * nothing more, and its fonts keep their names); returns its fontkit font. */
export function registerFallback(doc: PdfDoc, files: FontFiles, key: FallbackKey): FontkitFont {
  const families = (doc as unknown as { _fontFamilies: Record<string, { font: FontkitFont } | undefined> })._fontFamilies;
  const known = families[key];
  if (known) return known.font;
  const current = doc._font;
  doc.registerFont(key, openFont(files[key]));
  doc.font(key);
  families[key] = doc._font;
  const font = doc._font.font;
  (doc as unknown as { _font: unknown })._font = current;
  return font;
}

/** Registers the five faces under their FontKey names; returns the fontkit fonts. */
export function registerFonts(doc: PdfDoc, files: FontFiles): Record<FontKey, FontkitFont> {
  const out = {} as Record<FontKey, FontkitFont>;
  for (const key of FONT_KEYS) {
    doc.registerFont(key, openFont(files[key]));
    doc.font(key);
    // pdfkit 0.20.2 returns early when a registered font equals the default font and then never
    // caches it under its name, so every doc.font(key) re-parsed the whole TTF (20 s for the
    // sample). Cache it ourselves.
    (doc as unknown as { _fontFamilies: Record<string, unknown> })._fontFamilies[key] = doc._font;
    out[key] = doc._font.font;
  }
  doc.font('regular');
  return out;
}

/** Context a block is drawn in: decides its base style. */
export interface BlockEnv {
  readonly chapter: Chapter;
  readonly note: boolean;
}

export function styleOfParagraphLike(block: Block, env: BlockEnv): TextStyle {
  if (block.kind === 'heading') return headingStyle(block.level, env.chapter.role);
  if (block.kind === 'paragraph') return env.note ? NOTE : paragraphStyle(block, env.chapter.role);
  return env.note ? NOTE : BODY;
}

/** Whitespace that is never drawn as a glyph of its own (normalised to U+0020 or dropped); nor
 * is an invisible format character (text-run.ts invisible()). */
const EXEMPT = new Set([0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0xad]);

interface Check { items: Item[]; at: Position }

/** Whether every face shows every character of a text, or of inline nodes: then nothing in them
 * can fail the check, whichever face draws each piece, and they need not be flattened. */
interface Shown {
  text(text: string): boolean;
  inlines(nodes: readonly Inline[]): boolean;
}

function inlineChecks(inlines: readonly Inline[], style: TextStyle, env: BlockEnv, at: Position, shown: Shown): Check[] {
  return shown.inlines(inlines) ? [] : [{ items: flattenInlines(inlines, style, { chapterId: env.chapter.id, keys: { next: 0 } }), at }];
}

function verbatimChecks(text: string, style: TextStyle, at: Position, shown: Shown): Check[] {
  return shown.text(text) ? [] : [{ items: flattenVerbatim(text, style), at }];
}

/** The block's texts as the PDF draws them (which face for each piece), but those every face shows. */
function blockChecks(block: Block, env: BlockEnv, shown: Shown): Check[] {
  const at = block.at;
  switch (block.kind) {
    case 'heading': case 'paragraph':
      return inlineChecks(block.children, styleOfParagraphLike(block, env), env, at, shown);
    case 'codeBlock': return verbatimChecks(block.value, CODE, at, shown);
    case 'rights': return verbatimChecks(block.lines.join('\n'), env.note ? NOTE : BODY, at, shown);
    case 'thematicBreak': return [];
    case 'list': return block.items.flatMap((it) => it.children.flatMap((b) => blockChecks(b, env, shown)));
    case 'blockquote': return block.children.flatMap((b) => blockChecks(b, env, shown));
    case 'table': {
      const out: Check[] = [];
      if (block.caption) out.push(...inlineChecks(block.caption, CAPTION, env, at, shown));
      for (const row of block.head) for (const c of row.cells) out.push(...inlineChecks(c.children, TABLE_HEAD, env, at, shown));
      for (const row of block.body) for (const c of row.cells) out.push(...inlineChecks(c.children, c.header ? TABLE_HEAD : TABLE_CELL, env, at, shown));
      return out;
    }
    case 'definitionList':
      return block.items.flatMap((it) => [
        ...inlineChecks(it.term, TERM, env, at, shown),
        ...it.definitions.flatMap((d) => d.flatMap((b) => blockChecks(b, env, shown))),
      ]);
    case 'figure': return block.caption ? inlineChecks(block.caption, CAPTION, env, at, shown) : [];
  }
}

function hex(cp: number): string {
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * L-GLYPH for every character (per font and block) that neither its face nor that face's fallback
 * (FALLBACK, opened by `fallbackFont` when first asked) can show; and the characters each face
 * leaves to its fallback.
 */
export function checkGlyphs(
  book: Book,
  fonts: Record<PrimaryKey, FontkitFont & { readonly familyName?: string }>,
  fallbackFont: (key: FallbackKey) => FontkitFont & { readonly familyName?: string },
): { diagnostics: Diagnostic[]; fallback: Fallback } {
  // one error per character and place, naming every face that lacks it
  const found = new Map<string, { cp: number; ch: string; at: Position; faces: PrimaryKey[] }>();
  const fallback = new Map<PrimaryKey, Map<number, FallbackKey>>();
  const font = (key: FontKey) => (key in fonts ? fonts[key as PrimaryKey] : fallbackFont(key as FallbackKey));
  // each font's cmap is asked once per character, not once per occurrence: 1 shown, 2 not
  const bmp = new Map<FontKey, Uint8Array>();
  const astral = new Map<FontKey, Map<number, boolean>>();
  const canShow = (key: FontKey, cp: number): boolean => {
    if (cp < 0x10000) {
      let known = bmp.get(key);
      if (!known) { known = new Uint8Array(0x10000); bmp.set(key, known); }
      if (known[cp] === 0) known[cp] = font(key).hasGlyphForCodePoint(cp) ? 1 : 2;
      return known[cp] === 1;
    }
    let known = astral.get(key);
    if (!known) { known = new Map(); astral.set(key, known); }
    let ok = known.get(cp);
    if (ok === undefined) { ok = font(key).hasGlyphForCodePoint(cp); known.set(cp, ok); }
    return ok;
  };
  // each block's text is checked as it is flattened (the whole book's is never held at once)
  const check = ({ items, at }: Check): void => {
    for (const item of items) {
      if (item.type !== 'piece') continue;
      const { text } = item.piece;
      const face = item.piece.font as PrimaryKey;
      for (let i = 0; i < text.length; i++) {
        // by code point, as the string iterator goes (a lone surrogate is a character of its own)
        const cp = text.codePointAt(i)!;
        if (cp > 0xffff) i++;
        if (cp === 0x20 || EXEMPT.has(cp) || invisible(cp) || canShow(face, cp)) continue;
        // a lone surrogate is no character: no face draws it
        const by = cp < 0xd800 || cp > 0xdfff ? FALLBACK[face].find((k) => canShow(k, cp)) : undefined;
        if (by) {
          let chars = fallback.get(face);
          if (!chars) { chars = new Map(); fallback.set(face, chars); }
          chars.set(cp, by);
          continue;
        }
        const key = `${cp}|${at.file}:${at.line}:${at.column}`;
        const f = found.get(key);
        if (!f) found.set(key, { cp, ch: String.fromCodePoint(cp), at, faces: [face] });
        else if (!f.faces.includes(face)) f.faces.push(face);
      }
    }
  };
  // most text holds only characters every face shows: it need not be flattened to learn which face
  // draws each piece (500k words: 121 ms -> 64 ms, the first check of a process)
  const everyFace = new Uint8Array(0x10000);
  const text = (t: string): boolean => {
    for (let i = 0; i < t.length; i++) {
      const c = t.charCodeAt(i);
      let known = everyFace[c]!;
      if (known === 0) {
        // a surrogate (half of a character, or a lone one) is left to the check by code point
        known = c >= 0xd800 && c <= 0xdfff ? 2 : c === 0x20 || EXEMPT.has(c) || invisible(c) || FONT_KEYS.every((k) => canShow(k, c)) ? 1 : 2;
        everyFace[c] = known;
      }
      if (known === 2) return false;
    }
    return true;
  };
  const inlines = (nodes: readonly Inline[]): boolean => nodes.every((n) => {
    switch (n.kind) {
      case 'text': case 'code': return text(n.value);
      case 'noteRef': return text(n.label);
      case 'emphasis': case 'strong': case 'time': case 'span': case 'link': return inlines(n.children);
      case 'lineBreak': case 'image': return true;
    }
  });
  const shown: Shown = { text, inlines };
  const checkBlock = (b: Block, env: BlockEnv): void => { blockChecks(b, env, shown).forEach(check); };
  for (const chapter of book.chapters) {
    const env: BlockEnv = { chapter, note: false };
    for (const b of chapter.blocks) checkBlock(b, env);
    for (const note of chapter.notes) {
      const nenv: BlockEnv = { chapter, note: true };
      check({ items: flattenVerbatim(`${note.label}.`, NOTE), at: note.at });
      for (const b of note.children) checkBlock(b, nenv);
    }
  }
  // generated text: the running head carries the book title
  // (where book.yaml gives the title: the title page's heading carries that position)
  const titleAt = book.chapters.find((c) => c.role === 'titlepage')?.blocks[0]?.at ?? book.chapters[0]?.at ?? { file: '<lectern:book.yaml>', line: 1, column: 1 };
  check({ items: flattenVerbatim(book.meta.title, RUNNING), at: titleAt });
  // and, on the other pages, the chapter's title (Layout.newPage), where its heading gives it
  for (const chapter of book.chapters) {
    if (chapter.role === 'titlepage' || chapter.role === 'cover' || shown.text(chapter.title)) continue;
    check({ items: flattenVerbatim(chapter.title, RUNNING), at: chapter.blocks.find((b) => b.kind === 'heading')?.at ?? chapter.at });
  }

  // the families the faces belong to, as the fonts name them (DejaVu Serif; DejaVu Sans Mono for
  // code), and their fallback's (DejaVu Sans)
  const families = (faces: readonly PrimaryKey[]): string => [...new Set(faces.flatMap((k) => [fonts[k].familyName ?? k, ...FALLBACK[k].map((b) => font(b).familyName ?? b)]))].join(', ');
  const diagnostics = [...found.values()].map((f) => error(
    'L-GLYPH',
    `the character ${hex(f.cp)} "${f.ch}" cannot be shown by the PDF edition's ${listWords(f.faces.map((k) => FACE[k]))} ${f.faces.length > 1 ? 'fonts' : 'font'} (${families(f.faces)})`,
    f.at,
    'replace the character, or describe it in words; Lectern never prints a .notdef box',
  ));
  return { diagnostics, fallback };
}

/**
 * Inline nodes -> a flat list of styled text pieces, each knowing the structure elements it
 * sits in (Span with Lang, Link) and its offset in the block's plain text. Pure: no pdfkit.
 */
import type { ImageRef, Inline, LinkTarget } from '../../model/book.js';
import { inlinePlainText } from '../../model/plain-text.js';
import { fontKey, NOTE_REF, type FontKey, type TextStyle } from './styles.js';

export type InlineCtx =
  | { readonly kind: 'span'; readonly key: number; readonly lang: string }
  | { readonly kind: 'link'; readonly key: number; readonly target: LinkTarget; readonly contents: string };

export interface Piece {
  /** The text as in the model (its length is its length in the plain text). */
  readonly text: string;
  readonly font: FontKey;
  readonly size: number;
  /** Baseline raise in points (note references). */
  readonly rise: number;
  /** Enclosing inline structure elements, outermost first. */
  readonly ctx: readonly InlineCtx[];
  /** Offset of text[0] in the block's plain text. */
  readonly offset: number;
  /** A destination to place where this piece is drawn (a note reference's id). */
  readonly anchor?: string;
  /** The directions of the spans it is in that give one (`[…]{dir=rtl}`), outermost first: "r"
   * or "l" each. Each is a directional isolate to the bidirectional algorithm (bidi.ts), as the
   * EPUB's `dir` attribute is to a browser. */
  readonly dirs?: string;
}

export type Item =
  | { readonly type: 'piece'; readonly piece: Piece }
  | { readonly type: 'break'; readonly offset: number }
  /** An image in the text: drawn in the line, as an inline Figure (its alt text counts in the
   * plain text, model/plain-text.ts). `piece` places it: its structure context and offset. */
  | { readonly type: 'image'; readonly image: ImageRef; readonly piece: Piece; readonly box?: InlineBox };

/** An inline image's size in points and how to draw it (null: it cannot be drawn; its Figure and
 * alt text stay in the structure). Set by the layout (Layout.breakLines) before lines are broken. */
export interface InlineBox {
  readonly width: number;
  readonly height: number;
  readonly draw: ((x: number, y: number) => void) | null;
}

export interface FlattenContext {
  readonly chapterId: string;
  /** Counter for unique inline element keys (shared across a render). */
  readonly keys: { next: number };
}

interface Flags { bold: boolean; italic: boolean; mono: boolean; size: number; rise: number; dirs?: string }

export function linkContents(target: LinkTarget, text: string, title: string | undefined): string {
  const label = (title ?? text).replace(/\s+/g, ' ').trim();
  if (target.kind === 'external') return label ? `${label} (${target.href})` : target.href;
  return label || 'Link within this book';
}

export function flattenInlines(inlines: readonly Inline[], style: TextStyle, fc: FlattenContext, baseOffset = 0): Item[] {
  const out: Item[] = [];
  let offset = baseOffset;
  const walk = (nodes: readonly Inline[], f: Flags, ctx: readonly InlineCtx[]): void => {
    for (const n of nodes) {
      switch (n.kind) {
        case 'text':
        case 'code': {
          if (n.value === '') break;
          const ff = n.kind === 'code' ? { ...f, mono: true, size: f.size * 0.9 } : f;
          out.push({ type: 'piece', piece: { text: n.value, font: fontKey(ff), size: ff.size, rise: ff.rise, ctx, offset, ...(ff.dirs ? { dirs: ff.dirs } : {}) } });
          offset += n.value.length;
          break;
        }
        case 'lineBreak':
          out.push({ type: 'break', offset });
          offset += 1;
          break;
        case 'image':
          out.push({ type: 'image', image: n.image, piece: { text: '', font: fontKey(f), size: f.size, rise: 0, ctx, offset } });
          offset += n.image.alt.length;
          break;
        case 'emphasis': walk(n.children, { ...f, italic: !f.italic }, ctx); break;
        case 'strong': walk(n.children, { ...f, bold: true }, ctx); break;
        case 'time': walk(n.children, f, ctx); break;
        case 'span': {
          const ff = n.dir ? { ...f, dirs: `${f.dirs ?? ''}${n.dir === 'rtl' ? 'r' : 'l'}` } : f;
          if (n.lang) walk(n.children, ff, [...ctx, { kind: 'span', key: fc.keys.next++, lang: n.lang }]);
          else walk(n.children, ff, ctx);
          break;
        }
        case 'link': {
          const contents = linkContents(n.target, inlinePlainText(n.children), n.title);
          walk(n.children, f, [...ctx, { kind: 'link', key: fc.keys.next++, target: n.target, contents }]);
          break;
        }
        case 'noteRef': {
          const target: LinkTarget = { kind: 'internal', chapterId: fc.chapterId, anchor: n.noteId };
          const link: InlineCtx = { kind: 'link', key: fc.keys.next++, target, contents: `Note ${n.label}` };
          const ff = { ...f, size: f.size * NOTE_REF.scale, rise: f.size * NOTE_REF.rise };
          out.push({ type: 'piece', piece: { text: n.label, font: fontKey(ff), size: ff.size, rise: ff.rise, ctx: [...ctx, link], offset, anchor: n.refId, ...(ff.dirs ? { dirs: ff.dirs } : {}) } });
          offset += n.label.length;
          break;
        }
      }
    }
  };
  walk(inlines, { bold: style.bold, italic: style.italic, mono: style.mono, size: style.size, rise: 0 }, []);
  return out;
}

/** A verbatim string (code, a rights line) as items: "\n" becomes a hard break. */
export function flattenVerbatim(text: string, style: TextStyle, baseOffset = 0): Item[] {
  const out: Item[] = [];
  let offset = baseOffset;
  text.split('\n').forEach((line, i) => {
    if (i > 0) { out.push({ type: 'break', offset }); offset += 1; }
    if (line !== '') out.push({ type: 'piece', piece: { text: line, font: fontKey(style), size: style.size, rise: 0, ctx: [], offset } });
    offset += line.length;
  });
  return out;
}

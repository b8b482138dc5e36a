/**
 * Links and named destinations. pdfkit's `text({link})` writes an empty /Contents and its
 * `goTo` text option never joins the structure tree (stack-notes), so every annotation is added
 * here by hand, once per line fragment, as an OBJR child of its Link element, with /Contents.
 *
 * Destination names: a block, note or note reference id as is; a chapter as `chapter:ID`.
 */
import type { Book, Block, LinkTarget } from '../../model/book.js';
import type { PdfDoc, StructElement } from './pdfkit.js';

export function chapterDest(chapterId: string): string {
  return `chapter:${chapterId}`;
}

function collectBlockIds(blocks: readonly Block[], out: Set<string>): void {
  for (const b of blocks) {
    if (b.id) out.add(b.id);
    switch (b.kind) {
      case 'list': for (const it of b.items) collectBlockIds(it.children, out); break;
      case 'blockquote': collectBlockIds(b.children, out); break;
      case 'definitionList': for (const it of b.items) for (const d of it.definitions) collectBlockIds(d, out); break;
      default: break;
    }
  }
}

/** Every destination the layout will place (known before layout, so forward links resolve). */
export function knownDestinations(book: Book): Set<string> {
  const out = new Set<string>();
  for (const ch of book.chapters) {
    out.add(chapterDest(ch.id));
    collectBlockIds(ch.blocks, out);
    for (const n of ch.notes) {
      out.add(n.id);
      for (const r of n.refIds) out.add(r);
      collectBlockIds(n.children, out);
    }
  }
  return out;
}

/** The destination name an internal link goes to, or undefined when the book has no such place. */
export function resolveInternal(target: Extract<LinkTarget, { kind: 'internal' }>, known: ReadonlySet<string>): string | undefined {
  if (target.anchor && known.has(target.anchor)) return target.anchor;
  if (!target.anchor && known.has(chapterDest(target.chapterId))) return chapterDest(target.chapterId);
  return undefined;
}

export interface LinkRect { x0: number; x1: number; y: number; h: number }

/** Adds one Link annotation (a line fragment) under `el`, with a non-empty /Contents. */
export function addLinkAnnotation(doc: PdfDoc, el: StructElement, target: LinkTarget, dest: string | undefined, contents: string, r: LinkRect): void {
  const options = { structParent: el, Contents: new String(contents || 'Link') };
  const w = Math.max(r.x1 - r.x0, 0.5);
  if (target.kind === 'external') doc.link(r.x0, r.y, w, r.h, target.href, options);
  else if (dest !== undefined) doc.goTo(r.x0, r.y, w, r.h, dest, options);
}

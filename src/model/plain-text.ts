/**
 * The plain text of model nodes: the one definition the page map's `textOffset` counts in (and
 * that the EPUB page-list must count in too). Labels Lectern generates (list numbers, note
 * labels) are not part of it; a note reference counts as its label.
 *
 * - inlines: the model's plainText (text and code values; line break = "\n"; image = its alt;
 *   noteRef = its label; emphasis/strong/link/span/time = their children).
 * - heading, paragraph: their inlines. codeBlock: its value. thematicBreak: "".
 * - rights: lines joined with "\n".
 * - list: every item's blocks, all joined with "\n". blockquote: children joined with "\n".
 * - table: one line per row (caption first, then head and body rows), cells joined with "\t",
 *   lines joined with "\n".
 * - definitionList: per item the term, then each definition (its blocks joined with "\n"),
 *   all joined with "\n".
 * - figure: its caption (the alt text is not text of the page).
 * - chapter: its blocks, then its notes' blocks, joined with "\n".
 */
import type { Block, Chapter, Inline } from './book.js';

/** The text a reader gets from a run of inline nodes (what a screen reader reads, less markup). */

export function plainText(inlines: readonly Inline[]): string {
  let out = '';
  for (const n of inlines) {
    switch (n.kind) {
      case 'text': case 'code': out += n.value; break;
      case 'lineBreak': out += '\n'; break;
      case 'emphasis': case 'strong': case 'link': case 'span': case 'time': out += plainText(n.children); break;
      case 'image': out += n.image.alt; break;
      case 'noteRef': out += n.label; break;
    }
  }
  return out;
}

/** One piece of a block's text: a separator, a run of inlines, or a child block. */
export type TextPart =
  | { readonly kind: 'sep'; readonly text: string }
  | { readonly kind: 'inlines'; readonly inlines: readonly Inline[] }
  | { readonly kind: 'block'; readonly block: Block };

/** The model's inline plain text (model/plain-text.ts): an inline image counts as its alt. */
export function inlinePlainText(inlines: readonly Inline[]): string {
  return plainText(inlines);
}

function joinParts(groups: readonly (readonly TextPart[])[], sep: string): TextPart[] {
  const out: TextPart[] = [];
  groups.forEach((g, i) => {
    if (i > 0) out.push({ kind: 'sep', text: sep });
    out.push(...g);
  });
  return out;
}

const inl = (inlines: readonly Inline[]): TextPart => ({ kind: 'inlines', inlines });
const blk = (block: Block): TextPart => ({ kind: 'block', block });

/** How a block's plain text is composed, in order. */
export function textParts(block: Block): TextPart[] {
  switch (block.kind) {
    case 'heading': case 'paragraph': return [inl(block.children)];
    case 'codeBlock': return [{ kind: 'sep', text: block.value }];
    case 'thematicBreak': return [];
    case 'rights': return [{ kind: 'sep', text: block.lines.join('\n') }];
    case 'list': return joinParts(block.items.flatMap((it) => it.children.map((b) => [blk(b)])), '\n');
    case 'blockquote': return joinParts(block.children.map((b) => [blk(b)]), '\n');
    case 'table': {
      const lines: TextPart[][] = [];
      if (block.caption) lines.push([inl(block.caption)]);
      for (const row of [...block.head, ...block.body]) lines.push(joinParts(row.cells.map((c) => [inl(c.children)]), '\t'));
      return joinParts(lines, '\n');
    }
    case 'definitionList': {
      const groups: TextPart[][] = [];
      for (const item of block.items) {
        groups.push([inl(item.term)]);
        for (const def of item.definitions) groups.push(joinParts(def.map((b) => [blk(b)]), '\n'));
      }
      return joinParts(groups, '\n');
    }
    case 'figure': return block.caption ? [inl(block.caption)] : [];
  }
}

function partText(p: TextPart): string {
  switch (p.kind) {
    case 'sep': return p.text;
    case 'inlines': return inlinePlainText(p.inlines);
    case 'block': return blockPlainText(p.block);
  }
}

export function blockPlainText(block: Block): string {
  return textParts(block).map(partText).join('');
}

export function chapterBlocks(chapter: Chapter): Block[] {
  return [...chapter.blocks, ...chapter.notes.flatMap((n) => n.children)];
}

export function chapterPlainText(chapter: Chapter): string {
  return chapterBlocks(chapter).map(blockPlainText).join('\n');
}

/**
 * Offsets of a block's child pieces (child blocks and inline runs, keyed by identity) in the
 * block's plain text.
 */
export function childOffsets(block: Block): Map<object, number> {
  const map = new Map<object, number>();
  let at = 0;
  for (const p of textParts(block)) {
    if (p.kind === 'inlines') { if (!map.has(p.inlines)) map.set(p.inlines, at); }
    else if (p.kind === 'block') { if (!map.has(p.block)) map.set(p.block, at); }
    at += partText(p).length;
  }
  return map;
}

/** Offsets of a chapter's top-level blocks (and note blocks) in the chapter's plain text. */
export function chapterOffsets(chapter: Chapter): Map<object, number> {
  const map = new Map<object, number>();
  let at = 0;
  for (const b of chapterBlocks(chapter)) {
    if (!map.has(b)) map.set(b, at);
    at += blockPlainText(b).length + 1;
  }
  return map;
}

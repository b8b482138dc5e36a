/** Builders for test chapters: paragraphs from strings, with ids p1… and one line per paragraph. */
import type { Block, Chapter, Inline, ParagraphBlock } from '../../../src/model/book.js';
import { generatedAt } from '../../../src/model/position.js';

export function para(id: string, text: string | readonly Inline[], line = 1, file = 'chapter.md'): ParagraphBlock {
  const children: readonly Inline[] = typeof text === 'string' ? [{ kind: 'text', value: text }] : text;
  return { kind: 'paragraph', id, at: { file, line, column: 1 }, children };
}

/** A body chapter: paragraph i (1-based) gets id `p<i>` (or `<prefix>p<i>`) and line 2i+1 (after a heading). */
export function chapterOf(paragraphs: readonly string[], opts: { id?: string; file?: string; title?: string; prefix?: string; extra?: readonly Block[] } = {}): Chapter {
  const file = opts.file ?? 'chapter.md';
  const title = opts.title ?? 'Chapter';
  const blocks: Block[] = [
    { kind: 'heading', level: 1, id: `${opts.prefix ?? ''}title`, at: { file, line: 1, column: 1 }, children: [{ kind: 'text', value: title }] },
    ...paragraphs.map((p, i) => para(`${opts.prefix ?? ''}p${i + 1}`, p, 2 * i + 3, file)),
    ...(opts.extra ?? []),
  ];
  return { id: opts.id ?? 'ch1', role: 'chapter', title, blocks, notes: [], at: { file, line: 1, column: 1 }, generated: false };
}

export function generatedChapter(text: string): Chapter {
  const at = generatedAt('colophon');
  return { id: 'about', role: 'colophon', title: 'About this edition', blocks: [para('about-1', text)], notes: [], at, generated: true };
}

/** Concatenated text of an inline tree (what a reader sees). */
export function flatten(nodes: readonly Inline[]): string {
  return nodes.map((n) => ('children' in n ? flatten(n.children) : n.kind === 'text' || n.kind === 'code' ? n.value : n.kind === 'lineBreak' ? '\n' : '')).join('');
}

/** All paragraphs of a block list, in reading order. */
export function paragraphs(blocks: readonly Block[]): ParagraphBlock[] {
  return blocks.flatMap((b): ParagraphBlock[] =>
    b.kind === 'paragraph' ? [b]
      : b.kind === 'list' ? b.items.flatMap((i) => paragraphs(i.children))
        : b.kind === 'blockquote' ? paragraphs(b.children) : []);
}

/** The time nodes of an inline tree: [datetime, text]. */
export function times(nodes: readonly Inline[]): [string, string][] {
  return nodes.flatMap((n): [string, string][] =>
    n.kind === 'time' ? [[n.datetime, flatten(n.children)]] : 'children' in n ? times(n.children) : []);
}

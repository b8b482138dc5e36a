/** Generic walks over the book tree, so that each enrichment does not write its own. */
import type { Block, Chapter, Inline } from '../model/book.js';

/** The blocks and all they hold, in order; but a block for which `skip` holds, and what it holds. */
export function* blocksOf(blocks: readonly Block[], skip?: (b: Block) => boolean): Generator<Block> {
  for (const b of blocks) {
    if (skip?.(b)) continue;
    yield b;
    switch (b.kind) {
      case 'list': for (const it of b.items) yield* blocksOf(it.children, skip); break;
      case 'blockquote': yield* blocksOf(b.children, skip); break;
      case 'definitionList': for (const it of b.items) for (const d of it.definitions) yield* blocksOf(d, skip); break;
      default: break;
    }
  }
}

export function* chapterBlocks(ch: Chapter): Generator<Block> {
  yield* blocksOf(ch.blocks);
  for (const n of ch.notes) yield* blocksOf(n.children);
}

export function* inlinesOf(inlines: readonly Inline[]): Generator<Inline> {
  for (const n of inlines) {
    yield n;
    if ('children' in n) yield* inlinesOf(n.children);
  }
}

/** Every inline run directly held by a block (paragraph text, heading text, cells, terms, captions). */
export function* blockInlines(b: Block): Generator<readonly Inline[]> {
  switch (b.kind) {
    case 'heading': case 'paragraph': yield b.children; break;
    case 'table':
      if (b.caption) yield b.caption;
      for (const r of [...b.head, ...b.body]) for (const c of r.cells) yield c.children;
      break;
    case 'definitionList': for (const it of b.items) yield it.term; break;
    case 'figure': if (b.caption) yield b.caption; break;
    default: break;
  }
}

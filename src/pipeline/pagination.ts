/**
 * One pagination for both editions (issue 8): the PDF's page map, recorded during its single
 * layout pass, becomes the EPUB's page-break markers and page-list. A page start (a block and an
 * offset in its plain text, model/plain-text.ts) is resolved down to the run of text it falls in,
 * so that the marker sits exactly where the page's first word is.
 */
import type { Block, Book, Chapter, Inline } from '../model/book.js';
import { chapterBlocks, chapterOffsets, textParts, blockPlainText, inlinePlainText } from '../model/plain-text.js';
import type { PageMap } from '../render/pdf/index.js';
import type { PageBreaks, PageMark } from '../render/epub/index.js';

export function pageBreaksFrom(book: Book, map: PageMap): PageBreaks {
  const inInlines = new Map<readonly Inline[], PageMark[]>();
  const inBlock = new Map<string, PageMark[]>();
  const atTop = new Map<string, PageMark[]>();
  const list: { label: string; chapterId: string }[] = [];
  const chapters = new Map(book.chapters.map((c) => [c.id, c]));
  const byId = new Map<string, Block>();
  for (const c of book.chapters) for (const b of allBlocks(c)) if (b.id) byId.set(b.id, b);
  const push = <K>(m: Map<K, PageMark[]>, k: K, mark: PageMark) => { const a = m.get(k) ?? []; a.push(mark); m.set(k, a); };

  for (const p of map.pages) {
    const start = p.startsAt;
    const chapter = start ? chapters.get(start.chapterId) : undefined;
    if (!start || !chapter) continue;
    list.push({ label: p.label, chapterId: chapter.id });
    let block: Block | undefined;
    let offset = start.textOffset;
    if (start.blockId) block = byId.get(start.blockId);
    else {
      // The offset counts in the chapter's text: find the top-level block it falls in.
      for (const [b, at] of chapterOffsets(chapter)) {
        const len = blockPlainText(b as Block).length;
        if (offset >= at && offset <= at + len) { block = b as Block; offset -= at; break; }
      }
    }
    if (!block) { push(atTop, chapter.id, { offset: 0, label: p.label }); continue; }
    const target = resolve(block, offset);
    if (target.kind === 'inlines') push(inInlines, target.inlines, { offset: target.offset, label: p.label });
    else push(inBlock, target.block.id ?? '', { offset: target.offset, label: p.label });
  }
  return { inInlines, inBlock, atTop, list };
}

type Target = { kind: 'inlines'; inlines: readonly Inline[]; offset: number } | { kind: 'block'; block: Block; offset: number };

/** Walk a block's text parts down to the inline run (or leaf block) that holds `offset`. */
function resolve(block: Block, offset: number): Target {
  let at = 0;
  let last: Target | undefined;
  for (const part of textParts(block)) {
    const text = part.kind === 'sep' ? part.text : part.kind === 'inlines' ? inlinePlainText(part.inlines) : blockPlainText(part.block);
    const inside = offset >= at && (offset < at + text.length || (offset === at + text.length && text.length === 0));
    if (part.kind === 'inlines') {
      last = { kind: 'inlines', inlines: part.inlines, offset: Math.min(Math.max(offset - at, 0), text.length) };
      if (inside) return last;
    } else if (part.kind === 'block') {
      if (inside) return resolve(part.block, offset - at);
    }
    if (offset < at) break;
    at += text.length;
  }
  // A separator (between rows, items) or a leaf without inline runs: the block itself.
  if (block.kind === 'rights' || block.kind === 'codeBlock' || !last) return { kind: 'block', block, offset };
  return last;
}

function allBlocks(ch: Chapter): Block[] {
  const out: Block[] = [];
  const visit = (b: Block) => {
    out.push(b);
    for (const p of textParts(b)) if (p.kind === 'block') visit(p.block);
  };
  for (const b of chapterBlocks(ch)) visit(b);
  return out;
}

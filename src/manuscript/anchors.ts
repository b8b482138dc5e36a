/**
 * Links inside the book, checked against the parsed chapters before anything is rendered: an
 * internal link whose #anchor names no heading, paragraph, {#id} or note of its target chapter,
 * and an id used twice in one chapter, are errors at their manuscript line (otherwise the EPUB
 * check would find them later, with no line to point at).
 */
import type { Block, Chapter, Inline } from '../model/book.js';
import { error, type Diagnostic } from '../model/diagnostic.js';
import type { Position } from '../model/position.js';
import { blockInlines, chapterBlocks, inlinesOf } from '../enrich/walk.js';

export function checkAnchors(chapters: readonly Chapter[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const idsOf = new Map<string, Set<string>>();
  const fileOf = new Map<string, string>();
  for (const ch of chapters) {
    fileOf.set(ch.id, ch.at.file);
    const ids = new Set<string>([`${ch.id}-section`]);
    const add = (id: string | undefined, at: Position) => {
      if (!id) return;
      if (ids.has(id)) out.push(error('L-ATTR', `the id "${id}" is used twice in ${ch.at.file}`, at, 'give each {#id} a name used once'));
      ids.add(id);
    };
    for (const b of chapterBlocks(ch)) {
      add(b.id, b.at);
      for (const run of blockInlines(b)) for (const n of inlinesOf(run)) if (n.kind === 'noteRef') add(n.refId, b.at);
    }
    for (const n of ch.notes) add(n.id, n.at);
    idsOf.set(ch.id, ids);
  }
  for (const ch of chapters) {
    for (const b of chapterBlocks(ch)) {
      for (const link of linksIn(b)) {
        if (link.kind !== 'internal' || !link.anchor) continue;
        const ids = idsOf.get(link.chapterId);
        // Page-break markers (page-N) are placed later, from the PDF's pages.
        if (!ids || ids.has(link.anchor) || /^page-[\w.-]+$/.test(link.anchor)) continue;
        const where = link.chapterId === ch.id ? 'this chapter' : fileOf.get(link.chapterId) ?? link.chapterId;
        out.push(error('L-PATH', `link "#${link.anchor}" points at no heading, {#id} or note in ${where}`, b.at, 'headings get ids from their text (# My Heading -> #my-heading); give a paragraph or heading an explicit {#id}'));
      }
    }
  }
  return out;
}

type Target = { kind: 'internal'; chapterId: string; anchor?: string } | { kind: 'external' };

function* linksIn(b: Block): Generator<Target> {
  for (const run of blockInlines(b)) {
    for (const n of inlinesOf(run) as Generator<Inline>) if (n.kind === 'link') yield n.target;
  }
}

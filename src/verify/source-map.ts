/**
 * Maps a finding in a rendered XHTML document (file and line, as EPUBCheck reports them) back to
 * the manuscript: the block whose element starts at or before that line.
 */
import type { Book } from '../model/book.js';
import type { Position } from '../model/position.js';
import { chapterBlocks } from '../enrich/walk.js';

export interface RenderedDocument { readonly id: string; readonly xhtml: string }

export function sourcePosition(book: Book, documents: readonly RenderedDocument[], file: string, line: number): Position | undefined {
  const id = file.replace(/^.*\//, '').replace(/\.xhtml$/, '');
  const doc = documents.find((d) => d.id === id);
  const chapter = book.chapters.find((c) => c.id === id);
  if (!doc || !chapter) return undefined;
  const lines = doc.xhtml.split('\n');
  let best: Position = chapter.at;
  let bestLine = 0;
  for (const b of chapterBlocks(chapter)) {
    if (!b.id) continue;
    const needle = `id="${b.id}"`;
    const at = lines.findIndex((l) => l.includes(needle)) + 1;
    if (at > bestLine && at <= line) { best = b.at; bestLine = at; }
  }
  return best;
}

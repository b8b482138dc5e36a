/** The table of contents (every heading, nested by level, in spine order) and the landmarks. */
import type { Block, Chapter, HeadingBlock, Landmark, TocEntry } from '../model/book.js';
import { plainText } from '../model/plain-text.js';

/**
 * Whether a heading is an entry of the table of contents: the top-level headings of every
 * document but the cover and the title page. The PDF's bookmarks use the same rule, so the two
 * editions' navigation is the same (standards X-2).
 */
export function inToc(chapter: Chapter, block: Block): boolean {
  return block.kind === 'heading' && chapter.role !== 'titlepage' && chapter.role !== 'cover' && chapter.blocks.includes(block);
}

/** The label of a heading in the table of contents and the PDF's bookmarks. */
export function tocLabel(chapter: Chapter, children: HeadingBlock['children']): string {
  return plainText(children).replace(/\s+/g, ' ').trim() || chapter.title;
}

/** A document with no heading of its own is listed by its title (and bookmarked at its start). */
export function untitledEntry(chapter: Chapter): string | undefined {
  if (chapter.role === 'titlepage' || chapter.role === 'cover') return undefined;
  return chapter.blocks.some((b) => inToc(chapter, b)) ? undefined : chapter.title;
}

interface MutableEntry { label: string; chapterId: string; anchor?: string; level: number; children: MutableEntry[]; lang?: string; dir?: 'ltr' | 'rtl' }

export function tableOfContents(chapters: readonly Chapter[]): TocEntry[] {
  const root: MutableEntry[] = [];
  for (const ch of chapters) {
    if (ch.role === 'titlepage' || ch.role === 'cover') continue;
    const stack: MutableEntry[] = [];
    let any = false;
    for (const b of ch.blocks) {
      if (b.kind !== 'heading' || !inToc(ch, b)) continue;
      const label = tocLabel(ch, b.children);
      // a heading in a language or direction of its own keeps it in the contents (`… {lang=fa}`)
      const entry: MutableEntry = { label, chapterId: ch.id, level: b.level, children: [], ...(any ? { anchor: b.id } : {}), ...(b.lang ? { lang: b.lang } : {}), ...(b.dir ? { dir: b.dir } : {}) };
      any = true;
      while (stack.length > 0 && stack[stack.length - 1]!.level >= b.level) stack.pop();
      (stack.length > 0 ? stack[stack.length - 1]!.children : root).push(entry);
      stack.push(entry);
    }
    const untitled = untitledEntry(ch);
    if (!any && untitled !== undefined) root.push({ label: untitled, chapterId: ch.id, level: 1, children: [] });
  }
  return root;
}

export function landmarks(chapters: readonly Chapter[], tocTitle: string): Landmark[] {
  const out: Landmark[] = [];
  const first = (role: Chapter['role']) => chapters.find((c) => c.role === role);
  const cover = first('cover');
  if (cover) out.push({ type: 'cover', label: 'Cover', chapterId: cover.id });
  const title = first('titlepage');
  if (title) out.push({ type: 'titlepage', label: 'Title page', chapterId: title.id });
  out.push({ type: 'toc', label: tocTitle, chapterId: 'toc' });
  const colophon = first('colophon');
  if (colophon) out.push({ type: 'colophon', label: colophon.title, chapterId: colophon.id });
  const body = first('chapter');
  if (body) out.push({ type: 'bodymatter', label: 'Start of content', chapterId: body.id });
  const appendix = first('appendix');
  if (appendix) out.push({ type: 'appendix', label: appendix.title, chapterId: appendix.id });
  return out;
}

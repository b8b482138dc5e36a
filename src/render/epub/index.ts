/**
 * Book -> EPUB 3. Each document is written by the XHTML handlers, the package files by
 * Lectern's templates, and epub-gen-memory zips them (render/epub/package.ts).
 */
import ejs from 'ejs';
import type { Book, Chapter, ChapterRole, Inline, TocEntry } from '../../model/book.js';
import type { Effects } from '../../effects.js';
import { humanDate } from '../../enrich/meta.js';
import { TOC_TITLE } from '../../enrich/index.js';
import { packageEpub, type PackageDocument } from './package.js';
import { blocks, esc, langAttrs, notes, pageMarker, type XhtmlContext } from './xhtml.js';

export interface PageMark { readonly offset: number; readonly label: string }

/** Where page-break markers go (from the PDF's page map, issue 8; see pipeline/pagination.ts). */
export interface PageBreaks {
  /** A run of inline nodes (by identity) -> markers at plain-text offsets inside it. */
  readonly inInlines: ReadonlyMap<readonly Inline[], readonly PageMark[]>;
  /** A block without inline runs (rights, code) -> markers at offsets in its text (or before it). */
  readonly inBlock: ReadonlyMap<string, readonly PageMark[]>;
  /** A document -> markers at its top. */
  readonly atTop: ReadonlyMap<string, readonly PageMark[]>;
  /** page-list entries in order */
  readonly list: readonly { label: string; chapterId: string }[];
}

export interface EpubResult {
  readonly bytes: Uint8Array;
  /** The XHTML of every document, by id, as packaged (for read-back tests and parity checks). */
  readonly documents: readonly PackageDocument[];
}

const ROLE: Record<ChapterRole, { body: string; section: string; role?: string }> = {
  cover: { body: 'frontmatter', section: 'cover' },
  titlepage: { body: 'frontmatter', section: 'titlepage' },
  colophon: { body: 'frontmatter', section: 'colophon', role: 'doc-colophon' },
  chapter: { body: 'bodymatter', section: 'chapter', role: 'doc-chapter' },
  appendix: { body: 'backmatter', section: 'appendix', role: 'doc-appendix' },
};

export async function renderEpub(book: Book, effects: Effects, pageBreaks?: PageBreaks): Promise<EpubResult> {
  const [chapterTpl, opfTpl, navTpl, ncxTpl, css] = await Promise.all([
    effects.template('epub/chapter.xhtml.ejs'),
    effects.template('epub/content.opf.ejs'),
    effects.template('epub/toc.xhtml.ejs'),
    effects.template('epub/toc.ncx.ejs'),
    effects.template('epub/style.css'),
  ]);
  const renderChapter = ejs.compile(chapterTpl);
  const documents: PackageDocument[] = book.chapters.map((ch) => ({
    id: ch.id,
    title: ch.title,
    xhtml: renderChapter({ doc: documentData(book, ch, pageBreaks) }),
  }));

  const spine: string[] = [];
  for (const ch of book.chapters) {
    spine.push(ch.id);
    // The contents page follows the front matter, before the first body document.
    if (ch.role === 'colophon') spine.push('nav');
  }
  if (!spine.includes('nav')) spine.splice(1, 0, 'nav');

  const src = book.meta.source;
  const originalSource = src?.publication
    ? `${src.publication}${src.place ? ` (${src.place})` : ''}, ${humanDate(src.date ?? book.meta.date)}`
    : undefined;
  const L = {
    meta: book.meta,
    a11y: book.accessibility,
    rights: book.rights?.lines.join('\n'),
    originalSource,
    pagination: pageBreaks !== undefined && pageBreaks.list.length > 0,
    documents: book.chapters.map((c) => ({ id: c.id })),
    images: [...book.images.values()],
    spine,
    tocTitle: TOC_TITLE,
    tocList: tocList(book.toc, new Map(book.chapters.filter((c) => c.lang).map((c) => [c.id, c.lang!]))),
    // the navigation's own words are English; marked so in a book in another language
    navLang: book.generatedLang ?? '',
    landmarks: book.landmarks.map((l) => ({ type: l.type, label: l.label, href: l.chapterId === 'toc' ? 'toc.xhtml#toc' : `${l.chapterId}.xhtml${l.anchor ? `#${l.anchor}` : ''}` })),
    pageList: pageBreaks?.list.map((p) => ({ label: p.label, href: `${p.chapterId}.xhtml#page-${p.label}` })) ?? [],
    ncxPoints: ncxPoints(book.toc),
    ncxDepth: depth(book.toc),
    // a book in a language written right to left turns its pages the other way
    pageProgression: book.dir ?? 'ltr',
  };

  const bytes = await packageEpub({
    title: book.meta.title,
    lang: book.meta.language,
    documents,
    images: [...book.images.values()],
    css,
    contentOPF: opfTpl,
    tocXHTML: navTpl,
    tocNCX: ncxTpl,
    templateData: L,
    date: new Date(book.meta.modified),
  });
  return { bytes, documents };
}

function documentData(book: Book, ch: Chapter, pageBreaks: PageBreaks | undefined) {
  const ctx: XhtmlContext = { book, chapter: ch, ...(pageBreaks ? { pageBreaks } : {}) };
  const r = ROLE[ch.role];
  const firstHeading = ch.blocks.find((b) => b.kind === 'heading');
  return {
    id: ch.id,
    lang: ch.lang ?? book.meta.language,
    ...(ch.dir ? { dir: ch.dir } : {}),
    title: ch.title,
    bodyType: r.body,
    sectionType: r.section,
    role: r.role,
    labelledBy: firstHeading?.id,
    body: (pageBreaks?.atTop.get(ch.id) ?? []).map((m) => pageMarker(m.label)).join('') + blocks(ch.blocks, ctx),
    notes: notes(ch.notes, ctx),
  };
}

function tocHref(e: TocEntry): string {
  return `${e.chapterId}.xhtml${e.anchor ? `#${e.anchor}` : ''}`;
}

/** The contents list; an entry of a document in another language than the book's is marked with it. */
function tocList(entries: readonly TocEntry[], langs: ReadonlyMap<string, string>): string {
  if (entries.length === 0) return '';
  return `<ol>\n${entries.map((e) => `<li><a href="${esc(tocHref(e))}"${langAttrs(e.lang ?? langs.get(e.chapterId))}${e.dir ? ` dir="${e.dir}"` : ''}>${esc(e.label)}</a>${e.children.length ? `\n${tocList(e.children, langs)}` : ''}</li>`).join('\n')}\n</ol>`;
}

function ncxPoints(entries: readonly TocEntry[], counter = { n: 0 }): string {
  return entries.map((e) => {
    counter.n++;
    const n = counter.n;
    return `<navPoint id="np${n}" playOrder="${n}"><navLabel><text>${esc(e.label)}</text></navLabel><content src="${esc(tocHref(e))}"/>${ncxPoints(e.children, counter)}</navPoint>`;
  }).join('\n');
}

function depth(entries: readonly TocEntry[]): number {
  return entries.length === 0 ? 1 : 1 + Math.max(0, ...entries.map((e) => (e.children.length ? depth(e.children) : 0)));
}

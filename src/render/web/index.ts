/**
 * The download page (`DIR/index.html`): one static HTML5 page, written by every build, that says
 * what the book is, offers the editions built with their format and size, and tells a reader who uses
 * a screen reader what each edition gives them. No script, no external resource: the CSS is
 * inlined from templates/web/page.css, a cover (when a book has one) is inlined as a data: URL.
 */
import ejs from 'ejs';
import type { AccessibilityFacts, Book, Chapter, ChronologyEvent, ImageAsset } from '../../model/book.js';
import type { Effects } from '../../effects.js';
import { creatorLine } from '../../enrich/front-matter.js';
import { humanDate, languageName } from '../../enrich/meta.js';
import { esc, rightsGroups } from '../epub/xhtml.js';

export interface EditionFile {
  /** File name beside index.html (the link's href). */
  readonly name: string;
  readonly bytes: number;
}

/** The editions the build made (at least one). */
export interface WebEditions {
  readonly epub?: EditionFile;
  readonly pdf?: EditionFile & { readonly pages?: number };
}

export const EPUB_MEDIA_TYPE = 'application/epub+zip';
export const PDF_MEDIA_TYPE = 'application/pdf';

/**
 * "812 bytes", "12 KB", "3.4 MB": binary multiples, as file managers show them; whole numbers
 * from 10 up, one decimal below.
 */
export function humanSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} ${bytes === 1 ? 'byte' : 'bytes'}`;
  const units = ['KB', 'MB', 'GB'];
  let v = bytes / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) { v /= 1024; u++; }
  const shown = v >= 10 ? String(Math.round(v)) : String(Math.round(v * 10) / 10);
  return `${shown} ${units[u]}`;
}

/** What each schema.org feature gives a reader, in words (the EPUB's list on the download page). */
const EPUB_FEATURE_WORDS: Record<string, string> = {
  tableOfContents: 'a table of contents that your reading system lists',
  structuralNavigation: 'headings you can move between, with no levels skipped',
  readingOrder: 'one logical reading order',
  alternativeText: 'a text description for every image',
  pageNavigation: 'a list of pages, so you can go to a page of the PDF edition',
  pageBreakMarkers: 'page-break markers matching the PDF edition',
  displayTransformability: 'text you can resize and restyle: your font, size, colours and spacing',
};

export interface WebLink { readonly href: string; readonly type: string; readonly label: string; readonly detail: string }

function epubOffers(a: AccessibilityFacts): string[] {
  const out = a.features.map((f) => EPUB_FEATURE_WORDS[f] ?? f);
  out.push('the whole text for a screen reader, with its language marked');
  if (a.hazards.includes('none')) out.push('no sound, video, animation or flashing content');
  return out;
}

function pdfOffers(book: Book, pages: number | undefined): string[] {
  const out = [
    'tagged PDF structure (PDF/UA-1): headings, paragraphs, lists and tables are marked as such, so a screen reader announces them',
    'bookmarks for every heading',
    'the same text in the same reading order as the EPUB edition',
    `the document title and language (${languageName(book.meta.language)}) set for assistive technology`,
  ];
  if (book.images.size > 0) out.push('a text description for every image');
  out.push(pages !== undefined ? `fixed pages (${pages} ${pages === 1 ? 'page' : 'pages'}) that look the same everywhere, for printing and citing by page` : 'fixed pages that look the same everywhere, for printing and citing by page');
  return out;
}

/** "The chronology lists 10 dated events, from the 1990s to 13 April 2021, …" */
export function chronologySentence(events: readonly ChronologyEvent[], editions = 2): string | undefined {
  if (events.length === 0) return undefined;
  const sorted = [...events].sort((a, b) => a.datetime.localeCompare(b.datetime));
  const first = sorted[0]!.label;
  const last = sorted[sorted.length - 1]!.label;
  const n = events.length;
  const span = n === 1 || first === last ? `on ${first}` : `from ${first} to ${last}`;
  const what = n === 1 ? '1 dated event' : `${n} dated events`;
  return `${editions === 1 ? 'The edition ends' : 'Both editions end'} with a chronology of the ${what} the text tells, ${span}, each linked to the paragraph that tells it.`;
}

function coverImage(book: Book): { src: string; alt: string; width: number; height: number } | undefined {
  const cover: Chapter | undefined = book.chapters.find((c) => c.role === 'cover');
  if (!cover) return undefined;
  for (const b of cover.blocks) {
    if (b.kind !== 'figure') continue;
    const asset: ImageAsset | undefined = book.images.get(b.image.assetId);
    if (!asset) continue;
    return {
      src: `data:${asset.mediaType};base64,${Buffer.from(asset.bytes).toString('base64')}`,
      alt: b.image.decorative ? '' : b.image.alt,
      width: asset.width,
      height: asset.height,
    };
  }
  return undefined;
}

export async function renderWebPage(book: Book, editions: WebEditions, effects: Effects): Promise<string> {
  const [tpl, css] = await Promise.all([effects.template('web/index.html.ejs'), effects.template('web/page.css')]);
  const m = book.meta;
  const a = book.accessibility;
  const src = m.source;

  if (!editions.epub && !editions.pdf) throw new Error('the download page needs at least one edition');
  const links: WebLink[] = [];
  if (editions.epub) links.push({ href: editions.epub.name, type: EPUB_MEDIA_TYPE, label: 'EPUB edition', detail: `EPUB 3, ${humanSize(editions.epub.bytes)}` });
  if (editions.pdf) {
    const pages = editions.pdf.pages !== undefined ? `, ${editions.pdf.pages} ${editions.pdf.pages === 1 ? 'page' : 'pages'}` : '';
    links.push({ href: editions.pdf.name, type: PDF_MEDIA_TYPE, label: 'PDF edition', detail: `PDF, ${humanSize(editions.pdf.bytes)}${pages}` });
  }

  const fields: { term: string; value: string; code?: boolean }[] = [];
  const field = (term: string, value: string | undefined, code = false) => {
    if (value !== undefined && value !== '') fields.push({ term, value, ...(code ? { code } : {}) });
  };
  if (editions.epub) field('Identifier of the EPUB edition', m.identifier, true);
  if (editions.pdf) field('Identifier of the PDF edition', m.pdfIdentifier, true);
  field('Date of publication', humanDate(m.date));
  field('Language', `${languageName(m.language)} (${m.language})`);
  if (src?.publication) {
    field('Original publication', `${src.publication}${src.place ? `, ${src.place}` : ''}, ${humanDate(src.date ?? m.date)}`);
  }
  if (src && src.distributors.length > 0) field('Source', src.distributors.join('; '));
  field('Source address', src?.url, true);
  field('Publisher', m.publisher);
  if (m.subjects.length > 0) field('Subjects', m.subjects.join('; '));
  field('Built', `${humanDate(m.modified)}, ${m.modified.slice(11, 19)} UTC`);

  // The rights block verbatim: groups are paragraphs, lines inside keep their breaks; the text is
  // escaped, never rewritten (U+00A0 and © are written as themselves).
  const rightsHtml = book.rights
    ? rightsGroups(book.rights.lines).map((g) => `<p>${g.map(esc).join('<br>')}</p>`).join('\n')
    : undefined;

  const conformance = a.conformsTo
    ? `It meets ${a.conformsTo}${a.certifiedBy ? `, as reviewed by ${a.certifiedBy}` : ''}.`
    : undefined;

  const nav = [
    { href: '#download', label: 'Download' },
    { href: '#accessibility', label: 'Accessibility' },
    { href: '#about', label: 'About this edition' },
    ...(rightsHtml ? [{ href: '#rights', label: 'Copyright and attribution' }] : []),
  ];

  return ejs.render(tpl, {
    css,
    lang: m.language,
    pageTitle: `${m.title} – ${editions.epub && editions.pdf ? 'EPUB and PDF editions' : editions.epub ? 'EPUB edition' : 'PDF edition'}`,
    title: m.title,
    subtitle: m.subtitle,
    byline: creatorLine(m),
    description: m.description,
    cover: coverImage(book),
    nav,
    links,
    summary: a.summary,
    conformance,
    gaps: a.gaps,
    epubOffers: editions.epub ? epubOffers(a) : undefined,
    pdfOffers: editions.pdf ? pdfOffers(book, editions.pdf.pages) : undefined,
    fields,
    chronology: chronologySentence(book.chronology, editions.epub && editions.pdf ? 2 : 1),
    rightsHtml,
    modified: m.modified,
    built: humanDate(m.modified),
  });
}

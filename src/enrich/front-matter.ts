/**
 * The generated front matter: the title page and the metadata page ("About this edition").
 * Both are ordinary model nodes, so every renderer draws them with the same handlers.
 */
import type { AccessibilityFacts, Block, BookMeta, Chapter, DefinitionItem, Inline, RightsBlock } from '../model/book.js';
import type { Position } from '../model/position.js';
import { generatedAt } from '../model/position.js';
import { RELATORS } from '../manuscript/book-yaml.js';
import { humanDate, languageName } from './meta.js';

const t = (value: string): Inline => ({ kind: 'text', value });

/** "by A and B; translator: C": Lectern's English words and the creators' names, in order. */
function creatorParts(meta: BookMeta): { text: string; name: boolean }[] {
  const byRole = new Map<string, string[]>();
  for (const c of meta.creators) byRole.set(c.role, [...(byRole.get(c.role) ?? []), c.name]);
  const out: { text: string; name: boolean }[] = [];
  for (const [role, names] of byRole) {
    if (out.length > 0) out.push({ text: '; ', name: false });
    out.push({ text: role === 'aut' ? 'by ' : `${(RELATORS[role] ?? role).toLowerCase()}: `, name: false });
    names.forEach((n, i) => {
      if (i > 0) out.push({ text: i === names.length - 1 ? ' and ' : ', ', name: false });
      out.push({ text: n, name: true });
    });
  }
  return out;
}

export function creatorLine(meta: BookMeta): string {
  return creatorParts(meta).map((p) => p.text).join('');
}

/** The byline as inlines: in a book not in English, Lectern's words in it are marked English. */
function creatorInlines(meta: BookMeta): Inline[] {
  const english = generatedLanguage(meta.language).page;
  if (!english) return [t(creatorLine(meta))];
  return creatorParts(meta).map((p) => (p.name ? t(p.text) : { kind: 'span', lang: english, children: [t(p.text)] }));
}

/** Where each book.yaml value the generated pages repeat is written, so problems point there. */
export type ConfigAt = (path: readonly (string | number)[]) => Position;

export function titlePage(meta: BookMeta, configAt?: ConfigAt): Chapter {
  const at = generatedAt('titlepage');
  const from = (key: string) => configAt?.([key]) ?? at;
  const blocks: Block[] = [{ kind: 'heading', level: 1, id: 'titlepage-title', children: [t(meta.title)], at: from('title') }];
  if (meta.subtitle) blocks.push({ kind: 'paragraph', id: 'titlepage-subtitle', role: 'subtitle', children: [t(meta.subtitle)], at: from('subtitle') });
  blocks.push({ kind: 'paragraph', id: 'titlepage-creators', role: 'byline', children: creatorInlines(meta), at: from('creators') });
  if (meta.publisher) blocks.push({ kind: 'paragraph', id: 'titlepage-publisher', children: [t(meta.publisher)], at: from('publisher') });
  return { id: 'titlepage', role: 'titlepage', title: meta.title, blocks, notes: [], at, generated: true };
}

/** book.yaml fields written in the book's language (the rest are codes, dates and identifiers). */
const BOOK_TEXT = new Set(['title', 'creators', 'publication', 'place', 'distributors', 'publisher', 'description', 'subjects']);

const FEATURE_WORDS: Record<string, string> = {
  tableOfContents: 'a table of contents',
  structuralNavigation: 'headings for moving through the structure',
  readingOrder: 'one logical reading order',
  alternativeText: 'text descriptions for every image',
  pageNavigation: 'a list of pages for going to a page',
  pageBreakMarkers: 'page-break markers matching the PDF edition',
  displayTransformability: 'text that can be resized and restyled',
};

export interface MetadataPageInput {
  meta: BookMeta;
  facts: AccessibilityFacts;
  rights: RightsBlock | undefined;
  /** Sentence saying which edition the page numbers follow, when there is a page-list. */
  pagination?: string;
  /** Where book.yaml gives each value the page repeats (problems in them point there). */
  configAt?: ConfigAt;
}

/**
 * Lectern's generated words are English. In a book in another language the generated pages are
 * marked English, and what they quote from the book (the title, names, the rights block, a
 * sentence) is marked with the book's language, so a screen reader speaks each part in its own.
 */
export function generatedLanguage(bookLanguage: string): { page?: string; quoted?: string } {
  return /^en(-|$)/i.test(bookLanguage) ? {} : { page: 'en', quoted: bookLanguage };
}

/** `children` as quoted from the book: in a span with the book's language when the page is not in it. */
export function quoted(children: Inline[], lang: string | undefined): Inline[] {
  return lang ? [{ kind: 'span', lang, children }] : children;
}

/** The "About this edition" page: every fact the OPF and XMP state, in plain words. */
export function metadataPage({ meta, facts, rights, pagination, configAt }: MetadataPageInput): Chapter {
  const at = generatedAt('about');
  const lang = generatedLanguage(meta.language);
  const items: DefinitionItem[] = [];
  /** A field whose value comes from book.yaml at `from` (generated values keep the page's position). */
  const field = (term: string, value: string | undefined, from?: readonly (string | number)[]) => {
    if (value === undefined || value === '') return;
    const valueAt = from && configAt ? configAt(from) : at;
    const children = from && BOOK_TEXT.has(String(from[0] === 'source' ? from[1] : from[0])) ? quoted([t(value)], lang.quoted) : [t(value)];
    items.push({ term: [t(term)], definitions: [[{ kind: 'paragraph', id: `about-f${items.length + 1}`, children, at: valueAt }]] });
  };
  field('Title', meta.subtitle ? `${meta.title} ${meta.subtitle}` : meta.title, ['title']);
  meta.creators.forEach((c, i) => field(RELATORS[c.role] ?? c.role, c.name, ['creators', i, 'name']));
  const src = meta.source;
  field('Original publication', src?.publication, ['source', 'publication']);
  field('Place', src?.place, ['source', 'place']);
  field('Date of the original', humanDate(src?.date ?? meta.date), src?.date ? ['source', 'date'] : ['date']);
  field('Geographic code', src?.geographicCode, ['source', 'geographicCode']);
  if (src && src.distributors.length > 0) field('Source and distributors', src.distributors.join('; '), ['source', 'distributors']);
  field('Source address', src?.url, ['source', 'url']);
  field('Publisher', meta.publisher, ['publisher']);
  field('Description', meta.description, ['description']);
  if (meta.subjects.length > 0) field('Subjects', meta.subjects.join('; '), ['subjects']);
  field('Language', `${languageName(meta.language)} (${meta.language})`, ['language']);
  field('Identifier of this edition', meta.identifier, ['identifier']);
  field('Identifier of the PDF edition', meta.pdfIdentifier, ['pdfIdentifier']);
  field('Built', `${humanDate(meta.modified)}, ${meta.modified.slice(11, 19)} UTC (${meta.modified})`);

  const blocks: Block[] = [
    { kind: 'heading', level: 1, id: 'about-title', children: [t('About this edition')], at },
    { kind: 'definitionList', id: 'about-fields', items, at },
    { kind: 'heading', level: 2, id: 'about-accessibility', children: [t('Accessibility')], at },
    { kind: 'paragraph', id: 'about-summary', children: [t(facts.summary)], at },
    { kind: 'paragraph', id: 'about-features-intro', children: [t('What this edition offers:')], at },
    {
      kind: 'list', ordered: false, id: 'about-features', at,
      items: facts.features.map((f, i) => ({ at, children: [{ kind: 'paragraph', id: `about-feature${i + 1}`, children: [t(FEATURE_WORDS[f] ?? f)], at }] })),
    },
  ];
  if (pagination) blocks.push({ kind: 'paragraph', id: 'about-pagination', children: [t(pagination)], at });
  if (facts.gaps.length > 0) {
    blocks.push(
      { kind: 'paragraph', id: 'about-gaps-intro', children: [t('A person has still to check:')], at },
      { kind: 'list', ordered: false, id: 'about-gaps', at, items: facts.gaps.map((g, i) => ({ at, children: [{ kind: 'paragraph', id: `about-gap${i + 1}`, children: [t(g)], at }] })) },
    );
  }
  if (rights) {
    blocks.push(
      { kind: 'heading', level: 2, id: 'about-rights-title', children: [t('Copyright and attribution')], at },
      { kind: 'rights', id: 'about-rights', lines: rights.lines, at: rights.at, ...(lang.quoted ? { lang: lang.quoted } : {}) },
    );
  }
  return { id: 'about', role: 'colophon', title: 'About this edition', blocks, notes: [], at, generated: true, ...(lang.page ? { lang: lang.page } : {}) };
}

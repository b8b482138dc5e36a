/**
 * Lectern's generated pages are written in English. In a book in another language they are marked
 * English, and what they quote from the book is marked with the book's language, in both editions,
 * so a screen reader speaks each part with the right voice (WCAG 3.1.1, 3.1.2).
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Block, Chapter, Inline } from '../../src/model/book.js';
import { RawPdf, name, PdfString } from '../../src/verify/pdf/raw.js';
import { readStructure, type StructNode } from '../../src/verify/pdf/structure.js';
import { BOOK_YAML, cleanTemps, dryBuild, epubTexts, manuscript, shown } from '../safety/support.js';

afterAll(cleanTemps);

const TEXT = '# Le livre\n\nLe 18 juillet 2021, le texte parle du 2021-07-18 et de la ville.\n\n::: rights\nCOPYRIGHT 2021 Éditions Test\nTous droits réservés.\n:::\n';
const RIGHTS = 'COPYRIGHT 2021 Éditions Test';

async function build(language: string) {
  const yaml = BOOK_YAML.replace('language: en', `language: ${language}`).replace('title: Safety test', 'title: Le livre de test');
  const r = await dryBuild(await manuscript({ 'book.yaml': yaml, 'a.md': TEXT }));
  expect(r.ok, shown(r)).toBe(true);
  return r;
}

function spans(inlines: readonly Inline[]): { lang: string; text: string }[] {
  const out: { lang: string; text: string }[] = [];
  for (const n of inlines) {
    if (n.kind === 'span' && n.lang) out.push({ lang: n.lang, text: n.children.map((c) => (c.kind === 'text' ? c.value : '')).join('') });
    if ('children' in n && n.kind !== 'span') out.push(...spans(n.children as Inline[]));
  }
  return out;
}

function blockSpans(blocks: readonly Block[]): { lang: string; text: string }[] {
  return blocks.flatMap((b) => {
    if (b.kind === 'paragraph' || b.kind === 'heading') return spans(b.children);
    if (b.kind === 'list') return b.items.flatMap((it) => blockSpans(it.children));
    if (b.kind === 'definitionList') return b.items.flatMap((it) => it.definitions.flatMap((d) => blockSpans(d)));
    return [];
  });
}

const chapter = (chapters: readonly Chapter[], id: string): Chapter => chapters.find((c) => c.id === id)!;

describe('generated pages in a book not in English', () => {
  it('the About page and the chronology are English, and quote the book in its language', async () => {
    const r = await build('fr');
    const about = chapter(r.book!.chapters, 'about');
    const chrono = chapter(r.book!.chapters, 'chronology');
    expect(about.lang).toBe('en');
    expect(chrono.lang).toBe('en');
    const quotedAbout = blockSpans(about.blocks);
    expect(quotedAbout).toContainEqual({ lang: 'fr', text: 'Le livre de test' });
    expect(quotedAbout).toContainEqual({ lang: 'fr', text: 'A. Writer' });
    // identifiers and dates are not quoted text
    expect(quotedAbout.some((s) => s.text.startsWith('urn:'))).toBe(false);
    const rights = about.blocks.find((b) => b.kind === 'rights');
    expect(rights && rights.kind === 'rights' ? rights.lang : undefined).toBe('fr');
    // the event's sentence and the chapter title in its link are the book's words
    const quotedChrono = blockSpans(chrono.blocks);
    expect(quotedChrono.some((s) => s.lang === 'fr' && s.text.includes('2021-07-18'))).toBe(true);
    expect(quotedChrono).toContainEqual({ lang: 'fr', text: 'Le livre' });
    // the title page is the book's own words and keeps the book's language; only Lectern's "by" is English
    const titlepage = chapter(r.book!.chapters, 'titlepage');
    expect(titlepage.lang).toBeUndefined();
    expect(blockSpans(titlepage.blocks)).toEqual([{ lang: 'en', text: 'by ' }]);
  });

  it('warns, at book.yaml\'s language line, that dates are read in English text only', async () => {
    const r = await build('fr');
    const w = r.diagnostics.find((d) => d.code === 'L-DATE' && /English text only/.test(d.message));
    expect(w, shown(r)).toBeDefined();
    expect(w!.severity).toBe('warning');
    expect([w!.at?.file, w!.at?.line]).toEqual(['book.yaml', 4]);
    expect(w!.message).toContain('French (fr)');
  });

  it('the EPUB marks the documents and the quoted parts; the PDF marks the Sects and Spans', async () => {
    const r = await build('fr');
    const texts = await epubTexts(r.outputs!.epub!);
    const about = [...texts.entries()].find(([n]) => n.endsWith('about.xhtml'))![1];
    expect(about).toMatch(/<html[^>]* lang="en" xml:lang="en"/);
    expect(about).toContain('<span lang="fr" xml:lang="fr">Le livre de test</span>');
    expect(about).toMatch(/<div[^>]*class="rights"[^>]* lang="fr" xml:lang="fr">/);
    expect(about).toContain(RIGHTS);
    const chapterDoc = [...texts.entries()].find(([n]) => n.endsWith('ch-a.xhtml'))![1];
    expect(chapterDoc).toMatch(/<html[^>]* lang="fr"/);
    // the navigation document: its headings and landmarks are English, the entries in their documents' language
    const nav = [...texts.entries()].find(([n]) => n.endsWith('toc.xhtml'))![1];
    expect(nav).toMatch(/<h1 id="toc-title" lang="en" xml:lang="en">Contents<\/h1>/);
    expect(nav).toMatch(/<title lang="en" xml:lang="en">Contents<\/title>/);
    expect(nav).toMatch(/<nav epub:type="landmarks"[^>]* lang="en"/);
    expect(nav).toMatch(/<a href="about.xhtml" lang="en" xml:lang="en">About this edition<\/a>/);
    expect(nav).toMatch(/<a href="ch-a.xhtml(#[^"]*)?">Le livre<\/a>/);

    const pdf = new RawPdf(r.outputs!.pdf!);
    const { root } = readStructure(pdf);
    const all = (n: StructNode): StructNode[] => [n, ...n.children.filter((c): c is StructNode => 'role' in c).flatMap(all)];
    const lang = (n: StructNode): string | undefined => { const v = pdf.resolve(n.dict.get('Lang')); return v instanceof PdfString ? v.text() : undefined; };
    const sects = all(root!).filter((n) => n.role === 'Sect');
    const title = (n: StructNode): string | undefined => { const v = pdf.resolve(n.dict.get('T')); return v instanceof PdfString ? v.text() : undefined; };
    expect(sects.filter((s) => lang(s) === 'en').map(title)).toEqual(['About this edition', 'Chronology']);
    const frSpans = all(root!).filter((n) => n.role === 'Span' && lang(n) === 'fr');
    expect(frSpans.length).toBeGreaterThanOrEqual(4);
    expect(all(root!).some((n) => n.role === 'Div' && lang(n) === 'fr')).toBe(true);
    expect(name(pdf.catalog().get('Lang')) ?? (pdf.resolve(pdf.catalog().get('Lang')) as PdfString).text()).toBe('fr');
  });

  it('an English book is unchanged: no language marks on generated pages, no warning', async () => {
    const r = await build('en-GB');
    for (const id of ['about', 'chronology']) expect(chapter(r.book!.chapters, id).lang).toBeUndefined();
    expect(blockSpans(chapter(r.book!.chapters, 'about').blocks)).toEqual([]);
    expect(r.diagnostics.some((d) => /English text only/.test(d.message))).toBe(false);
    const nav = [...(await epubTexts(r.outputs!.epub!)).entries()].find(([n]) => n.endsWith('toc.xhtml'))![1];
    expect(nav).not.toMatch(/lang="en"/);
  });
});

/**
 * The download page, read back as a browser's parser reads it (parse5, the WHATWG algorithm) and
 * validated as HTML5 (html-validate, recommended rules): structure, links, sizes, the rights block
 * verbatim, the accessibility summary, and nothing that runs or loads from elsewhere.
 */
import { describe, expect, it } from 'vitest';
import { parse, type DefaultTreeAdapterTypes as P, type ParserError } from 'parse5';
import { HtmlValidate } from 'html-validate';
import { humanSize, renderWebPage, chronologySentence, type WebEditions } from '../../../src/render/web/index.js';
import { rightsGroups } from '../../../src/render/epub/xhtml.js';
import { nodeEffects, packageTemplate } from '../../../src/effects.js';
import { loadManuscript } from '../../../src/manuscript/load.js';
import { enrich } from '../../../src/enrich/index.js';
import type { Book } from '../../../src/model/book.js';
import { RIGHTS_LINES, SAMPLE_TITLE, sampleBook } from '../../support/sample-book.js';

const effects = nodeEffects({ SOURCE_DATE_EPOCH: '1700000000' });

// ------------------------------------------------------------------ a small DOM toolkit over parse5

type El = P.Element;
const isEl = (n: P.Node): n is El => 'tagName' in n;
const attr = (e: El, name: string): string | undefined => e.attrs.find((a) => a.name === name)?.value;

function all(root: P.Node, pred: (e: El) => boolean): El[] {
  const out: El[] = [];
  const walk = (n: P.Node) => {
    if (isEl(n) && pred(n)) out.push(n);
    const kids = 'childNodes' in n ? n.childNodes : [];
    for (const k of kids) walk(k);
    if (isEl(n) && n.tagName === 'template') walk((n as P.Template).content);
  };
  walk(root);
  return out;
}
const byTag = (root: P.Node, tag: string) => all(root, (e) => e.tagName === tag);
const byClass = (root: P.Node, cls: string) => all(root, (e) => (attr(e, 'class') ?? '').split(/\s+/).includes(cls));
const byId = (root: P.Node, id: string) => all(root, (e) => attr(e, 'id') === id)[0];

/** Text content; `<br>` is a line break, so the rights lines come back as they were written. */
function text(n: P.Node): string {
  if (n.nodeName === '#text') return (n as P.TextNode).value;
  if (isEl(n) && n.tagName === 'br') return '\n';
  return 'childNodes' in n ? n.childNodes.map(text).join('') : '';
}
const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

async function page(book: Book, editions: WebEditions) {
  const html = await renderWebPage(book, editions, effects);
  const errors: ParserError[] = [];
  const doc = parse(html, { onParseError: (e) => errors.push(e) });
  return { html, doc, errors };
}

/** html-validate's recommended rules; the messages, empty when the page is valid. */
async function validate(html: string): Promise<string[]> {
  // long-title is advice for search engines; a book's title is what its author wrote.
  const report = await new HtmlValidate({ extends: ['html-validate:recommended'], rules: { 'long-title': 'off' } }).validateString(html, 'index.html');
  return report.results.flatMap((r) => r.messages.map((m) => `${m.line}:${m.column} ${m.ruleId}: ${m.message}`));
}

const EDITIONS: WebEditions = {
  epub: { name: 'lantern.epub', bytes: 12_345 },
  pdf: { name: 'lantern.pdf', bytes: 345_678, pages: 12 },
};

// ------------------------------------------------------------------ tests

describe('humanSize', () => {
  it('writes bytes, KB and MB the way file managers do', () => {
    expect(humanSize(0)).toBe('0 bytes');
    expect(humanSize(1)).toBe('1 byte');
    expect(humanSize(1023)).toBe('1023 bytes');
    expect(humanSize(1024)).toBe('1 KB');
    expect(humanSize(1536)).toBe('1.5 KB');
    expect(humanSize(12_345)).toBe('12 KB');
    expect(humanSize(345_678)).toBe('338 KB');
    expect(humanSize(3_500_000)).toBe('3.3 MB');
  });
});

describe('chronologySentence', () => {
  it('is absent without events and counts them otherwise', () => {
    expect(chronologySentence([])).toBeUndefined();
    const ev = (datetime: string, label: string) => ({ datetime, label, precision: 'day' as const, sentence: '', chapterId: 'c', blockId: 'b', at: { file: 'f', line: 1, column: 1 } });
    expect(chronologySentence([ev('2020-01-02', '2 January 2020')])).toContain('1 dated event the text tells, on 2 January 2020');
    expect(chronologySentence([ev('2021-04-13', '13 April 2021'), ev('1990', 'the 1990s')])).toContain('2 dated events the text tells, from the 1990s to 13 April 2021');
  });
});

describe('renderWebPage', () => {
  it('is valid HTML5: no parse errors, and html-validate finds nothing', async () => {
    for (const editions of [EDITIONS, { epub: EDITIONS.epub }]) {
      const { html, errors } = await page(sampleBook(), editions);
      expect(errors).toEqual([]);
      expect(html.startsWith('<!DOCTYPE html>\n')).toBe(true);
      expect(await validate(html)).toEqual([]);
    }
  });

  it('has the language, the title, one h1 and the landmarks', async () => {
    const book = sampleBook();
    const { doc } = await page(book, EDITIONS);
    const [html] = byTag(doc, 'html');
    expect(attr(html!, 'lang')).toBe('en-GB');
    const titles = byTag(doc, 'title');
    expect(titles).toHaveLength(1);
    expect(text(titles[0]!)).toBe(`${SAMPLE_TITLE} – EPUB and PDF editions`);
    const h1 = byTag(doc, 'h1');
    expect(h1).toHaveLength(1);
    expect(text(h1[0]!)).toBe(SAMPLE_TITLE); // & and <> escaped in the source, intact in the DOM
    expect(byTag(doc, 'main')).toHaveLength(1);
    expect(byTag(doc, 'header')).toHaveLength(1);
    expect(byTag(doc, 'footer')).toHaveLength(1);
    const navs = byTag(doc, 'nav');
    expect(navs).toHaveLength(1);
    expect(attr(navs[0]!, 'aria-label')).toBeTruthy();
    // every in-page link of the nav goes to an element that exists
    for (const a of byTag(navs[0]!, 'a')) expect(byId(doc, attr(a, 'href')!.slice(1)), attr(a, 'href')).toBeDefined();
    // the byline names every creator; the description is there
    expect(squash(text(byClass(doc, 'byline')[0]!))).toBe("by Aynur Həsənova; translator: R. O'Brien & Sons");
    expect(squash(text(byClass(doc, 'description')[0]!))).toBe('Short stories <with> markup & ampersands.');
    // headings never skip a level
    const levels = all(doc, (e) => /^h[1-6]$/.test(e.tagName)).map((e) => Number(e.tagName[1]));
    levels.reduce((prev, l) => { expect(l).toBeLessThanOrEqual(prev + 1); return l; }, 0);
  });

  it('links both editions with their media type, format and human size', async () => {
    const { doc } = await page(sampleBook(), EDITIONS);
    const downloads = all(doc, (e) => e.tagName === 'a' && e.attrs.some((a) => a.name === 'download'));
    expect(downloads.map((a) => attr(a, 'href'))).toEqual(['lantern.epub', 'lantern.pdf']);
    expect(downloads.map((a) => attr(a, 'type'))).toEqual(['application/epub+zip', 'application/pdf']);
    expect(downloads.map((a) => squash(text(a)))).toEqual([
      'EPUB edition (EPUB 3, 12 KB)',
      'PDF edition (PDF, 338 KB, 12 pages)',
    ]);
  });

  it('offers only the EPUB when there is no PDF', async () => {
    const { doc, html } = await page(sampleBook(), { epub: { name: 'lantern.epub', bytes: 900 } });
    const downloads = all(doc, (e) => e.tagName === 'a' && e.attrs.some((a) => a.name === 'download'));
    expect(downloads.map((a) => squash(text(a)))).toEqual(['EPUB edition (EPUB 3, 900 bytes)']);
    expect(html).not.toContain('PDF/UA');
    expect(html).not.toContain('Identifier of the PDF edition');
  });

  it('says what a screen-reader user gets in each edition', async () => {
    const book = sampleBook();
    const { doc } = await page(book, EDITIONS);
    expect(squash(text(byId(doc, 'summary')!))).toBe(book.accessibility.summary);
    const section = byId(doc, 'accessibility')!;
    const items = byTag(section, 'li').map((li) => squash(text(li)));
    expect(items).toContain('a text description for every image'); // alternativeText, in words
    expect(items.some((i) => i.includes('PDF/UA-1'))).toBe(true);
    expect(items).toContain('bookmarks for every heading');
    expect(items).toContain('the same text in the same reading order as the EPUB edition');
    expect(items.some((i) => i.includes('12 pages'))).toBe(true);
  });

  it('keeps the rights block verbatim: groups as paragraphs, lines with <br>, U+00A0 and © intact', async () => {
    const { doc, html } = await page(sampleBook(), EDITIONS);
    const rights = byClass(doc, 'rights');
    expect(rights).toHaveLength(1);
    const paras = byTag(rights[0]!, 'p');
    expect(paras.map((p) => text(p).split('\n'))).toEqual(rightsGroups(RIGHTS_LINES));
    // written as characters, not entities
    expect(html).toContain('Copyright ©\u00a02024 Aynur Həsənova');
    expect(html).toContain('(c) &quot;straight quotes&quot; -- kept verbatim.');
  });

  it('runs nothing and loads nothing from elsewhere', async () => {
    const { doc, html } = await page(sampleBook(), EDITIONS);
    expect(byTag(doc, 'script')).toEqual([]);
    expect(byTag(doc, 'link')).toEqual([]);
    expect(byTag(doc, 'iframe')).toEqual([]);
    const handlers = all(doc, (e) => e.attrs.some((a) => /^on/i.test(a.name)));
    expect(handlers.map((e) => e.tagName)).toEqual([]);
    const allowed = new Set(['lantern.epub', 'lantern.pdf']);
    for (const e of all(doc, (x) => x.attrs.some((a) => a.name === 'href' || a.name === 'src'))) {
      for (const a of e.attrs.filter((x) => x.name === 'href' || x.name === 'src')) {
        const ok = a.value.startsWith('#') || allowed.has(a.value) || a.value.startsWith('data:image/');
        expect(ok, `${e.tagName} ${a.name}="${a.value}"`).toBe(true);
      }
    }
    const css = byTag(doc, 'style').map(text).join('\n');
    expect(css.trim()).toBe((await packageTemplate('web/page.css')).trim());
    expect(css).not.toMatch(/url\(|@import/i);
    expect(html).not.toMatch(/javascript:/i);
    expect(html).not.toMatch(/\sstyle=/i);
  });

  it('shows a cover image inline when the book has one', async () => {
    const base = sampleBook();
    const cover = {
      id: 'cover', role: 'cover' as const, title: 'Cover', generated: true, notes: [], at: base.chapters[0]!.at,
      blocks: [{ kind: 'figure' as const, id: 'cover-fig', at: base.chapters[0]!.at, image: { assetId: 'img-harbour', alt: 'The cover: a harbour', decorative: false, at: base.chapters[0]!.at } }],
    };
    const { doc } = await page({ ...base, chapters: [cover, ...base.chapters] }, EDITIONS);
    const imgs = byTag(doc, 'img');
    expect(imgs).toHaveLength(1);
    expect(attr(imgs[0]!, 'alt')).toBe('The cover: a harbour');
    expect(attr(imgs[0]!, 'src')).toMatch(/^data:image\/png;base64,iVBOR/);
  });

  it('renders the sample manuscript: key metadata, chronology count, rights lines with U+00A0', async () => {
    // load and enrich only: the page needs the Book, not the rendered editions (fast).
    const loaded = await loadManuscript('manuscript', effects);
    if (!loaded.ok) throw new Error(loaded.diagnostics.map((d) => d.message).join('\n'));
    const { book } = enrich(loaded.manuscript, { sourceDateEpoch: effects.sourceDateEpoch });
    const { doc, errors, html } = await page(book, { epub: { name: `${book.meta.slug}.epub`, bytes: 11_155 }, pdf: { name: `${book.meta.slug}.pdf`, bytes: 117_467, pages: 12 } });
    expect(errors).toEqual([]);
    expect(await validate(html)).toEqual([]);
    const about = squash(text(byId(doc, 'about')!));
    expect(about).toContain(book.meta.identifier);
    expect(about).toContain('18 July 2021');
    expect(about).toContain('English (en)');
    expect(about).toContain('Pakistan Observer, Islamabad, Pakistan, 18 July 2021');
    expect(about).toContain('Gale, Cengage Learning; Farlex, Inc.');
    expect(about).toContain(`chronology of the ${book.chronology.length} dated events`);
    const rightsText = text(byClass(doc, 'rights')[0]!);
    expect(rightsText).toContain('Geographic\u00a0Code:9PAKI');
    expect(rightsText).toContain('Copyright © 2022 Farlex, Inc.');
    expect(rightsText.split('\n').filter((l) => l.trim() !== '')).toEqual(book.rights!.lines.filter((l) => l.trim() !== ''));
    expect(squash(text(byId(doc, 'summary')!))).toBe(book.accessibility.summary);
  });
});

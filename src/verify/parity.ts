/**
 * Cross-edition parity (standards X-2, P-UA-2): what a screen reader reads from the PDF's
 * structure tree, in order, must be the EPUB's spine text, word for word. Generated list labels
 * (bullets, numbers) and navigation aids (back-links, the contents page) are not text of the book
 * and are left out on both sides.
 */
import { error, type Diagnostic } from '../model/diagnostic.js';
import { elements, packageDocument, parseXml, readEpub, readerText } from './epub/read.js';
import { readPdfStructureText } from './pdf/index.js';
import { PdfString, rawPdf } from './pdf/raw.js';

const LABEL = /^(•|◦|▪|–|-|\d+[.)]|[a-zA-Z][.)]|[ivxlcdm]+[.)])$/;

export async function epubReadingWords(epubBytes: Uint8Array): Promise<string[]> {
  const epub = await readEpub(epubBytes);
  const { dir, opf } = packageDocument(epub);
  const items = new Map(elements(opf, 'item').map((i) => [i.getAttribute('id') ?? '', { href: dir + (i.getAttribute('href') ?? ''), props: i.getAttribute('properties') ?? '' }]));
  const words: string[] = [];
  for (const ref of elements(opf, 'itemref')) {
    const item = items.get(ref.getAttribute('idref') ?? '');
    if (!item || item.props.split(/\s+/).includes('nav')) continue;
    const doc = parseXml(epub.text(item.href) ?? '', item.href);
    // back-links are navigation, not text
    for (const a of elements(doc, 'a')) if (a.getAttribute('role') === 'doc-backlink') a.parentNode?.removeChild(a);
    const body = elements(doc, 'body')[0];
    if (body) for (const w of split(readerText(body))) words.push(w);
  }
  return words;
}

export async function pdfReadingWords(pdfBytes: Uint8Array): Promise<string[]> {
  const blocks = await readPdfStructureText(pdfBytes);
  const words: string[] = [];
  for (const b of blocks) {
    const text = b.text.trim();
    if ((b.role === 'Lbl' || b.role === 'Note') && LABEL.test(text)) continue;
    const ws = split(text);
    if (ws.length === 0) continue;
    // A note's own number, read before its text, is a label too.
    if (b.role === 'Note' && ws.length > 0 && LABEL.test(ws[0]!)) ws.shift();
    for (const w of ws) words.push(w);
  }
  return words;
}

function split(text: string): string[] {
  // U+00A0 binds two words into one in both editions; only ordinary white space separates.
  // Invisible format characters (direction marks, soft hyphens) are not read aloud, and a PDF
  // text layer may drop them; a "word" that is only U+00A0 is not read either.
  return text.replace(/\p{Cf}/gu, '').split(/[ \t\n\r\u2028\u2029]+/).filter((w) => w !== '' && !/^\u00a0+$/.test(w));
}

export async function checkParity(epubBytes: Uint8Array, pdfBytes: Uint8Array): Promise<Diagnostic[]> {
  try {
    const out: Diagnostic[] = [];
    const [e, p] = await Promise.all([epubReadingWords(epubBytes), pdfReadingWords(pdfBytes)]);
    const n = Math.min(e.length, p.length);
    let i = 0;
    while (i < n && e[i] === p[i]) i++;
    if (i !== e.length || i !== p.length) {
      const ctx = (ws: string[]) => JSON.stringify(ws.slice(Math.max(0, i - 6), i + 6).join(' '));
      out.push(error('X-PARITY', `the PDF's reading order differs from the EPUB's text at word ${i + 1} of ${e.length}: EPUB ${ctx(e)}, PDF ${ctx(p)}`));
    }
    // The EPUB's table of contents is the PDF's outline; the EPUB's language is the PDF's /Lang.
    const nav = await epubNavigation(epubBytes);
    const pdf = pdfNavigation(pdfBytes);
    if (JSON.stringify(nav.toc) !== JSON.stringify(pdf.outline)) {
      out.push(error('X-PARITY', `the EPUB's table of contents (${nav.toc.length} entries) differs from the PDF's bookmarks (${pdf.outline.length}): ${JSON.stringify(nav.toc.slice(0, 8))} vs ${JSON.stringify(pdf.outline.slice(0, 8))}`));
    }
    if (nav.lang !== pdf.lang) out.push(error('X-PARITY', `the EPUB's language "${nav.lang}" differs from the PDF's /Lang "${pdf.lang}"`));
    return out;
  } catch (err) {
    return [error('X-PARITY', `the editions could not be compared: ${(err as Error).message}`)];
  }
}

const norm = (s: string) => s.replace(/\s+/g, ' ').trim();

/** The toc nav's labels in order (depth-first) and dc:language. */
export async function epubNavigation(bytes: Uint8Array): Promise<{ toc: string[]; lang: string }> {
  const epub = await readEpub(bytes);
  const { dir, opf } = packageDocument(epub);
  const lang = norm(elements(opf, 'language')[0]?.textContent ?? '');
  const navItem = elements(opf, 'item').find((i) => (i.getAttribute('properties') ?? '').split(/\s+/).includes('nav'));
  const navDoc = parseXml(epub.text(dir + (navItem?.getAttribute('href') ?? '')) ?? '', 'nav');
  const toc = elements(navDoc, 'nav').find((n) => (n.getAttributeNS('http://www.idpf.org/2007/ops', 'type') ?? '').split(/\s+/).includes('toc'));
  return { toc: toc ? elements(toc, 'a').map((a) => norm(readerText(a))) : [], lang };
}

/** The outline's titles in order (depth-first) and the catalog's /Lang, read from the PDF's objects. */
export function pdfNavigation(bytes: Uint8Array): { outline: string[]; lang: string } {
  const pdf = rawPdf(bytes);
  const catalog = pdf.catalog();
  const text = (v: unknown) => (v instanceof PdfString ? norm(v.text()) : '');
  const outline: string[] = [];
  const seen = new Set<unknown>();
  const walk = (first: unknown) => {
    for (let item = pdf.dict(first as never); item && !seen.has(item); item = pdf.dict(item.get('Next'))) {
      seen.add(item);
      outline.push(text(pdf.resolve(item.get('Title'))));
      if (item.get('First')) walk(item.get('First'));
    }
  };
  walk(pdf.dict(catalog.get('Outlines'))?.get('First'));
  return { outline, lang: text(pdf.resolve(catalog.get('Lang'))) };
}

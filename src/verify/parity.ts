/**
 * Cross-edition parity (standards X-2, P-UA-2): what a screen reader reads from the PDF's
 * structure tree, in order, must be the EPUB's spine text, word for word. Generated list labels
 * (bullets, numbers) and navigation aids (back-links, the contents page) are not text of the book
 * and are left out on both sides.
 */
import { error, type Diagnostic } from '../model/diagnostic.js';
import { elements, packageDocument, rawReaderText, readEpub, readerText, type XmlDocument, type XmlElement } from './epub/read.js';
import { PdfString, rawPdf } from './pdf/raw.js';
import { structureText, withoutEndSpaces } from './pdf/structure.js';
import { MAYBE_UNREAD_CLASS, withoutUnread } from './unread.js';

/** What a screen reader gets from one edition: the words in reading order, the table of
 * contents (EPUB toc nav, PDF outline) and the language. */
export interface EditionReading {
  /**
   * The words in reading order, each separated from the next by one space (one string: a big
   * book's half a million words are compared, and passed between threads, without an array).
   */
  readonly text: string;
  readonly nav: readonly string[];
  readonly lang: string;
}

const LABEL = /^(•|◦|▪|–|-|\d+[.)]|[a-zA-Z][.)]|[ivxlcdm]+[.)])$/;

/** The EPUB's spine text as words (EditionReading.text). */
export async function epubReadingText(epubBytes: Uint8Array): Promise<string> {
  const epub = await readEpub(epubBytes);
  const { dir, opf } = packageDocument(epub);
  const items = new Map(elements(opf, 'item').map((i) => [i.getAttribute('id') ?? '', { href: dir + (i.getAttribute('href') ?? ''), props: i.getAttribute('properties') ?? '' }]));
  const parts: string[] = [];
  for (const ref of elements(opf, 'itemref')) {
    const item = items.get(ref.getAttribute('idref') ?? '');
    if (!item || item.props.split(/\s+/).includes('nav')) continue;
    parts.push(documentWords(epub.xml(item.href)));
  }
  return joinWords(parts);
}

/** A content document's words as a reader meets them (EditionReading.text); back-links are
 * navigation, not text. */
export function documentWords(doc: XmlDocument): string {
  const body = elements(doc, 'body')[0];
  // the white space readerText would tidy first is collapsed by words() all the same, ends
  // included; a Unicode space at either end (U+00A0, U+2003) is kept, as the PDF's blocks keep it
  // (String.trim() dropped it at a document's ends, where the PDF read it)
  return body ? words(rawReaderText(body, isBacklink)) : '';
}

const isBacklink = (el: XmlElement): boolean => el.localName === 'a' && el.getAttribute('role') === 'doc-backlink';

function pdfText(pdfBytes: Uint8Array): string {
  const blocks = structureText(rawPdf(pdfBytes));
  const parts: string[] = [];
  for (const b of blocks) {
    // space-normalised already (ASCII white space); not String.trim(), which would drop a Unicode
    // space (U+2003) that the EPUB's words keep at the start of a block
    const text = b.text;
    if ((b.role === 'Lbl' || b.role === 'Note') && LABEL.test(text)) continue;
    let ws = words(text);
    // A note's own number, read before its text, is a label too.
    if (b.role === 'Note') {
      const first = ws.indexOf(' ');
      if (LABEL.test(first < 0 ? ws : ws.slice(0, first))) ws = first < 0 ? '' : ws.slice(first + 1);
    }
    parts.push(ws);
  }
  return joinWords(parts);
}


/** What words() must do more than return its text: a separator other than one space between
 * words, a space at either end, U+00A0, or a format character (or what may be one). */
const NOT_PLAIN = new RegExp(`[\\t\\n\\r\\u2028\\u2029\\u00a0${MAYBE_UNREAD_CLASS}]| {2}|^ | $`);

/**
 * The words of a text, each separated from the next by one space. U+00A0 binds two words into
 * one in both editions; only ordinary white space separates. Invisible format characters
 * (direction marks, soft hyphens) and the other default-ignorable characters (variation
 * selectors, the combining grapheme joiner) are not read aloud, and a PDF text layer may drop
 * them; a "word" that is only U+00A0 is not read either.
 */
export function words(text: string): string {
  // most blocks are words already one space apart (the PDF's blocks come space-normalised): then
  // they are the answer as they are, without an array of their words
  if (!NOT_PLAIN.test(text)) return text;
  // every separator run becomes one space: then only a word of U+00A0 alone needs the words apart
  // (a content document's half a million words are not tested one by one where there is none)
  const t = withoutUnread(text).replace(/[ \t\n\r\u2028\u2029]+/g, ' ');
  if (t.includes('\u00a0')) return t.split(' ').filter((w) => w !== '' && !/^\u00a0+$/.test(w)).join(' ');
  return withoutEndSpaces(t);
}

export function joinWords(parts: readonly string[]): string {
  return parts.filter((p) => p !== '').join(' ');
}

/** The EPUB's reading: spine words, toc labels, dc:language. */
export async function epubReading(bytes: Uint8Array): Promise<EditionReading> {
  const [text, nav] = await Promise.all([epubReadingText(bytes), epubNavigation(bytes)]);
  return { text, nav: nav.toc, lang: nav.lang };
}

/** The PDF's reading: structure-tree words, outline titles, /Lang. Throws when unreadable. */
export function pdfReading(bytes: Uint8Array): EditionReading {
  const nav = pdfNavigation(bytes);
  return { text: pdfText(bytes), nav: nav.outline, lang: nav.lang };
}

/** X-PARITY findings: the two readings must be the same words in the same order, the same
 * table of contents and the same language. */
export function compareReadings(e: EditionReading, p: EditionReading): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (e.text !== p.text) {
    // only now are the words counted, to say where they part
    const ew = e.text === '' ? [] : e.text.split(' ');
    const pw = p.text === '' ? [] : p.text.split(' ');
    const n = Math.min(ew.length, pw.length);
    let i = 0;
    while (i < n && ew[i] === pw[i]) i++;
    const ctx = (ws: readonly string[]) => JSON.stringify(ws.slice(Math.max(0, i - 6), i + 6).join(' '));
    out.push(error('X-PARITY', `the PDF's reading order differs from the EPUB's text at word ${i + 1} of ${ew.length}: EPUB ${ctx(ew)}, PDF ${ctx(pw)}`));
  }
  // The EPUB's table of contents is the PDF's outline; the EPUB's language is the PDF's /Lang.
  if (JSON.stringify(e.nav) !== JSON.stringify(p.nav)) {
    out.push(error('X-PARITY', `the EPUB's table of contents (${e.nav.length} entries) differs from the PDF's bookmarks (${p.nav.length}): ${JSON.stringify(e.nav.slice(0, 8))} vs ${JSON.stringify(p.nav.slice(0, 8))}`));
  }
  if (e.lang !== p.lang) out.push(error('X-PARITY', `the EPUB's language "${e.lang}" differs from the PDF's /Lang "${p.lang}"`));
  return out;
}

export function parityFailure(err: unknown): Diagnostic {
  return error('X-PARITY', `the editions could not be compared: ${err instanceof Error ? err.message : String(err)}`);
}

export async function checkParity(epubBytes: Uint8Array, pdfBytes: Uint8Array): Promise<Diagnostic[]> {
  try {
    const [e, p] = await Promise.all([epubReading(epubBytes), Promise.resolve().then(() => pdfReading(pdfBytes))]);
    return compareReadings(e, p);
  } catch (err) {
    return [parityFailure(err)];
  }
}

export const norm = (s: string): string => s.replace(/\s+/g, ' ').trim();

/** The toc nav's labels in order (depth-first). */
export function tocLabels(navDoc: XmlDocument): string[] {
  const toc = elements(navDoc, 'nav').find((n) => (n.getAttributeNS('http://www.idpf.org/2007/ops', 'type') ?? '').split(/\s+/).includes('toc'));
  return toc ? elements(toc, 'a').map((a) => norm(readerText(a))) : [];
}

/** The toc nav's labels in order (depth-first) and dc:language. */
export async function epubNavigation(bytes: Uint8Array): Promise<{ toc: string[]; lang: string }> {
  const epub = await readEpub(bytes);
  const { dir, opf } = packageDocument(epub);
  const lang = norm(elements(opf, 'language')[0]?.textContent ?? '');
  const navItem = elements(opf, 'item').find((i) => (i.getAttribute('properties') ?? '').split(/\s+/).includes('nav'));
  return { toc: tocLabels(epub.xml(dir + (navItem?.getAttribute('href') ?? ''))), lang };
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

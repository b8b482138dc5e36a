/**
 * Cross-edition parity (standards X-2, P-UA-2): what a screen reader reads from the PDF's
 * structure tree, in order, must be the EPUB's spine text, word for word. Generated list labels
 * (bullets, numbers) and navigation aids (back-links, the contents page) are not text of the book
 * and are left out on both sides.
 */
import { error, type Diagnostic } from '../model/diagnostic.js';
import { elements, parseXml, readEpub, readerText } from './epub/read.js';
import { readPdfStructureText } from './pdf/index.js';

const LABEL = /^(•|◦|▪|–|-|\d+[.)]|[a-zA-Z][.)]|[ivxlcdm]+[.)])$/;

export async function epubReadingWords(epubBytes: Uint8Array): Promise<string[]> {
  const epub = await readEpub(epubBytes);
  const container = parseXml(epub.text('META-INF/container.xml') ?? '', 'container.xml');
  const opfPath = elements(container, 'rootfile')[0]?.getAttribute('full-path') ?? '';
  const dir = opfPath.includes('/') ? opfPath.slice(0, opfPath.lastIndexOf('/') + 1) : '';
  const opf = parseXml(epub.text(opfPath) ?? '', opfPath);
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
    const [e, p] = await Promise.all([epubReadingWords(epubBytes), pdfReadingWords(pdfBytes)]);
    const n = Math.min(e.length, p.length);
    let i = 0;
    while (i < n && e[i] === p[i]) i++;
    if (i === e.length && i === p.length) return [];
    const ctx = (ws: string[]) => JSON.stringify(ws.slice(Math.max(0, i - 6), i + 6).join(' '));
    return [error('X-PARITY', `the PDF's reading order differs from the EPUB's text at word ${i + 1} of ${e.length}: EPUB ${ctx(e)}, PDF ${ctx(p)}`)];
  } catch (err) {
    return [error('X-PARITY', `the editions could not be compared: ${(err as Error).message}`)];
  }
}

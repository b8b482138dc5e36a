/**
 * Issue 8 / E-PAGE-1, E-PAGE-2, E-A11Y-5: one pagination for both editions. For every PDF page
 * there is exactly one page-break marker in the EPUB, in order, and the text right after marker N
 * begins with the first words of page N's text in the PDF (read by pdf.js, an independent reader,
 * skipping artifacts such as running heads and folios).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { XmlElement as Element, XmlNode as Node } from '../../src/verify/epub/read.js';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateManuscript } from '../../bench/generate.js';
import { nodeEffects } from '../../src/effects.js';
import { build, type BuildResult } from '../../src/pipeline/build.js';
import { elements, parseXml, readEpub } from '../../src/verify/epub/read.js';

const effects = nodeEffects({ SOURCE_DATE_EPOCH: '1700000000' });
const WORDS = 6;
const LABEL = /^(•|\d+\.)$/;

/**
 * Words as a reader meets them. List labels (bullets, item numbers) are drawn in the PDF but are
 * CSS counters in the EPUB, so tokens that look like labels are dropped on both sides alike.
 * pdf.js reads U+00A0 as a space, so it separates words here too (rights are checked verbatim elsewhere).
 */
function words(text: string): string[] {
  return text.split(/[ \t\n\u00a0]+/).filter((w) => w !== '' && !LABEL.test(w));
}

/** Non-artifact text of each PDF page, as pdf.js extracts it. */
async function pdfPageWords(bytes: Uint8Array): Promise<string[][]> {
  const doc = await getDocument({ data: bytes.slice(), useSystemFonts: false, isEvalSupported: false }).promise;
  const pages: string[][] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const content = await page.getTextContent({ includeMarkedContent: true });
    const stack: boolean[] = [];
    let text = '';
    for (const item of content.items) {
      if ('type' in item) {
        if (item.type === 'beginMarkedContent' || item.type === 'beginMarkedContentProps') stack.push((item as { tag?: string }).tag === 'Artifact');
        else if (item.type === 'endMarkedContent') stack.pop();
        continue;
      }
      if (stack.includes(true)) continue;
      text += item.str + (item.hasEOL ? ' ' : '');
    }
    pages.push(words(text));
  }
  await doc.destroy();
  return pages;
}

interface Marker { label: string; doc: string; after: string[] }

/** Every page-break marker in spine order, with the first words of text after it. */
async function epubMarkers(bytes: Uint8Array): Promise<{ markers: Marker[]; pageList: string[] }> {
  const epub = await readEpub(bytes);
  const opf = parseXml(epub.text('OEBPS/content.opf')!, 'content.opf');
  const hrefs = new Map(elements(opf, 'item').map((i) => [i.getAttribute('id')!, i.getAttribute('href')!]));
  const markers: Marker[] = [];
  for (const ref of elements(opf, 'itemref')) {
    const href = hrefs.get(ref.getAttribute('idref')!)!;
    const doc = parseXml(epub.text(`OEBPS/${href}`)!, href);
    const order: Node[] = [];
    const walk = (n: Node) => { order.push(n); if (n.nodeType === 1) for (let c = n.firstChild; c; c = c.nextSibling) walk(c); };
    walk(doc.documentElement!);
    order.forEach((n, i) => {
      const el = n as Element;
      if (n.nodeType !== 1 || el.getAttribute('role') !== 'doc-pagebreak') return;
      let text = '';
      for (let k = i + 1; k < order.length && text.split(/\s+/).length <= WORDS + 2; k++) {
        const m = order[k]!;
        if (m.nodeType === 1 && (m as Element).getAttribute('role') === 'doc-pagebreak') break;
        if (m.nodeType === 3) text += m.nodeValue;
        else if (m.nodeType === 1 && /^(p|h\d|li|dt|dd|td|th|br)$/.test((m as Element).localName ?? '')) text += ' ';
      }
      markers.push({ label: el.getAttribute('aria-label')!, doc: href, after: words(text) });
      expect(el.getAttribute('epub:type') ?? el.getAttributeNS('http://www.idpf.org/2007/ops', 'type')).toBe('pagebreak');
      expect(el.getAttribute('id')).toBe(`page-${el.getAttribute('aria-label')}`);
      expect(el.firstChild, 'a page-break marker is empty').toBeNull();
    });
  }
  const nav = parseXml(epub.text('OEBPS/toc.xhtml')!, 'toc.xhtml');
  const pageListNav = elements(nav, 'nav').find((n) => n.getAttributeNS('http://www.idpf.org/2007/ops', 'type') === 'page-list')!;
  const pageList = elements(pageListNav, 'a').map((a) => a.textContent ?? '');
  return { markers, pageList };
}

async function checkEveryPage(r: BuildResult) {
  expect(r.ok, r.diagnostics.map((d) => d.message).join('\n')).toBe(true);
  const pdfWords = await pdfPageWords(r.outputs!.pdf!);
  const { markers, pageList } = await epubMarkers(r.outputs!.epub!);
  // exactly one marker per PDF page, in order, labelled with the printed page number
  expect(markers.map((m) => m.label)).toEqual(pdfWords.map((_, i) => String(i + 1)));
  expect(pageList).toEqual(markers.map((m) => m.label));
  pdfWords.forEach((words, i) => {
    const want = words.slice(0, WORDS);
    expect(markers[i]!.after.slice(0, want.length), `page ${i + 1} (${markers[i]!.doc})`).toEqual(want);
  });
  return pdfWords.length;
}

describe('one pagination for both editions', () => {
  let tmp: string;
  beforeAll(async () => { tmp = await mkdtemp(path.join(os.tmpdir(), 'lectern-pages-')); });
  afterAll(async () => { await rm(tmp, { recursive: true, force: true }); });

  it('the sample: every PDF page has its marker, and the text after it starts the page', async () => {
    const r = await build({ manuscript: 'manuscript', out: path.join(tmp, 'sample'), effects, dryRun: true });
    const pages = await checkEveryPage(r);
    expect(pages).toBeGreaterThan(3);
    // the pagination source is declared (E-A11Y-5), and the metadata page says so
    const epub = await readEpub(r.outputs!.epub!);
    const opf = epub.text('OEBPS/content.opf')!;
    expect(opf).toContain(`<dc:source id="pdf-edition">${r.book!.meta.pdfIdentifier}</dc:source>`);
    expect(opf).toContain('<meta refines="#pdf-edition" property="source-of">pagination</meta>');
    expect(opf).toContain('<meta property="schema:accessibilityFeature">pageNavigation</meta>');
    expect(opf).toContain('<meta property="schema:accessibilityFeature">pageBreakMarkers</meta>');
    expect(opf).not.toContain('pageBreakSource');
    expect(epub.text('OEBPS/about.xhtml')).toContain(`follow the PDF edition (${r.book!.meta.pdfIdentifier})`);
  }, 120_000);

  it('a book of more than 50 pages: every page, mid-paragraph breaks included', async () => {
    const ms = path.join(tmp, 'long');
    generateManuscript(ms, 20_000, 7);
    const r = await build({ manuscript: ms, out: path.join(tmp, 'long-out'), effects, dryRun: true });
    const pages = await checkEveryPage(r);
    expect(pages).toBeGreaterThanOrEqual(50);
  }, 240_000);
});

/**
 * Lectern's own PDF/UA-1 machine checks (standards.md §4 P-UA-1 stand-ins, §5 X-1), reading the
 * PDF back with pdf.js (pdfjs-dist 5.6.205, legacy build) and with a small raw object reader
 * (raw.ts) for what pdf.js does not expose. Fail-closed: a PDF that cannot be read, or a check
 * that cannot run, is an error.
 */
import type { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { error, type Diagnostic } from '../../model/diagnostic.js';
import { pageText } from './content.js';
import { PdfStream, PdfString, name, RawPdf, rawPdf, type PdfDict, type PdfValue } from './raw.js';
import { readStructure, structureBlocks } from './structure.js';
import { readXmp } from './xmp.js';
import { withoutUnread } from '../unread.js';

export { readPdfStructureText } from './structure.js';

export interface PdfExpectations {
  readonly rightsLines?: readonly string[];
}

const STANDARD_14 = new Set(['Courier', 'Courier-Bold', 'Courier-BoldOblique', 'Courier-Oblique', 'Helvetica', 'Helvetica-Bold',
  'Helvetica-BoldOblique', 'Helvetica-Oblique', 'Symbol', 'Times-Bold', 'Times-BoldItalic', 'Times-Italic', 'Times-Roman', 'ZapfDingbats']);

/** Whitespace runs other than U+00A0 become one space (X-1: U+00A0 must survive). */
/** A rights line as the PDF's text gives it: white space collapsed, and without what is not read
 * (unread.ts; the XMP's dc:rights holds the block byte for byte). */
export function normalizeRightsText(s: string): string {
  return withoutUnread(s).replace(/[^\S\u00a0]+/g, ' ').trim();
}

function pdfStr(v: PdfValue): string | undefined {
  return v instanceof PdfString ? v.text() : undefined;
}

type PdfJsDoc = Awaited<ReturnType<typeof getDocument>['promise']>;

interface OutlineNode { title: string; items: OutlineNode[] }

async function pdfjsChecks(doc: PdfJsDoc, fail: (m: string) => void): Promise<void> {
  // outline: present, every title non-empty
  const outline = (await doc.getOutline()) as OutlineNode[] | null;
  if (!outline || outline.length === 0) fail('the PDF has no outline (bookmarks)');
  else {
    const empty = (items: OutlineNode[]): number => items.reduce((n, i) => n + (i.title.trim() ? 0 : 1) + empty(i.items ?? []), 0);
    const n = empty(outline);
    if (n > 0) fail(`${n} bookmark(s) have an empty title`);
  }
  let untagged = 0;
  let sample = '';
  let emptyLinks = 0;
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    const tc = await page.getTextContent({ includeMarkedContent: true });
    let depth = 0;
    for (const item of tc.items) {
      if ('type' in item) {
        if (item.type === 'beginMarkedContent' || item.type === 'beginMarkedContentProps') depth++;
        else if (item.type === 'endMarkedContent') depth = Math.max(0, depth - 1);
      } else if (depth === 0 && item.str.trim() !== '') {
        untagged++;
        sample ||= `page ${i}: "${item.str.slice(0, 40)}"`;
      }
    }
    for (const a of await page.getAnnotations()) {
      const annot = a as { subtype?: string; contentsObj?: { str?: string } };
      if (annot.subtype === 'Link' && !(annot.contentsObj?.str ?? '').trim()) emptyLinks++;
    }
    page.cleanup();
  }
  if (untagged > 0) fail(`${untagged} text item(s) are outside marked content (pdf.js), e.g. ${sample}`);
  if (emptyLinks > 0) fail(`${emptyLinks} Link annotation(s) have an empty /Contents (pdf.js)`);
}

/** Returns the X-RIGHTS diagnostics; X-PDF failures go through `fail`. */
function rawChecks(pdf: RawPdf, fail: (m: string) => void, expect: PdfExpectations): Diagnostic[] {
  const header = Buffer.from(pdf.bytes.subarray(0, 8)).toString('latin1');
  if (!/^%PDF-1\.[4-7]/.test(header)) fail(`the PDF header is "${header.trim()}", not PDF 1.4–1.7`);
  const cat = pdf.catalog();
  const mark = pdf.dict(cat.get('MarkInfo'));
  if (pdf.resolve(mark?.get('Marked')) !== true) fail('the catalog /MarkInfo /Marked is not true');
  if (pdf.resolve(mark?.get('Suspects')) === true) fail('the catalog /MarkInfo /Suspects is true');
  const vp = pdf.dict(cat.get('ViewerPreferences'));
  if (pdf.resolve(vp?.get('DisplayDocTitle')) !== true) fail('/ViewerPreferences /DisplayDocTitle is not true');
  const lang = pdfStr(pdf.resolve(cat.get('Lang')));
  if (!lang || !/^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/.test(lang)) fail(`the catalog /Lang is missing or not a language tag (${JSON.stringify(lang ?? null)})`);

  // XMP
  const md = pdf.resolve(cat.get('Metadata'));
  let xmpRights: string | undefined;
  if (!(md instanceof PdfStream) || name(md.dict.get('Type')) !== 'Metadata' || name(md.dict.get('Subtype')) !== 'XML') {
    fail('the catalog has no /Metadata stream of /Type /Metadata /Subtype /XML');
  } else {
    const data = pdf.streamData(md);
    const xmp = readXmp(new TextDecoder('utf-8', { fatal: false }).decode(data));
    if (!xmp.wellFormed) fail(`the XMP metadata is not well-formed XML: ${xmp.error}`);
    else {
      if (xmp.pdfuaPart !== '1') fail(`XMP pdfuaid:part is ${JSON.stringify(xmp.pdfuaPart ?? null)}, not 1`);
      if (!xmp.title?.trim()) fail('the XMP has no dc:title');
      xmpRights = xmp.rights;
    }
  }

  // structure tree
  const st = readStructure(pdf);
  const str = pdf.dict(cat.get('StructTreeRoot'));
  if (!st.root || st.root.children.length === 0) fail('the PDF has no (or an empty) structure tree');
  if (str && !str.has('ParentTree')) fail('the StructTreeRoot has no /ParentTree');

  // pages: untagged text, fonts, annotations, Tabs
  const pages = pdf.pages();
  if (pages.length === 0) fail('the PDF has no pages');
  let untagged = 0;
  let sample = '';
  const fontProblems = new Set<string>();
  let linksNoContents = 0;
  let linksNoStruct = 0;
  let tabs = 0;
  pages.forEach((p, i) => {
    const text = pageText(pdf, p.dict);
    for (const run of text.runs) {
      if (run.artifact || (run.mcid !== undefined && st.referenced.has(i, run.mcid))) continue;
      // only untagged runs are decoded here
      if (run.text !== '') {
        untagged++;
        sample ||= `page ${i + 1}: "${run.text.slice(0, 40)}"`;
      }
    }
    const fonts = pdf.dict(pdf.dict(p.dict.get('Resources'))?.get('Font'));
    for (const [res, ref] of fonts ?? []) {
      const f = pdf.dict(ref);
      if (!f) continue;
      const subtype = name(f.get('Subtype'));
      if (subtype === 'Type3') continue;
      const base = name(f.get('BaseFont')) ?? res;
      const desc = subtype === 'Type0'
        ? pdf.dict(pdf.dict(pdf.array(f.get('DescendantFonts'))[0])?.get('FontDescriptor'))
        : pdf.dict(f.get('FontDescriptor'));
      const embedded = !!desc && (desc.has('FontFile') || desc.has('FontFile2') || desc.has('FontFile3'));
      if (!embedded) fontProblems.add(STANDARD_14.has(base) ? `${base} (a standard-14 font) is not embedded` : `${base} is not embedded`);
      if (!f.has('ToUnicode')) fontProblems.add(`${base} has no /ToUnicode map`);
    }
    const annots = pdf.array(p.dict.get('Annots'));
    if (annots.length > 0 && name(p.dict.get('Tabs')) !== 'S') tabs++;
    for (const a of annots) {
      const ad = pdf.dict(a);
      if (!ad || name(ad.get('Subtype')) !== 'Link') continue;
      if (!(pdfStr(pdf.resolve(ad.get('Contents'))) ?? '').trim()) linksNoContents++;
      if (typeof pdf.resolve(ad.get('StructParent')) !== 'number') linksNoStruct++;
    }
  });
  if (untagged > 0) fail(`${untagged} text run(s) are neither tagged content nor an artifact, e.g. ${sample}`);
  for (const f of fontProblems) fail(`font ${f}`);
  if (linksNoContents > 0) fail(`${linksNoContents} Link annotation(s) have no non-empty /Contents`);
  if (linksNoStruct > 0) fail(`${linksNoStruct} Link annotation(s) have no /StructParent (not in a Link element)`);
  if (tabs > 0) fail(`${tabs} page(s) with annotations lack /Tabs /S`);

  return expect.rightsLines ? rightsChecks(pdf, pages, expect.rightsLines, xmpRights) : [];
}

/**
 * Which of `wanted` (normalized, by index) occur in the blocks' text joined by spaces and
 * normalized (normalizeRightsText of the blocks joined by line feeds), reading blocks only until
 * all are found. Each block's text is searched with the end of the text before it, as long as the
 * longest line, so a line that runs across blocks is found too.
 */
export function foundInOrder(blocks: Iterable<{ text: string }>, wanted: readonly string[]): Set<number> {
  const found = new Set<number>();
  const open = wanted.map((w, i) => (w === '' ? -1 : i)).filter((i) => i >= 0);
  if (open.length === 0) return found;
  const longest = Math.max(...open.map((i) => wanted[i]!.length));
  let tail = '';
  for (const block of blocks) {
    const t = normalizeRightsText(block.text);
    if (t === '') continue;
    const window = tail === '' ? t : `${tail} ${t}`;
    for (let k = open.length - 1; k >= 0; k--) {
      if (window.includes(wanted[open[k]!]!)) { found.add(open[k]!); open.splice(k, 1); }
    }
    if (open.length === 0) break;
    tail = window.length > longest ? window.slice(window.length - longest) : window;
  }
  return found;
}

function rightsChecks(pdf: RawPdf, pages: { dict: PdfDict }[], lines: readonly string[], xmpRights: string | undefined): Diagnostic[] {
  const rightsDiagnostics: Diagnostic[] = [];
  // what a screen reader reads (the structure tree, block after block until every line is found)
  // first; the pages' drawn text only if needed
  const wanted = lines.map(normalizeRightsText);
  const inStructure = foundInOrder(structureBlocks(pdf), wanted);
  let drawn: string | undefined;
  const drawnText = (): string => (drawn ??= normalizeRightsText(pages.map((p) => pageText(pdf, p.dict).runs.filter((r) => !r.artifact).map((r) => r.text).join('')).join(' ')));
  lines.forEach((line, i) => {
    const want = wanted[i]!;
    if (want === '') return;
    if (!inStructure.has(i) && !drawnText().includes(want)) {
      rightsDiagnostics.push(error('X-RIGHTS', `rights line ${i + 1} is not reproduced verbatim in the PDF text: ${JSON.stringify(line)}`,
        undefined, 'U+00A0, ©, quotes and dashes must come out unchanged'));
    }
  });
  if (xmpRights === undefined) rightsDiagnostics.push(error('X-RIGHTS', 'the XMP has no dc:rights'));
  else if (xmpRights !== lines.join('\n')) rightsDiagnostics.push(error('X-RIGHTS', 'the XMP dc:rights differs from the rights block'));
  return rightsDiagnostics;
}

export interface PdfCheckOptions {
  /**
   * Also read the PDF with pdf.js, an independent reader (untagged text, link Contents, outline).
   * On by default; the build's own read-back turns it off for speed, since `lectern check`, the
   * tests and the referee kit read every edition independently.
   */
  readonly independentReader?: boolean;
}

type PdfjsModule = typeof import('pdfjs-dist/legacy/build/pdf.mjs');

/**
 * pdf.js is an ES module, loaded on first use. The `lectern` command runs Lectern as one script
 * compiled with V8's code cache (bin/lectern.js), where import() has no module loader; the
 * command then provides its own import as `globalThis.__lecternImportEsm`.
 */
function importPdfjs(): Promise<PdfjsModule> {
  const viaCommand = (globalThis as { __lecternImportEsm?: (specifier: string) => Promise<unknown> }).__lecternImportEsm;
  return viaCommand ? viaCommand('pdfjs-dist/legacy/build/pdf.mjs') as Promise<PdfjsModule> : import('pdfjs-dist/legacy/build/pdf.mjs');
}

export async function checkPdf(bytes: Uint8Array, expect: PdfExpectations = {}, options: PdfCheckOptions = {}): Promise<Diagnostic[]> {
  if (options.independentReader === false) return rawOnly(bytes, expect).diagnostics;
  const { getDocument } = await importPdfjs();
  let doc: PdfJsDoc;
  try {
    doc = await getDocument({
      data: new Uint8Array(bytes), verbosity: 0, isEvalSupported: false, useSystemFonts: false, disableFontFace: true, stopAtErrors: true,
    }).promise;
  } catch (e) {
    return [error('X-PDF', `the PDF cannot be read: ${e instanceof Error ? e.message : String(e)}`)];
  }
  try {
    const { diagnostics: out, readable } = rawOnly(bytes, expect);
    if (!readable) return out;
    try {
      await pdfjsChecks(doc, (m) => { out.push(error('X-PDF', m)); });
    } catch (e) {
      out.push(error('X-PDF', `pdf.js could not read the pages: ${e instanceof Error ? e.message : String(e)}`));
    }
    return out;
  } finally {
    await doc.destroy();
  }
}

/** The checks on Lectern's own reading of the PDF's objects (fail-closed: unreadable is an error). */
function rawOnly(bytes: Uint8Array, expect: PdfExpectations): { diagnostics: Diagnostic[]; readable: boolean } {
  const out: Diagnostic[] = [];
  const fail = (m: string): void => { out.push(error('X-PDF', m)); };
  let raw: RawPdf;
  try {
    raw = rawPdf(bytes);
    raw.catalog();
  } catch (e) {
    return { diagnostics: [error('X-PDF', `the PDF's objects cannot be read: ${e instanceof Error ? e.message : String(e)}`)], readable: false };
  }
  try {
    out.push(...rawChecks(raw, fail, expect));
  } catch (e) {
    fail(`a check could not run: ${e instanceof Error ? e.message : String(e)}`);
  }
  return { diagnostics: out, readable: true };
}

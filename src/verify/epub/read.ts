/** Read an EPUB back: unzip it, parse its XML strictly, and give the text a reader gets. */
import { unzip } from './unzip.js';
import { descendants, parseXml, type XmlDocument, type XmlElement, type XmlNode } from './xml.js';

export { parseXml };
export type { XmlDocument, XmlElement, XmlNode } from './xml.js';
type Document = XmlDocument;
type Element = XmlElement;
type Node = XmlNode;

export interface EpubFile { readonly name: string; readonly bytes: Uint8Array; readonly compressed: boolean }

export interface ReadEpub {
  /** Zip entries in stored order. */
  readonly entries: readonly EpubFile[];
  get(name: string): EpubFile | undefined;
  text(name: string): string | undefined;
  /** The entry parsed as XML, once (the checks and the parity reading share it; do not mutate).
   * Throws when the entry is missing or not well-formed. */
  xml(name: string): Document;
  /** The entry parsed as XML, anew, kept by nobody but the caller. Throws as xml() does. */
  parse(name: string): Document;
}

const opened = new WeakMap<Uint8Array, Promise<ReadEpub>>();

/** Drops what readEpub keeps for these bytes (the build calls it once its checks are done). */
export function forgetEpub(bytes: Uint8Array): void {
  opened.delete(bytes);
}

/** One unzip per EPUB: the checks and the parity comparison read the same bytes. */
export function readEpub(bytes: Uint8Array): Promise<ReadEpub> {
  let r = opened.get(bytes);
  if (!r) { r = unzipEpub(bytes); opened.set(bytes, r); }
  return r;
}

async function unzipEpub(bytes: Uint8Array): Promise<ReadEpub> {
  const entries: EpubFile[] = unzip(bytes);
  const byName = new Map(entries.map((e) => [e.name, e]));
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const text = (name: string): string | undefined => {
    const e = byName.get(name);
    return e ? decoder.decode(e.bytes) : undefined;
  };
  const parsed = new Map<string, Document>();
  const parse = (name: string): Document => {
    const t = text(name);
    if (t === undefined) throw new Error(`${name} is missing from the EPUB`);
    return parseXml(t, name);
  };
  return {
    entries,
    get: (name) => byName.get(name),
    text,
    xml: (name) => {
      let d = parsed.get(name);
      if (!d) {
        d = parse(name);
        parsed.set(name, d);
      }
      return d;
    },
    parse,
  };
}

/** The package document: its path, the folder its hrefs are relative to, and its parsed XML. Throws when missing. */
export function packageDocument(epub: ReadEpub): { path: string; dir: string; opf: Document } {
  const c = epub.text('META-INF/container.xml');
  if (!c) throw new Error('META-INF/container.xml is missing');
  const path = elements(parseXml(c, 'container.xml'), 'rootfile')[0]?.getAttribute('full-path');
  if (!path) throw new Error('container.xml names no package document');
  const dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/') + 1) : '';
  return { path, dir, opf: parseXml(epub.text(path) ?? '', path) };
}

/** The elements of one local name (any namespace; `*`: every element) under `root`, in document order. */
export function elements(root: Document | Element, localName: string): Element[] {
  return descendants(root, localName === '*' ? undefined : localName);
}

const BLOCK = new Set(['p', 'td', 'th', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'dt', 'dd', 'blockquote', 'pre', 'figcaption', 'caption', 'tr', 'div', 'section', 'aside', 'nav', 'table', 'figure', 'ol', 'ul', 'dl', 'body']);

/**
 * The text of an element as a reader meets it: `<br/>` is a line break, block elements are
 * separated by blank lines, image alt text is read, elements hidden from everyone are skipped.
 */
export function readerText(node: Node, skip?: (el: Element) => boolean): string {
  return rawReaderText(node, skip).replace(/[ \t]*\n[ \t]*/g, '\n').replace(/\n{3,}/g, '\n\n').trim();
}

/**
 * readerText before its white space is tidied (runs around line breaks, blank lines, the ends):
 * for a reading that collapses white space anyway (parity.ts documentWords), the same words.
 */
export function rawReaderText(node: Node, skip?: (el: Element) => boolean): string {
  let out = '';
  const walk = (n: Node) => {
    if (n.nodeType === 3 || n.nodeType === 4) { out += n.nodeValue ?? ''; return; }
    if (n.nodeType !== 1) return;
    const el = n as Element;
    const name = el.localName;
    if (el.hasAttribute('hidden') || skip?.(el)) return;
    if (name === 'br') { out += '\n'; return; }
    if (name === 'img') { out += el.getAttribute('alt') ?? ''; return; }
    const block = BLOCK.has(name);
    if (block) out += '\n\n';
    for (let c = el.firstChild; c; c = c.nextSibling) walk(c);
    if (block) out += '\n\n';
  };
  walk(node);
  return out;
}

/** Paragraph-level text blocks of a document, in order (for comparing with the manuscript). */
export function textBlocks(node: Node): string[] {
  return readerText(node).split(/\n{2,}/).map((s) => s.trim()).filter((s) => s !== '');
}

/** Text exactly as written in the markup: `<br/>` is a line break, paragraphs end with one; no white-space folding. */
export function verbatimText(node: Node): string {
  let out = '';
  const walk = (n: Node) => {
    if (n.nodeType === 3 || n.nodeType === 4) { out += n.nodeValue ?? ''; return; }
    if (n.nodeType !== 1) return;
    const el = n as Element;
    if (el.localName === 'br') { out += '\n'; return; }
    for (let c = el.firstChild; c; c = c.nextSibling) walk(c);
    if (el.localName === 'p') out += '\n';
  };
  walk(node);
  return out;
}

/**
 * Lectern's own EPUB checks, fail-closed: anything it cannot read is an error. They cover what
 * EPUBCheck 4.2.6 does not (EPUB 3.3 and Accessibility 1.1 rules) and what Lectern promises
 * (rights verbatim, no script, every link resolves).
 */
import { error, type Diagnostic } from '../../model/diagnostic.js';
import { elements, packageDocument, readEpub, readerText, verbatimText, type XmlDocument, type XmlElement as Element } from './read.js';
import { documentWords, joinWords, norm, tocLabels, type EditionReading } from '../parity.js';

export interface EpubExpectations {
  /** The `::: rights` lines, which must appear verbatim in a rights block and in dc:rights. */
  readonly rightsLines?: readonly string[];
}

const A11Y_PROPERTIES = ['schema:accessMode', 'schema:accessModeSufficient', 'schema:accessibilityFeature', 'schema:accessibilityHazard', 'schema:accessibilitySummary'];

export async function checkEpub(bytes: Uint8Array, expect: EpubExpectations = {}): Promise<Diagnostic[]> {
  return (await readBackEpub(bytes, expect)).diagnostics;
}

/** What readBackEpub gives: the checks' findings and, when asked for, what a screen reader gets. */
export interface EpubReadBack {
  readonly diagnostics: Diagnostic[];
  /** The reading (parity.ts), or why it could not be had. Absent when not asked for. */
  readonly reading?: { readonly r: EditionReading } | { readonly err: unknown };
}

/** A link of a content document, resolved once every document's ids are known. */
interface LinkCheck { readonly name: string; readonly href: string; readonly target: string; readonly frag: string | undefined; readonly inNav: boolean }

/**
 * Lectern's EPUB checks and, with `reading`, the EPUB's reading for the parity check (the same as
 * parity.ts epubReading), in one pass over the content documents: each is parsed, checked, read
 * and let go before the next (a 500k-word book's documents parse into about 100 MB of trees, which
 * the build then never holds at once). Links are resolved at the end, from every document's ids.
 * The findings are the same, in the same order, as checking the documents one check at a time.
 */
export async function readBackEpub(bytes: Uint8Array, expect: EpubExpectations = {}, options: { reading?: boolean } = {}): Promise<EpubReadBack> {
  const out: Diagnostic[] = [];
  const fail = (msg: string) => out.push(error('X-EPUB', msg));
  let reading: EpubReadBack['reading'];
  try {
    checkMimetypeEntry(bytes, fail);
    const epub = await readEpub(bytes);
    const { dir: opfDir, opf } = packageDocument(epub);
    const pkg = opf.documentElement!;
    const dcLang = text(elements(opf, 'language')[0]);
    if (!dcLang) fail('dc:language is missing');
    if (pkg.getAttribute('xml:lang') !== dcLang) fail(`<package xml:lang="${pkg.getAttribute('xml:lang')}"> differs from dc:language "${dcLang}"`);
    const uid = pkg.getAttribute('unique-identifier');
    const ident = elements(opf, 'identifier').find((e) => e.getAttribute('id') === uid);
    if (!ident || !text(ident)) fail('the unique-identifier dc:identifier is missing');
    if (!text(elements(opf, 'title')[0])) fail('dc:title is missing');
    const metas = elements(opf, 'meta');
    const prop = (p: string) => metas.filter((m) => m.getAttribute('property') === p && !m.getAttribute('refines'));
    const modified = prop('dcterms:modified');
    if (modified.length !== 1 || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(text(modified[0]))) fail('exactly one dcterms:modified (YYYY-MM-DDThh:mm:ssZ) is required');
    for (const p of A11Y_PROPERTIES) if (prop(p).length === 0 || prop(p).some((m) => !text(m))) fail(`accessibility metadata ${p} is missing or empty`);
    for (const d of elements(opf, 'description')) if (!text(d)) fail('dc:description is empty');

    // manifest and spine
    const items = new Map<string, { href: string; type: string; props: string }>();
    for (const it of elements(opf, 'item')) items.set(it.getAttribute('id') ?? '', { href: opfDir + (it.getAttribute('href') ?? ''), type: it.getAttribute('media-type') ?? '', props: it.getAttribute('properties') ?? '' });
    for (const [id, it] of items) {
      const f = epub.get(decodeURI(it.href));
      if (!f) fail(`manifest item ${id} (${it.href}) is not in the container`);
      else if (f.bytes.length === 0) fail(`${it.href} is empty`);
    }
    const spine = elements(opf, 'itemref').map((r) => r.getAttribute('idref') ?? '');
    for (const id of spine) if (!items.has(id)) fail(`spine item ${id} is not in the manifest`);
    const navItems = [...items.values()].filter((i) => i.props.split(/\s+/).includes('nav'));
    if (navItems.length !== 1) fail('exactly one manifest item must be the nav document');
    const navHref = navItems[0]?.href;
    const spineHrefs = new Set(spine.map((id) => items.get(id)?.href));
    // the reading: the words of each spine document but the nav, in spine order, and the toc
    const spineText = new Map<string, string>();
    let toc: string[] = [];
    const readsSpine = (href: string) => options.reading === true && href !== navHref && spineHrefs.has(href);

    // Without the manuscript at hand, the OPF's dc:rights is the reference for the rights blocks.
    const dcRights = elements(opf, 'rights')[0]?.textContent ?? undefined;
    const rightsLines = expect.rightsLines ?? dcRights?.split('\n');
    const expectedRights = rightsLines?.filter((l) => l.trim() !== '');
    let rightsBlocks = 0;

    // content documents: well-formed, language, no script, links resolve. The findings of each
    // kind keep the order they would have if each kind were checked over every document in turn.
    const idFindings: Diagnostic[] = [];
    const elementFindings: (Diagnostic | LinkCheck)[] = [];
    const navFindings: Diagnostic[] = [];
    const rightsFindings: Diagnostic[] = [];
    const finding = (msg: string) => error('X-EPUB', msg);
    const ids = new Map<string, Set<string>>();
    for (const it of items.values()) {
      if (it.type !== 'application/xhtml+xml') continue;
      const name = it.href;
      const doc = epub.parse(name);
      const set = new Set<string>();
      const walk = (e: Element) => {
        const id = e.getAttribute('id');
        if (id) { if (set.has(id)) idFindings.push(finding(`${name}: id "${id}" is used twice`)); set.add(id); }
        for (let c = e.firstChild; c; c = c.nextSibling) if (c.nodeType === 1) walk(c as Element);
      };
      walk(doc.documentElement!);
      ids.set(name, set);
      const html = doc.documentElement!;
      const lang = html.getAttribute('lang');
      if (!lang || html.getAttribute('xml:lang') !== lang) idFindings.push(finding(`${name}: <html> needs lang and xml:lang, equal`));

      for (const el of elements(doc, '*')) {
        const ln = el.localName;
        if (['script', 'iframe', 'object', 'embed', 'form', 'input', 'button'].includes(ln)) elementFindings.push(finding(`${name}: <${ln}> is not allowed`));
        for (const attr of el.attributes) {
          if (/^on/i.test(attr.name)) elementFindings.push(finding(`${name}: event handler attribute ${attr.name}`));
          if (/^\s*(javascript|vbscript|data):/i.test(attr.value) && ['href', 'src', 'xlink:href'].includes(attr.name)) elementFindings.push(finding(`${name}: ${attr.name}="${attr.value.slice(0, 30)}" is not allowed`));
        }
        if (ln === 'img') {
          if (!el.hasAttribute('alt')) elementFindings.push(finding(`${name}: an <img> has no alt attribute`));
          const src = resolve(name, el.getAttribute('src') ?? '');
          if (!epub.get(src)) elementFindings.push(finding(`${name}: image ${src} is missing`));
        }
        if (ln === 'a' && el.hasAttribute('href')) {
          const href = el.getAttribute('href')!;
          if (/^[a-z][a-z0-9+.-]*:/i.test(href)) continue;
          const [file, frag] = href.split('#', 2) as [string, string | undefined];
          elementFindings.push({ name, href, target: file === '' ? name : resolve(name, file), frag, inNav: isInNav(el) });
        }
      }

      // nav document structure
      if (name === navHref) {
        const navs = elements(doc, 'nav');
        const ofType = (t: string) => navs.filter((n) => (n.getAttributeNS('http://www.idpf.org/2007/ops', 'type') ?? '').split(/\s+/).includes(t));
        if (ofType('toc').length !== 1) navFindings.push(finding('the nav document needs exactly one toc nav'));
        if (ofType('landmarks').length > 1) navFindings.push(finding('at most one landmarks nav'));
        if (ofType('page-list').length > 1) navFindings.push(finding('at most one page-list nav'));
        for (const n of navs) for (const a of elements(n, 'a')) if (!readerText(a).replace(/\s+/g, ' ').trim()) navFindings.push(finding('a nav link has an empty label'));
        const seen = new Set<string>();
        for (const l of ofType('landmarks')) for (const a of elements(l, 'a')) {
          const type = a.getAttributeNS('http://www.idpf.org/2007/ops', 'type');
          if (!type) navFindings.push(finding('a landmarks link has no epub:type'));
          const key = `${type} ${a.getAttribute('href')}`;
          if (seen.has(key)) navFindings.push(finding(`landmark ${key} appears twice`));
          seen.add(key);
        }
        if (options.reading) toc = tocLabels(doc);
      }

      // rights blocks, code point for code point (U+00A0 and © included), line breaks kept
      if (expectedRights) rightsBlocks += checkRightsBlocks(name, doc, expectedRights, rightsFindings);

      if (readsSpine(name)) spineText.set(name, documentWords(doc));
    }
    out.push(...idFindings);
    for (const f of elementFindings) {
      if (!('target' in f)) { out.push(f); continue; }
      const targetIds = ids.get(f.target);
      if (!targetIds) { fail(`${f.name}: link "${f.href}" points at no content document`); continue; }
      if (f.frag && !targetIds.has(decodeURIComponent(f.frag))) fail(`${f.name}: link "${f.href}" points at no element`);
      if (f.inNav && !spineHrefs.has(f.target)) fail(`${f.name}: navigation link "${f.href}" leads outside the spine`);
    }
    out.push(...navFindings);
    if (rightsLines) {
      out.push(...rightsFindings);
      if (rightsBlocks === 0) out.push(error('X-RIGHTS', 'the EPUB holds no rights block'));
      if ((dcRights ?? '') !== rightsLines.join('\n')) out.push(error('X-RIGHTS', 'dc:rights differs from the manuscript\'s rights block'));
    }

    if (options.reading) {
      try {
        const parts: string[] = [];
        for (const id of spine) {
          const item = items.get(id);
          if (!item || item.props.split(/\s+/).includes('nav')) continue;
          // a spine document the checks did not read (not XHTML by its media type) is read here
          parts.push(spineText.get(item.href) ?? documentWords(epub.parse(item.href)));
        }
        if (navHref === undefined) throw new Error('the EPUB names no nav document');
        reading = { r: { text: joinWords(parts), nav: toc, lang: norm(elements(opf, 'language')[0]?.textContent ?? '') } };
      } catch (err) {
        reading = { err };
      }
    }
  } catch (e) {
    out.push(error('X-EPUB', `the EPUB cannot be read: ${(e as Error).message}`));
    if (options.reading) reading ??= { err: e };
  }
  return { diagnostics: out, ...(reading ? { reading } : {}) };
}

function isInNav(el: Element): boolean {
  for (let p = el.parentNode; p; p = p.parentNode) if (p.localName === 'nav') return true;
  return false;
}

function checkMimetypeEntry(bytes: Uint8Array, fail: (m: string) => void): void {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 38 || dv.getUint32(0, true) !== 0x04034b50) { fail('not a zip file'); return; }
  const method = dv.getUint16(8, true);
  const nameLen = dv.getUint16(26, true);
  const extraLen = dv.getUint16(28, true);
  const name = new TextDecoder().decode(bytes.subarray(30, 30 + nameLen));
  const content = new TextDecoder().decode(bytes.subarray(30 + nameLen + extraLen, 30 + nameLen + extraLen + 20));
  if (name !== 'mimetype') fail('the first zip entry must be "mimetype"');
  else if (method !== 0) fail('the mimetype entry must be stored uncompressed');
  else if (!content.startsWith('application/epub+zip')) fail('the mimetype entry must hold application/epub+zip');
}

function resolve(from: string, rel: string): string {
  const base = from.includes('/') ? from.slice(0, from.lastIndexOf('/') + 1) : '';
  const parts = (base + decodeURI(rel)).split('/');
  const out: string[] = [];
  for (const p of parts) { if (p === '..') out.pop(); else if (p !== '.') out.push(p); }
  return out.join('/');
}

function text(e: Element | undefined): string {
  return (e?.textContent ?? '').trim();
}

/**
 * every rights block of a content document must hold the manuscript's lines code point for
 * code point (U+00A0 and © included) with its line breaks. Returns how many blocks it found.
 */
function checkRightsBlocks(name: string, doc: XmlDocument, expected: readonly string[], out: Diagnostic[]): number {
  let blocks = 0;
  for (const div of elements(doc, 'div')) {
    if (!(div.getAttribute('class') ?? '').split(/\s+/).includes('rights')) continue;
    blocks++;
    const got = verbatimText(div).split('\n').filter((l) => l.trim() !== '');
    if (got.length !== expected.length || got.some((l, i) => l !== expected[i])) {
      const i = got.findIndex((l, k) => l !== expected[k]);
      out.push(error('X-RIGHTS', `${name}: the rights block differs from the manuscript at line ${i + 1}: ${JSON.stringify(got[i])} instead of ${JSON.stringify(expected[i])}`));
    }
  }
  return blocks;
}

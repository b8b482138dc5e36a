/**
 * The built EPUB, unzipped and read back, for the sample manuscript and the rich fixture: what
 * standards.md §1 (package, navigation, container), §2 (accessibility metadata, language, roles)
 * and §5 (rights verbatim, metadata page, chronology) require of every book.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { XmlDocument as Document, XmlElement as Element } from '../../../src/verify/epub/read.js';
import { parse as parseYaml } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { elements } from '../../../src/verify/epub/read.js';
import {
  EPOCH_HUMAN, EPOCH_ISO, OPS, RICH_DIR, SAMPLE_DIR, allElements, brLines, byId, dc, hasClass, isInside, lineGroups,
  openEpub, opfMeta, opfRefines, renderedRightsGroups, scanRightsFence, sharedBuild, type Built, type EpubView,
} from '../../support/build-helpers.js';

interface BookCase {
  readonly name: string;
  readonly dir: string;
  /** The chapter file holding the `::: rights` fence, and its document stem in the EPUB. */
  readonly rightsFile: string;
  readonly rightsDoc: string;
  /** Non-decorative images in the manuscript. */
  readonly images: number;
}

const BOOKS: readonly BookCase[] = [
  { name: 'sample manuscript', dir: SAMPLE_DIR, rightsFile: 'article.md', rightsDoc: 'ch-article', images: 1 /* the generated cover */ },
  { name: 'rich fixture', dir: RICH_DIR, rightsFile: '03-carpets.md', rightsDoc: 'ch-03-carpets', images: 3 /* two in the text, the generated cover */ },
];

interface BookYaml {
  title: string; subtitle?: string; language: string; identifier: string; pdfIdentifier?: string; date: string;
  creators: { name: string; role?: string; fileAs?: string }[];
  publisher?: string; description?: string; subjects?: string[];
  source?: { publication?: string; place?: string; geographicCode?: string; date?: string; distributors?: string[]; url?: string };
}

const FEATURES = ['alternativeText', 'tableOfContents', 'structuralNavigation', 'readingOrder', 'displayTransformability', 'pageNavigation', 'pageBreakMarkers', 'MathML', 'describedMath'];
const HAZARDS = ['none', 'noFlashingHazard', 'noMotionSimulationHazard', 'noSoundHazard', 'unknown'];
/** epub:type -> the DPUB-ARIA role it must carry (Ace epub-type-has-matching-role). */
const MATCHING_ROLE: Record<string, string> = {
  chapter: 'doc-chapter', appendix: 'doc-appendix', colophon: 'doc-colophon', toc: 'doc-toc',
  footnote: 'doc-footnote', endnotes: 'doc-endnotes', noteref: 'doc-noteref', pagebreak: 'doc-pagebreak', 'page-list': 'doc-pagelist',
};

const epubType = (e: Element): string[] => (e.getAttributeNS(OPS, 'type') ?? '').split(/\s+/).filter(Boolean);
const textOf = (e: Element | undefined): string => e?.textContent ?? '';
const norm = (s: string): string => s.replace(/\s+/g, ' ').trim();

function validDatetime(v: string): boolean {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(v);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), m[2] === undefined ? 1 : Number(m[2]), m[3] === undefined ? 1 : Number(m[3])];
  if (mo < 1 || mo > 12) return false;
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

describe.each(BOOKS)('EPUB read-back: $name', (b) => {
  let built: Built;
  let v: EpubView;
  let yaml: BookYaml;
  let rightsLines: string[];
  let nav: Document;
  const navs = (type: string) => elements(nav, 'nav').filter((n) => epubType(n).includes(type));

  beforeAll(async () => {
    built = await sharedBuild(b.dir);
    v = await openEpub(built.epubBytes);
    yaml = parseYaml(readFileSync(path.join(b.dir, 'book.yaml'), 'utf8')) as BookYaml;
    rightsLines = scanRightsFence(readFileSync(path.join(b.dir, b.rightsFile), 'utf8'));
    nav = v.doc(v.navPath);
  });

  it('builds with no errors and no warnings', () => {
    expect(built.diagnostics).toEqual([]);
  });

  // ---------------------------------------------------------------- container (E-OCF-1, E-OCF-2)

  it('E-OCF-1: mimetype is the first entry, stored, and says application/epub+zip', () => {
    const first = v.zip.entries[0]!;
    expect(first.name).toBe('mimetype');
    expect(first.compressed).toBe(false);
    expect(v.zip.text('mimetype')).toBe('application/epub+zip');
  });

  it('E-OCF-2: every manifest item is in the container, non-empty; nothing is remote', () => {
    for (const item of v.manifest.values()) {
      const f = v.zip.get(item.href);
      expect(f, item.href).toBeDefined();
      expect(f!.bytes.length, item.href).toBeGreaterThan(0);
    }
    for (const [name, d] of v.contentDocuments()) {
      for (const e of allElements(d)) {
        for (const attr of ['src', 'href']) {
          const val = e.getAttribute(attr);
          if (val === null || val === '') continue;
          if (e.localName === 'a') continue; // links to the web are fine; resources are not
          expect(val, `${name} <${e.localName} ${attr}>`).not.toMatch(/^[a-z][a-z0-9+.-]*:|^\/\//i);
        }
      }
    }
  });

  // ---------------------------------------------------------------- package metadata (E-PKG-*)

  it('E-PKG-1: exactly one dcterms:modified, from SOURCE_DATE_EPOCH', () => {
    expect(opfMeta(v.opf, 'dcterms:modified')).toEqual([EPOCH_ISO]);
  });

  it('E-PKG-2: identifier, title, language; <package xml:lang> = dc:language', () => {
    const pkg = v.opf.documentElement!;
    const uid = pkg.getAttribute('unique-identifier');
    const ids = dc(v.opf, 'identifier').filter((e) => e.getAttribute('id') === uid);
    expect(ids.map(textOf)).toEqual([yaml.identifier]);
    expect(textOf(dc(v.opf, 'title').find((t) => t.getAttribute('id') === 'title') ?? dc(v.opf, 'title')[0])).toBe(yaml.title);
    expect(dc(v.opf, 'language').map(textOf)).toEqual([yaml.language]);
    expect(pkg.getAttribute('xml:lang')).toBe(yaml.language);
  });

  it('E-PKG-3: one dc:creator per creator, in order, with role (and file-as) refinements', () => {
    const creators = dc(v.opf, 'creator');
    expect(creators.map(textOf)).toEqual(yaml.creators.map((c) => c.name));
    creators.forEach((c, i) => {
      const id = c.getAttribute('id') ?? '';
      expect(id, 'a dc:creator needs an id to be refined').not.toBe('');
      expect(opfRefines(v.opf, id, 'role')).toEqual([yaml.creators[i]!.role ?? 'aut']);
      const role = elements(v.opf, 'meta').find((m) => m.getAttribute('refines') === `#${id}` && m.getAttribute('property') === 'role');
      expect(role?.getAttribute('scheme')).toBe('marc:relators');
      expect(opfRefines(v.opf, id, 'file-as')).toEqual(yaml.creators[i]!.fileAs ? [yaml.creators[i]!.fileAs] : []);
    });
  });

  it('E-PKG-3: dc:source names the original; dc:description is absent or non-empty; publisher, date, subjects', () => {
    const sources = dc(v.opf, 'source').map(textOf);
    expect(sources.length).toBeGreaterThan(0);
    expect(sources.some((s) => s.includes(yaml.source!.publication!))).toBe(true);
    for (const d of dc(v.opf, 'description')) expect(norm(textOf(d))).not.toBe('');
    expect(dc(v.opf, 'description').map((d) => norm(textOf(d)))).toEqual(yaml.description ? [norm(yaml.description)] : []);
    expect(dc(v.opf, 'publisher').map(textOf)).toEqual(yaml.publisher ? [yaml.publisher] : []);
    expect(dc(v.opf, 'date').map(textOf)).toEqual([String(yaml.date)]);
    expect(dc(v.opf, 'subject').map(textOf)).toEqual(yaml.subjects ?? []);
  });

  it('E-PKG-3 / X-1: dc:rights is the manuscript\'s rights lines joined with line breaks', () => {
    expect(dc(v.opf, 'rights').map(textOf)).toEqual([rightsLines.join('\n')]);
  });

  it('E-PKG-2: the identifier is the one book.yaml gives (stable across builds)', () => {
    expect(yaml.identifier).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
    expect(textOf(dc(v.opf, 'identifier')[0])).toBe(yaml.identifier);
  });

  // ---------------------------------------------------------------- accessibility metadata (E-A11Y-*)

  it('E-A11Y-1/2: all five schema.org properties, one meta per value, from the vocabulary', () => {
    for (const p of ['schema:accessMode', 'schema:accessModeSufficient', 'schema:accessibilityFeature', 'schema:accessibilityHazard', 'schema:accessibilitySummary']) {
      const values = opfMeta(v.opf, p);
      expect(values.length, p).toBeGreaterThan(0);
      for (const val of values) expect(norm(val), p).not.toBe('');
      if (p !== 'schema:accessibilitySummary') expect(new Set(values).size, `${p} repeats a value`).toBe(values.length);
    }
    expect(opfMeta(v.opf, 'schema:accessibilitySummary')).toHaveLength(1);
    for (const f of opfMeta(v.opf, 'schema:accessibilityFeature')) expect(FEATURES).toContain(f);
    for (const h of opfMeta(v.opf, 'schema:accessibilityHazard')) expect(HAZARDS).toContain(h);
    for (const m of opfMeta(v.opf, 'schema:accessMode')) expect(['textual', 'visual']).toContain(m);
    for (const s of opfMeta(v.opf, 'schema:accessModeSufficient')) for (const m of s.split(',')) expect(['textual', 'visual']).toContain(m);
  });

  it('E-A11Y-3: the claims are true of the content', () => {
    const features = opfMeta(v.opf, 'schema:accessibilityFeature');
    const modes = opfMeta(v.opf, 'schema:accessMode');
    // images: count what the content documents really hold
    const imgs = v.contentDocuments().flatMap(([, d]) => elements(d, 'img'));
    const informative = imgs.filter((i) => i.getAttribute('role') !== 'presentation' && i.getAttribute('alt') !== '');
    expect(informative).toHaveLength(b.images);
    expect(modes.includes('visual')).toBe(b.images > 0);
    expect(modes).toContain('textual');
    expect(features.includes('alternativeText')).toBe(b.images > 0 && informative.every((i) => (i.getAttribute('alt') ?? '').trim() !== ''));
    expect(opfMeta(v.opf, 'schema:accessModeSufficient')).toContain('textual');
    // toc nav exists <=> tableOfContents
    expect(features.includes('tableOfContents')).toBe(navs('toc').length === 1);
    // page-list <=> pageNavigation and pageBreakMarkers
    const pageList = navs('page-list').length > 0;
    expect(features.includes('pageNavigation')).toBe(pageList);
    expect(features.includes('pageBreakMarkers')).toBe(pageList);
    // structuralNavigation only when no heading level is skipped in any content document
    let skipped = false;
    for (const [name, d] of v.contentDocuments()) {
      if (name === v.navPath) continue;
      let level = 0;
      for (const e of allElements(d)) {
        const m = /^h([1-6])$/.exec(e.localName ?? '');
        if (!m || isInside(e, (a) => a.localName === 'aside')) continue;
        if (Number(m[1]) > level + 1) skipped = true;
        level = Number(m[1]);
      }
    }
    expect(features.includes('structuralNavigation')).toBe(!skipped);
    // nothing that moves or sounds
    const media = v.contentDocuments().flatMap(([, d]) => [...elements(d, 'audio'), ...elements(d, 'video'), ...elements(d, 'script')]);
    expect(media).toEqual([]);
    expect(opfMeta(v.opf, 'schema:accessibilityHazard')).toEqual(['none']);
  });

  it('E-A11Y-4: no conformance claim without an attested review', () => {
    expect(opfMeta(v.opf, 'dcterms:conformsTo')).toEqual([]);
    expect(opfMeta(v.opf, 'a11y:certifiedBy')).toEqual([]);
    expect(opfMeta(v.opf, 'schema:accessibilitySummary')[0]).toMatch(/not yet been reviewed|no conformance claim/);
  });

  // ---------------------------------------------------------------- navigation (E-NAV-*)

  it('E-NAV-1: one toc nav (role doc-toc), at most one landmarks and one page-list, each a flat ol', () => {
    expect(navs('toc')).toHaveLength(1);
    expect(navs('toc')[0]!.getAttribute('role')).toBe('doc-toc');
    expect(navs('landmarks')).toHaveLength(1);
    expect(navs('page-list').length).toBeLessThanOrEqual(1);
    for (const n of [...navs('landmarks'), ...navs('page-list')]) {
      const ols = elements(n, 'ol');
      expect(ols).toHaveLength(1);
      expect(elements(ols[0]!, 'ol')).toEqual([]);
    }
  });

  it('E-NAV-2: landmarks have toc, bodymatter, appendix and colophon, each typed, none repeated', () => {
    const links = elements(navs('landmarks')[0]!, 'a');
    const types = links.map((a) => a.getAttributeNS(OPS, 'type') ?? '');
    for (const t of types) expect(t).not.toBe('');
    expect(types).toEqual(expect.arrayContaining(['toc', 'bodymatter', 'appendix', 'colophon']));
    const keys = links.map((a) => `${a.getAttributeNS(OPS, 'type')} ${a.getAttribute('href')}`);
    expect(new Set(keys).size).toBe(keys.length);
    const target = (t: string) => v.resolve(v.navPath, links[types.indexOf(t)]!.getAttribute('href')!).path;
    expect(target('colophon')).toBe(v.pathOf('about'));
    expect(target('appendix')).toBe(v.pathOf('chronology'));
    expect(target('toc')).toBe(v.navPath);
    // bodymatter: the first document whose body is bodymatter
    const firstBody = v.spine.find((p) => epubType(elements(v.doc(p), 'body')[0]!).includes('bodymatter'));
    expect(target('bodymatter')).toBe(firstBody);
  });

  it('E-NAV-3: every nav link resolves to a spine document and an existing id; labels are not empty', () => {
    const spine = new Set(v.spine);
    let count = 0;
    for (const n of elements(nav, 'nav')) {
      for (const a of elements(n, 'a')) {
        count++;
        expect(norm(a.textContent ?? ''), 'empty nav label').not.toBe('');
        const href = a.getAttribute('href') ?? '';
        const { path: target, fragment } = v.resolve(v.navPath, href);
        expect(spine.has(target), `${href} is not in the spine`).toBe(true);
        if (fragment !== undefined) expect(byId(v.doc(target), fragment), `${href}: no element with that id`).toBeDefined();
      }
    }
    expect(count).toBeGreaterThan(3);
  });

  it('E-NAV-3: the toc follows spine order, and document order inside a document', () => {
    const links = elements(navs('toc')[0]!, 'a').map((a) => v.resolve(v.navPath, a.getAttribute('href') ?? ''));
    const spineIndex = links.map((l) => v.spine.indexOf(l.path));
    for (const i of spineIndex) expect(i).toBeGreaterThanOrEqual(0);
    for (let i = 1; i < spineIndex.length; i++) expect(spineIndex[i]!, `toc entry ${i + 1} goes back in the spine`).toBeGreaterThanOrEqual(spineIndex[i - 1]!);
    // within one document, anchors appear in document order (no fragment = the top)
    const order = (p: string) => allElements(v.doc(p)).map((e) => e.getAttribute('id'));
    for (let i = 1; i < links.length; i++) {
      const [a, c] = [links[i - 1]!, links[i]!];
      if (a.path !== c.path) continue;
      const ids = order(c.path);
      const pos = (f: string | undefined) => (f === undefined ? -1 : ids.indexOf(f));
      expect(pos(c.fragment), `${c.path}#${c.fragment} comes before #${a.fragment}`).toBeGreaterThan(pos(a.fragment));
    }
    // every manuscript chapter and the generated documents are in the toc
    const inToc = new Set(links.map((l) => l.path));
    for (const stem of ['about', 'chronology']) expect(inToc.has(v.pathOf(stem))).toBe(true);
    for (const p of v.spine) if (epubType(elements(v.doc(p), 'body')[0]!).includes('bodymatter')) expect(inToc.has(p), p).toBe(true);
  });

  // ---------------------------------------------------------------- documents (E-A11Y-6)

  it('E-A11Y-6: every content document has lang and xml:lang, equal to the book\'s language', () => {
    for (const [name, d] of v.contentDocuments()) {
      const html = d.documentElement!;
      expect(html.getAttribute('lang'), name).toBe(yaml.language);
      expect(html.getAttribute('xml:lang'), name).toBe(yaml.language);
    }
  });

  it('E-A11Y-6: each epub:type with a DPUB-ARIA counterpart carries its role', () => {
    const seen = new Set<string>();
    for (const [name, d] of v.contentDocuments()) {
      for (const e of allElements(d)) {
        // a landmarks link's epub:type names the landmark, it is not a semantic of the link
        if (isInside(e, (a) => a.localName === 'nav' && epubType(a).includes('landmarks'))) continue;
        for (const t of epubType(e)) {
          if (!(t in MATCHING_ROLE)) continue;
          seen.add(t);
          expect((e.getAttribute('role') ?? '').split(/\s+/), `${name}: <${e.localName} epub:type="${t}">`).toContain(MATCHING_ROLE[t]);
        }
      }
    }
    expect([...seen]).toEqual(expect.arrayContaining(['chapter', 'appendix', 'colophon', 'toc']));
    // the sections themselves: one chapter section per manuscript document, one appendix, one colophon
    const sectionsOf = (t: string) => v.contentDocuments().flatMap(([, d]) => elements(d, 'section').filter((s) => epubType(s).includes(t)));
    expect(sectionsOf('appendix')).toHaveLength(1);
    expect(sectionsOf('colophon')).toHaveLength(1);
    expect(sectionsOf('chapter').length).toBeGreaterThan(0);
  });

  it('ids are unique in each document; no script, forms or event handlers', () => {
    for (const [name, d] of v.contentDocuments()) {
      const ids = allElements(d).map((e) => e.getAttribute('id')).filter((i): i is string => !!i);
      expect(new Set(ids).size, name).toBe(ids.length);
      for (const e of allElements(d)) {
        expect(['script', 'iframe', 'object', 'embed', 'form'], name).not.toContain(e.localName);
        for (const a of e.attributes) expect(a.name, name).not.toMatch(/^on/i);
      }
    }
  });

  // ---------------------------------------------------------------- chronology (X-4)

  it('X-4: every <time datetime> is a valid yyyy, yyyy-mm or yyyy-mm-dd date', () => {
    let n = 0;
    for (const [name, d] of v.contentDocuments()) {
      for (const t of elements(d, 'time')) {
        n++;
        const dt = t.getAttribute('datetime') ?? '';
        expect(validDatetime(dt), `${name}: <time datetime="${dt}">`).toBe(true);
        expect(norm(t.textContent ?? ''), name).not.toBe('');
      }
    }
    expect(n).toBeGreaterThan(0);
  });

  it('X-4: the appendix lists events whose links resolve to the passage, whose dates are marked there', () => {
    const chrono = v.doc(v.pathOf('chronology'));
    const section = elements(chrono, 'section').find((s) => epubType(s).includes('appendix'))!;
    expect(section.getAttribute('role')).toBe('doc-appendix');
    const items = elements(section, 'li');
    expect(items.length).toBeGreaterThanOrEqual(3);
    const bodyTimes = new Set(v.spine.filter((p) => p !== v.pathOf('chronology')).flatMap((p) => elements(v.doc(p), 'time').map((t) => t.getAttribute('datetime'))));
    for (const li of items) {
      const times = elements(li, 'time');
      expect(times.length).toBeGreaterThan(0);
      const links = elements(li, 'a');
      expect(links.length).toBeGreaterThan(0);
      for (const a of links) {
        const { path: target, fragment } = v.resolve(v.pathOf('chronology'), a.getAttribute('href') ?? '');
        expect(v.spine).toContain(target);
        expect(fragment).toBeDefined();
        const el = byId(v.doc(target), fragment!);
        expect(el, `${a.getAttribute('href')}`).toBeDefined();
        // the passage linked to holds the date, marked as a <time>
        const marked = elements(el!, 'time').map((t) => t.getAttribute('datetime'));
        expect(marked, `${a.getAttribute('href')}`).toContain(times[0]!.getAttribute('datetime'));
      }
      expect(bodyTimes.has(times[0]!.getAttribute('datetime'))).toBe(true);
    }
    // events are in time order
    const dts = items.map((li) => elements(li, 'time')[0]!.getAttribute('datetime')!);
    expect([...dts].sort()).toEqual(dts);
  });

  it('X-4: no date inside a rights block is marked or listed', () => {
    for (const [name, d] of v.contentDocuments()) {
      for (const div of elements(d, 'div').filter((e) => hasClass(e, 'rights'))) expect(elements(div, 'time'), name).toEqual([]);
    }
  });

  // ---------------------------------------------------------------- rights (X-1)

  it('X-1: the rights block appears in the chapter and on the metadata page, line for line, code point for code point', () => {
    expect(rightsLines.length).toBeGreaterThan(3);
    expect(rightsLines.join('\n')).toContain('\u00a9');
    const expected = lineGroups(rightsLines);
    const blocks: [string, Element][] = [];
    for (const [name, d] of v.contentDocuments()) for (const div of elements(d, 'div').filter((e) => hasClass(e, 'rights'))) blocks.push([name, div]);
    expect(blocks.map(([n]) => n).sort()).toEqual([v.pathOf('about'), v.pathOf(b.rightsDoc)].sort());
    for (const [name, div] of blocks) {
      const got = renderedRightsGroups(div);
      expect(got, name).toEqual(expected);
      // each line is its own line: one <br/> between consecutive lines of a group, no more
      for (const p of elements(div, 'p')) expect(elements(p, 'br').length).toBe(brLines(p).length - 1);
      // and the characters are the same code points, not lookalikes
      const cps = (s: string) => [...s].map((c) => c.codePointAt(0));
      expect(cps(got.flat().join('\n')), name).toEqual(cps(expected.flat().join('\n')));
    }
  });

  // ---------------------------------------------------------------- the metadata page (X-3)

  it('X-3: the metadata page states the fields of book.yaml and the build', () => {
    const about = v.doc(v.pathOf('about'));
    const section = elements(about, 'section').find((s) => epubType(s).includes('colophon'))!;
    expect(section).toBeDefined();
    const fields = new Map<string, string>();
    for (const dl of elements(section, 'dl')) {
      let term = '';
      for (let c = dl.firstChild; c; c = c.nextSibling) {
        if (c.nodeType !== 1) continue;
        const e = c as Element;
        if (e.localName === 'dt') term = norm(e.textContent ?? '');
        if (e.localName === 'dd') fields.set(term, `${fields.has(term) ? `${fields.get(term)}\n` : ''}${norm(e.textContent ?? '')}`);
      }
    }
    const field = (re: RegExp): string => {
      const hits = [...fields].filter(([k]) => re.test(k));
      expect(hits.map(([k]) => k), `one field matching ${re}; fields: ${[...fields.keys()].join(' | ')}`).toHaveLength(1);
      return hits[0]![1];
    };
    expect(field(/^title$/i)).toContain(yaml.title);
    if (yaml.subtitle) expect(field(/^title$/i)).toContain(yaml.subtitle);
    for (const c of yaml.creators) {
      const label = { aut: /^author$/i, trl: /^translator$/i }[c.role ?? 'aut']!;
      expect(field(label)).toBe(c.name);
    }
    const src = yaml.source!;
    expect(field(/original publication/i)).toBe(src.publication);
    expect(field(/^place$/i)).toBe(src.place);
    const [y, m, d] = String(src.date).split('-').map(Number) as [number, number, number];
    const human = `${d} ${new Date(Date.UTC(y, m - 1, d)).toLocaleString('en-GB', { month: 'long', timeZone: 'UTC' })} ${y}`;
    expect(field(/date of the original/i)).toBe(human);
    expect(field(/geographic code/i)).toBe(src.geographicCode);
    for (const dist of src.distributors ?? []) expect(field(/distributor/i)).toContain(dist);
    if (src.url) expect(field(/address|url/i)).toBe(src.url);
    expect(field(/identifier of this edition/i)).toBe(yaml.identifier);
    expect(field(/identifier of the pdf/i)).toMatch(/^urn:/);
    if (yaml.pdfIdentifier) expect(field(/identifier of the pdf/i)).toBe(yaml.pdfIdentifier);
    expect(field(/identifier of the pdf/i)).not.toBe(yaml.identifier);
    const builtField = field(/^built/i);
    expect(builtField).toContain(EPOCH_ISO);
    expect(builtField).toContain(EPOCH_HUMAN);
    expect(field(/^language$/i)).toContain(`(${yaml.language})`);
    expect(field(/^language$/i)).toMatch(/English/);
    if (yaml.publisher) expect(field(/^publisher$/i)).toBe(yaml.publisher);
  });

  it('X-3: the metadata page\'s accessibility statement is the OPF\'s schema:accessibilitySummary', () => {
    const summary = opfMeta(v.opf, 'schema:accessibilitySummary')[0]!;
    const about = v.doc(v.pathOf('about'));
    const paras = elements(about, 'p').map((p) => p.textContent ?? '');
    expect(paras).toContain(summary);
    // and, while no review is attested, it lists what a person has still to check
    expect(norm(about.documentElement!.textContent ?? '')).toMatch(/still to check/i);
  });
});

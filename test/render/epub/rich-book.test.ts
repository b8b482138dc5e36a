/**
 * The rich fixture read back from its built EPUB: every construct of the manuscript format comes
 * out as the right XHTML, with its text unchanged; and a variant with an attested review makes
 * the conformance claim (E-A11Y-4).
 */
import { readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { XmlDocument as Document, XmlElement as Element } from '../../../src/verify/epub/read.js';
import { beforeAll, describe, expect, it, afterAll } from 'vitest';
import { CONFORMANCE } from '../../../src/enrich/accessibility.js';
import { elements } from '../../../src/verify/epub/read.js';
import {
  OPS, RICH_DIR, byId, buildBook, cleanTemps, copyManuscript, dc, hasClass, openEpub, opfMeta, opfRefines,
  renderedRightsGroups, scanRightsFence, sha256, sharedBuild, type EpubView,
} from '../../support/build-helpers.js';

afterAll(cleanTemps);

let v: EpubView;
let ch1: Document;
let ch2: Document;
let ch3: Document;

beforeAll(async () => {
  const built = await sharedBuild(RICH_DIR);
  v = await openEpub(built.epubBytes);
  ch1 = v.doc(v.pathOf('ch-01-arrival'));
  ch2 = v.doc(v.pathOf('ch-02-journey'));
  ch3 = v.doc(v.pathOf('ch-03-carpets'));
});

const text = (d: Document | Element) => ('documentElement' in d ? d.documentElement!.textContent : d.textContent) ?? '';
const one = (root: Document | Element, name: string, pred: (e: Element) => boolean = () => true): Element => {
  const hits = elements(root, name).filter(pred);
  expect(hits, `one <${name}>`).toHaveLength(1);
  return hits[0]!;
};

describe('rich fixture: documents and order', () => {
  it('puts the three chapter files in the spine by file name, after the front matter, before the chronology', () => {
    const stems = v.spine.map((p) => path.basename(p, '.xhtml'));
    expect(stems).toEqual(['cover', 'titlepage', 'about', 'toc', 'ch-01-arrival', 'ch-02-journey', 'ch-03-carpets', 'chronology']);
  });

  it('nests the toc by heading level: h1 > h2 > h3', () => {
    const toc = elements(v.doc(v.navPath), 'nav').find((n) => (n.getAttributeNS(OPS, 'type') ?? '') === 'toc')!;
    const li = elements(toc, 'li').find((l) => elements(l, 'a')[0]!.textContent === 'Arrival in Baku')!;
    const inner = elements(li, 'a').map((a) => [a.textContent, a.getAttribute('href')]);
    expect(inner).toEqual([
      ['Arrival in Baku', 'ch-01-arrival.xhtml'],
      ['The old city', 'ch-01-arrival.xhtml#old-city'],
      ['Things to see', 'ch-01-arrival.xhtml#things-to-see'],
    ]);
    expect(elements(elements(elements(li, 'ol')[0]!, 'li')[0]!, 'ol')).toHaveLength(1);
  });
});

describe('rich fixture: inline and block constructs', () => {
  it('headings h1, h2, h3 with their ids', () => {
    expect(elements(ch1, 'h1').map((h) => [h.getAttribute('id'), h.textContent])).toEqual([['arrival', 'Arrival in Baku']]);
    expect(elements(ch1, 'h2').map((h) => [h.getAttribute('id'), h.textContent])).toEqual([['old-city', 'The old city']]);
    expect(elements(ch1, 'h3').map((h) => h.textContent)).toEqual(['Things to see']);
  });

  it('emphasis, strong and code', () => {
    expect(elements(ch1, 'em').map((e) => e.textContent)).toEqual(['salt']);
    expect(elements(ch1, 'strong').map((e) => e.textContent)).toEqual(['oil']);
    expect(elements(ch1, 'code').map((e) => e.textContent)).toEqual(['BAKU-PORT']);
    expect(elements(ch3, 'em').map((e) => e.textContent)).toEqual(['xalça']);
  });

  it('language spans with lang and xml:lang', () => {
    const spans = elements(ch1, 'span').filter((s) => s.getAttribute('lang') !== null);
    expect(spans.map((s) => [s.getAttribute('lang'), s.getAttribute('xml:lang'), s.textContent])).toEqual([
      ['az', 'az', 'Azərbaycan dili çox gözəldir'], ['el', 'el', 'Κασπία θάλασσα'], ['ru', 'ru', 'Каспийское море'],
    ]);
  });

  it('non-Latin letters as themselves, in NFC, not as entities', () => {
    const raw = v.zip.text(v.pathOf('ch-01-arrival'))!;
    for (const s of ['ə, ğ, ı, ş, ç, ö, ü', 'Κασπία θάλασσα', 'Каспийское море', 'İçərişəhər', 'Əli']) {
      expect(raw).toContain(s);
      expect(s.normalize('NFC')).toBe(s);
    }
    expect(raw).not.toMatch(/&#\d+;|&#x[0-9a-f]+;/i);
    expect(text(ch2)).toContain('Sumqayıt');
  });

  it('external links kept; internal links (#id and other-file.md#id) point at existing ids', () => {
    const links = elements(ch1, 'a').filter((a) => !a.getAttributeNS(OPS, 'type') && a.getAttribute('role') !== 'doc-backlink').map((a) => [a.textContent, a.getAttribute('href')]);
    expect(links).toEqual([
      ['the journey north', 'ch-02-journey.xhtml#caspian-road'],
      ['the old city', '#old-city'],
      ['Wikipedia', 'https://en.wikipedia.org/wiki/Azerbaijani_language'],
    ]);
    expect(byId(ch2, 'caspian-road')?.localName).toBe('h2');
    expect(byId(ch1, 'old-city')?.localName).toBe('h2');
    const back = elements(ch2, 'a').find((a) => a.textContent === 'the arrival')!;
    expect(back.getAttribute('href')).toBe('ch-01-arrival.xhtml#arrival');
  });

  it('an ordered list with a nested bullet list, and a bullet list with a nested ordered list', () => {
    const ol = elements(ch1, 'ol')[0]!;
    expect(elements(ol, 'li').filter((li) => li.parentNode === ol).map((li) => elements(li, 'p')[0]!.textContent)).toEqual(['The Maiden Tower', 'The Palace of the Shirvanshahs', 'The caravanserai']);
    const nested = elements(ol, 'ul');
    expect(nested).toHaveLength(1);
    expect(elements(nested[0]!, 'li').map((li) => li.textContent)).toEqual(['the courtyard', 'the mausoleum']);
    const ul = elements(ch2, 'ul')[0]!;
    expect(elements(ul, 'ol')).toHaveLength(1);
    expect(elements(elements(ul, 'ol')[0]!, 'li').map((li) => li.textContent)).toEqual(['from the village', 'from the market']);
  });

  it('a block quote of two paragraphs', () => {
    const q = one(ch2, 'blockquote');
    expect(elements(q, 'p').map((p) => p.textContent)).toEqual(['The sea is never the same colour twice.', '— a fisherman at Nabran']);
  });

  it('a table with header cells (scope col) and the column alignments', () => {
    const table = one(ch2, 'table');
    const th = elements(table, 'th');
    expect(th.map((c) => [c.textContent, c.getAttribute('scope'), c.getAttribute('class')])).toEqual([
      ['Town', 'col', 'align-left'], ['Distance (km)', 'col', 'align-right'], ['Arrived', 'col', 'align-center'],
    ]);
    const rows = elements(elements(table, 'tbody')[0]!, 'tr').map((r) => elements(r, 'td').map((c) => c.textContent));
    expect(rows).toEqual([['Sumqayıt', '31', 'morning'], ['Quba', '168', 'evening']]);
  });

  it('footnotes: a noteref to an aside footnote with a back-link', () => {
    for (const d of [ch1, ch2]) {
      const ref = one(d, 'a', (a) => a.getAttributeNS(OPS, 'type') === 'noteref');
      expect(ref.getAttribute('role')).toBe('doc-noteref');
      const note = byId(d, ref.getAttribute('href')!.slice(1))!;
      expect(note.localName).toBe('aside');
      expect(note.getAttributeNS(OPS, 'type')).toBe('footnote');
      const backs = elements(note, 'a').filter((a) => a.getAttribute('role') === 'doc-backlink');
      expect(backs.map((a) => a.getAttribute('href'))).toEqual([`#${ref.getAttribute('id')}`]);
    }
    expect(text(ch1)).toContain('Both names mean "the Caspian Sea"; the notebook keeps each as written.');
  });

  it('a definition list', () => {
    const dl = one(ch3, 'dl');
    const kids = elements(dl, '*').filter((e) => e.parentNode === dl).map((e) => [e.localName, (e.textContent ?? '').trim()]);
    expect(kids).toEqual([
      ['dt', 'Carpet'], ['dd', 'A woven floor covering, xalça in Azerbaijani.'],
      ['dt', 'Kilim'], ['dd', 'A flat-woven carpet without a pile.'],
    ]);
  });
});

describe('rich fixture: images', () => {
  it('keeps each alt as written; the decorative image has alt="" and role="presentation" (E-A11Y-8)', () => {
    const img1 = one(ch1, 'img');
    expect(img1.getAttribute('alt')).toBe('A grid map of the Caspian coast with Baku marked in the middle');
    const img3 = one(ch3, 'img');
    expect(img3.getAttribute('alt')).toBe('A square carpet pattern in red and blue');
    const deco = one(ch2, 'img');
    expect(deco.getAttribute('alt')).toBe('');
    expect(deco.getAttribute('role')).toBe('presentation');
    for (const i of [img1, img3, deco]) expect(i.getAttribute('alt')).not.toMatch(/placeholder/i);
  });

  it('packs each PNG byte for byte, with its size and media type', async () => {
    const pairs: [Element, string, [number, number]][] = [
      [one(ch1, 'img'), 'caspian-map.png', [24, 16]], [one(ch2, 'img'), 'rule.png', [40, 4]], [one(ch3, 'img'), 'carpet.png', [16, 16]],
    ];
    for (const [img, file, [w, h]] of pairs) {
      const { path: inZip } = v.resolve(v.pathOf('ch-01-arrival'), img.getAttribute('src')!);
      const packed = v.zip.get(inZip)!;
      expect(packed, inZip).toBeDefined();
      expect(sha256(packed.bytes)).toBe(sha256(await readFile(path.join(RICH_DIR, 'images', file))));
      expect([img.getAttribute('width'), img.getAttribute('height')]).toEqual([String(w), String(h)]);
      const item = [...v.manifest.values()].find((m) => m.href === inZip)!;
      expect(item.mediaType).toBe('image/png');
    }
  });

  it('claims accessMode visual and alternativeText, both true (E-A11Y-3)', () => {
    expect(opfMeta(v.opf, 'schema:accessMode')).toEqual(expect.arrayContaining(['textual', 'visual']));
    expect(opfMeta(v.opf, 'schema:accessibilityFeature')).toContain('alternativeText');
    expect(opfMeta(v.opf, 'schema:accessModeSufficient')).toEqual(expect.arrayContaining(['textual', 'textual,visual']));
    // two in the text and the generated cover
    expect(opfMeta(v.opf, 'schema:accessibilitySummary')[0]).toMatch(/3 images, each with a text description/);
  });
});

describe('rich fixture: package metadata', () => {
  it('has two creators, an author and a translator', () => {
    const creators = dc(v.opf, 'creator');
    expect(creators.map((c) => [c.textContent, opfRefines(v.opf, c.getAttribute('id')!, 'role')[0]])).toEqual([
      ['Aynur Həsənova', 'aut'], ['Peter Lindqvist', 'trl'],
    ]);
  });

  it('gives the subtitle its own dc:title refined as subtitle', () => {
    const sub = dc(v.opf, 'title').find((t) => t.textContent === 'A travel notebook')!;
    expect(sub).toBeDefined();
    expect(opfRefines(v.opf, sub.getAttribute('id')!, 'title-type')).toEqual(['subtitle']);
  });
});

describe('rich fixture: the rights block', () => {
  it('keeps (c), straight quotes, --, *asterisks*, & and &amp; and <b> literally', () => {
    const lines = scanRightsFence(readFileSync(path.join(RICH_DIR, '03-carpets.md'), 'utf8'));
    const last = '(c) "Caspian Review" -- it\'s kept as written: *not emphasis* & &amp; <b>raw</b>';
    expect(lines[lines.length - 1]).toBe(last);
    for (const d of [ch3, v.doc(v.pathOf('about'))]) {
      const div = one(d, 'div', (e) => hasClass(e, 'rights'));
      expect(renderedRightsGroups(div).flat()).toEqual(lines.filter((l) => l.trim() !== ''));
      expect(elements(div, 'b')).toEqual([]);
      expect(elements(div, 'em')).toEqual([]);
    }
    expect(dc(v.opf, 'rights')[0]!.textContent).toBe(lines.join('\n'));
  });

  it('does not list the publication date inside the rights block as an event', () => {
    const chrono = v.doc(v.pathOf('chronology'));
    const dts = elements(chrono, 'time').map((t) => t.getAttribute('datetime'));
    expect(dts).toEqual(['2019-05-12', '2019-06-03', '2019-06-21', '2020-02-14']);
    expect(dts).not.toContain('2024-03-15');
  });
});

describe('E-A11Y-4: a variant with an attested review', () => {
  let rv: EpubView;
  beforeAll(async () => {
    // Only the third chapter (it links nowhere else), so the extra build stays small.
    const dir = await copyManuscript(RICH_DIR, 'lectern-reviewed-');
    const yamlPath = path.join(dir, 'book.yaml');
    await writeFile(yamlPath, `${await readFile(yamlPath, 'utf8')}contents:
  - 03-carpets.md
accessibility:
  review:
    by: Jane Reviewer
    date: 2024-03-20
    credential: Certified accessibility reviewer
`);
    rv = await openEpub((await buildBook(dir)).epubBytes);
  });

  it('claims conformance and names the certifier', () => {
    expect(opfMeta(rv.opf, 'dcterms:conformsTo').map((s) => s.replace(/\s+/g, ' ').trim())).toEqual([CONFORMANCE]);
    expect(CONFORMANCE).toBe('EPUB Accessibility 1.1 - WCAG 2.2 Level AA');
    const certifier = elements(rv.opf, 'meta').filter((m) => m.getAttribute('property') === 'a11y:certifiedBy');
    expect(certifier.map((m) => m.textContent)).toEqual(['Jane Reviewer']);
    expect(opfRefines(rv.opf, certifier[0]!.getAttribute('id')!, 'a11y:certifierCredential')).toEqual(['Certified accessibility reviewer']);
    expect(opfMeta(rv.opf, 'schema:accessibilitySummary')[0]).toMatch(/reviewed by Jane Reviewer on 2024-03-20/);
  });

  it('the metadata page states the review and no longer lists checks still to do', () => {
    const about = rv.doc(rv.pathOf('about'));
    const summary = opfMeta(rv.opf, 'schema:accessibilitySummary')[0]!;
    expect(elements(about, 'p').map((p) => p.textContent)).toContain(summary);
    expect(text(about)).not.toMatch(/still to check/i);
  });
});

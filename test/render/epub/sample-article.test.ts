/**
 * The sample manuscript (the syndicated article) read back from its built EPUB: every body
 * paragraph verbatim and in order, the title and byline, the web page's menu words left out, the
 * rights block with its U+00A0 and ©, and the metadata page's fields.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { XmlDocument as Document, XmlElement as Element } from '../../../src/verify/epub/read.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { elements } from '../../../src/verify/epub/read.js';
import {
  EPOCH_ISO, SAMPLE_DIR, SEED_ARTICLE, dc, hasClass, isInside, openEpub, opfMeta, renderedRightsGroups, scanRightsFence,
  sharedBuild, type EpubView,
} from '../../support/build-helpers.js';

const TITLE = 'Friendship of Azerbaijan and Pakistan.';
const BYLINE = 'Byline: Fuad Huseynzadeh';

let v: EpubView;
let article: Document;
let about: Document;
let rightsLines: string[];

beforeAll(async () => {
  const built = await sharedBuild(SAMPLE_DIR);
  v = await openEpub(built.epubBytes);
  article = v.doc(v.pathOf('ch-article'));
  about = v.doc(v.pathOf('about'));
  rightsLines = scanRightsFence(readFileSync(path.join(SAMPLE_DIR, 'article.md'), 'utf8'));
});

const inRights = (e: Element) => isInside(e, (a) => a.localName === 'div' && hasClass(a, 'rights'));

describe('the article, read back from the EPUB', () => {
  it('has every body paragraph of the source, in order, character for character', () => {
    const expected = readFileSync(SEED_ARTICLE, 'utf8').split('\n').filter((l) => l.trim() !== '');
    expect(expected).toHaveLength(29);
    const body = elements(article, 'p').filter((p) => !inRights(p) && !hasClass(p, 'byline'));
    // textContent: the <time> markup the chronology adds is not part of the text
    const got = body.map((p) => p.textContent ?? '');
    expect(got).toEqual(expected);
    // straight quotes stay straight; nothing became typographic
    const all = got.join('\n');
    expect(all).toContain("'This support is provided by the UN");
    expect(all).toContain("Azerbaijan's independence in the 90s");
    expect(all).not.toMatch(/[\u2018\u2019\u201c\u201d\u2013\u2014]/);
  });

  it('keeps the title h1 and the byline paragraph verbatim', () => {
    const h1 = elements(article, 'h1');
    expect(h1.map((h) => h.textContent)).toEqual([TITLE]);
    const byline = elements(article, 'p').filter((p) => hasClass(p, 'byline'));
    expect(byline.map((p) => p.textContent)).toEqual([BYLINE]);
    // the byline comes right after the title, before the first body paragraph
    const blocks = elements(article, '*').filter((e) => ['h1', 'p'].includes(e.localName ?? ''));
    expect(blocks[0]!.textContent).toBe(TITLE);
    expect(blocks[1]!.textContent).toBe(BYLINE);
    expect(dc(v.opf, 'title')[0]!.textContent).toBe(TITLE);
  });

  it('leaves the web page\'s menu words out of every file', () => {
    const decoder = new TextDecoder();
    for (const e of v.zip.entries) {
      const text = decoder.decode(e.bytes);
      for (const word of [/printer friendly/i, /cite\/link/i, /terms of use/i, /privacy policy/i, /for webmasters/i, /email feedback/i]) {
        expect(text, `${e.name} holds ${word}`).not.toMatch(word);
      }
    }
  });

  it('marks the dates of the article with <time> and lists them in the chronology', () => {
    const times = elements(article, 'time').filter((t) => !inRights(t)).map((t) => t.getAttribute('datetime'));
    expect(times).toEqual(expect.arrayContaining(['2021-03-03', '2020-09-27', '2020-10-18', '2020-12-11', '2020-12-30', '2021-04-13', '1992']));
    const chrono = v.doc(v.pathOf('chronology'));
    expect(elements(chrono, 'li').length).toBeGreaterThanOrEqual(8);
  });
});

describe('the rights block of the sample', () => {
  it('reads the manuscript fence as the 13 lines of the source notice', () => {
    expect(rightsLines[0]).toBe('COPYRIGHT 2021 Knowledge Bylanes');
    expect(rightsLines[rightsLines.length - 1]).toBe('Copyright \u00a9 2022 Farlex, Inc.');
    expect(rightsLines).toContain('Geographic\u00a0Code:9PAKI');
  });

  for (const [where, doc] of [['the article', () => article], ['the metadata page', () => about]] as const) {
    it(`keeps U+00A0, U+00A9 and every line break in ${where}`, () => {
      const divs = elements(doc(), 'div').filter((d) => hasClass(d, 'rights'));
      expect(divs).toHaveLength(1);
      const lines = renderedRightsGroups(divs[0]!).flat();
      expect(lines).toEqual(rightsLines.filter((l) => l.trim() !== ''));
      const text = lines.join('\n');
      for (const words of ['Geographic\u00a0Code', 'Previous\u00a0Article', 'Next\u00a0Article']) {
        expect(text).toContain(words);
        expect(text).not.toContain(words.replace('\u00a0', ' '));
      }
      expect(text).toContain('Copyright \u00a9 2022 Farlex, Inc.');
      expect(text).not.toMatch(/\(c\)|&copy;|&#169;/i);
      expect(lines).toContain("Previous\u00a0Article:West's false alarm against China.");
    });
  }

  it('puts the same lines in dc:rights, joined with line breaks', () => {
    expect(dc(v.opf, 'rights').map((e) => e.textContent)).toEqual([rightsLines.join('\n')]);
    expect(dc(v.opf, 'rights')[0]!.textContent).toContain('Next\u00a0Article:Challenges and opportunities.');
  });
});

describe('the sample\'s package and metadata page', () => {
  it('the article has no images: the only image is the generated cover, so visual and alternativeText are claimed for it alone', () => {
    expect(opfMeta(v.opf, 'schema:accessMode')).toEqual(['textual', 'visual']);
    expect(opfMeta(v.opf, 'schema:accessibilityFeature')).toContain('alternativeText');
    expect(opfMeta(v.opf, 'schema:accessModeSufficient')).toEqual(['textual', 'textual,visual']);
    const imgs = v.contentDocuments().flatMap(([name, d]) => elements(d, 'img').map((i) => [name, i.getAttribute('alt')]));
    expect(imgs).toEqual([['OEBPS/cover.xhtml', 'Cover: Friendship of Azerbaijan and Pakistan., by Fuad Huseynzadeh. Knowledge Bylanes']]);
    expect(opfMeta(v.opf, 'schema:accessibilitySummary')[0]).toMatch(/It contains 1 image, each with a text description\./);
  });

  it('has the fields of the sample on the metadata page', () => {
    const text = (about.documentElement!.textContent ?? '').replace(/\s+/g, ' ');
    for (const s of [
      'Friendship of Azerbaijan and Pakistan.', 'Fuad Huseynzadeh', 'Pakistan Observer', 'Islamabad, Pakistan', '18 July 2021',
      '9PAKI', 'Gale, Cengage Learning', 'Farlex, Inc.', 'urn:uuid:bcfe79e5-640e-5fed-b617-295df42a3e8f',
      'urn:uuid:55ab56cc-ccd2-50fd-ac1d-3883e08fcba4', EPOCH_ISO, 'English (en)',
    ]) expect(text).toContain(s);
    expect(dc(v.opf, 'source')[0]!.textContent).toBe('Pakistan Observer (Islamabad, Pakistan), 18 July 2021');
  });
});

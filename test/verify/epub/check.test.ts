/**
 * checkEpub, Lectern's own EPUB check: it passes the built editions and fails each damaged copy
 * with the right code (the copies are made by editing the real zip).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Diagnostic, DiagnosticCode } from '../../../src/model/diagnostic.js';
import { checkEpub, readBackEpub } from '../../../src/verify/epub/check.js';
import { forgetEpub, readEpub } from '../../../src/verify/epub/read.js';
import { epubReading } from '../../../src/verify/parity.js';
import {
  RICH_DIR, SAMPLE_DIR, editText, mutateEpub, scanRightsFence, sharedBuild,
} from '../../support/build-helpers.js';

let sample: Uint8Array;
let rich: Uint8Array;
let sampleRights: string[];

beforeAll(async () => {
  [sample, rich] = (await Promise.all([sharedBuild(SAMPLE_DIR), sharedBuild(RICH_DIR)])).map((b) => b.epubBytes) as [Uint8Array, Uint8Array];
  sampleRights = scanRightsFence(readFileSync(path.join(SAMPLE_DIR, 'article.md'), 'utf8'));
});

const errors = (ds: readonly Diagnostic[]) => ds.filter((d) => d.severity === 'error');
const show = (ds: readonly Diagnostic[]) => ds.map((d) => `${d.code}: ${d.message}`).join('\n');

function expectError(ds: readonly Diagnostic[], code: DiagnosticCode, message: RegExp): void {
  expect(errors(ds).length, 'at least one error').toBeGreaterThan(0);
  expect(errors(ds).some((d) => d.code === code && message.test(d.message)), `an ${code} error matching ${message}; got:\n${show(ds)}`).toBe(true);
}

describe('checkEpub on good output', () => {
  it('passes the sample and the rich EPUB, with and without the expected rights lines', async () => {
    expect(show(await checkEpub(sample))).toBe('');
    expect(show(await checkEpub(sample, { rightsLines: sampleRights }))).toBe('');
    expect(show(await checkEpub(rich))).toBe('');
    expect(show(await checkEpub(rich, { rightsLines: scanRightsFence(readFileSync(path.join(RICH_DIR, '03-carpets.md'), 'utf8')) }))).toBe('');
  });

  it('passes a copy re-zipped without changes (so the mutations below test only their change)', async () => {
    expect(show(await checkEpub(await mutateEpub(sample, () => {})))).toBe('');
  });
});

describe('checkEpub on damaged copies', () => {
  it('X-1: a rights line changed by one character (U+00A0 -> space) in the article', async () => {
    const bad = await mutateEpub(sample, (f) => editText(f, 'OEBPS/ch-article.xhtml', (t) => t.replace('Geographic\u00a0Code', 'Geographic Code')));
    expectError(await checkEpub(bad, { rightsLines: sampleRights }), 'X-RIGHTS', /ch-article\.xhtml.*differs/);
    // also with no expectation: dc:rights is then the reference
    expectError(await checkEpub(bad), 'X-RIGHTS', /ch-article\.xhtml.*differs/);
  });

  it('X-1: © replaced by (c) on the metadata page', async () => {
    const bad = await mutateEpub(sample, (f) => editText(f, 'OEBPS/about.xhtml', (t) => t.replace('Copyright \u00a9 2022', 'Copyright (c) 2022')));
    expectError(await checkEpub(bad, { rightsLines: sampleRights }), 'X-RIGHTS', /about\.xhtml/);
  });

  it('X-1: dc:rights that differs from the manuscript', async () => {
    const bad = await mutateEpub(sample, (f) => editText(f, 'OEBPS/content.opf', (t) => t.replace('Next\u00a0Article', 'Next Article')));
    expectError(await checkEpub(bad, { rightsLines: sampleRights }), 'X-RIGHTS', /dc:rights/);
  });

  it('a <script> injected into a content document', async () => {
    const bad = await mutateEpub(sample, (f) => editText(f, 'OEBPS/ch-article.xhtml', (t) => t.replace('</section>', '<script>alert(1)</script>\n</section>')));
    expectError(await checkEpub(bad), 'X-EPUB', /<script>/);
  });

  it('an event handler attribute and a javascript: link', async () => {
    const bad = await mutateEpub(sample, (f) => editText(f, 'OEBPS/ch-article.xhtml', (t) => t.replace('<p id="ch-article-p3">', '<p id="ch-article-p3" onclick="x()"><a href="javascript:x()">x</a>')));
    const ds = await checkEpub(bad);
    expectError(ds, 'X-EPUB', /onclick/);
    expectError(ds, 'X-EPUB', /javascript:/);
  });

  it('E-OCF-1: mimetype not the first entry', async () => {
    const bad = await mutateEpub(sample, () => {}, { mimetypeLast: true });
    expectError(await checkEpub(bad), 'X-EPUB', /first zip entry/);
  });

  it('E-NAV-3: a nav link to a missing id', async () => {
    const bad = await mutateEpub(sample, (f) => editText(f, 'OEBPS/toc.xhtml', (t) => t.replace('href="chronology.xhtml"', 'href="chronology.xhtml#no-such-id"')));
    expectError(await checkEpub(bad), 'X-EPUB', /no-such-id.*points at no element/);
  });

  it('E-NAV-3: a link to a document that is not there', async () => {
    const bad = await mutateEpub(sample, (f) => editText(f, 'OEBPS/chronology.xhtml', (t) => t.replace('href="ch-article.xhtml#ch-article-p11"', 'href="missing.xhtml#ch-article-p11"')));
    expectError(await checkEpub(bad), 'X-EPUB', /missing\.xhtml.*no content document/);
  });

  it('E-A11Y-1: schema:accessibilitySummary removed', async () => {
    const bad = await mutateEpub(sample, (f) => editText(f, 'OEBPS/content.opf', (t) => t.replace(/<meta property="schema:accessibilitySummary">[^<]*<\/meta>\n?/, '')));
    expectError(await checkEpub(bad), 'X-EPUB', /schema:accessibilitySummary/);
  });

  it('E-PKG-2: <package xml:lang> different from dc:language', async () => {
    const bad = await mutateEpub(sample, (f) => editText(f, 'OEBPS/content.opf', (t) => t.replace('xml:lang="en"', 'xml:lang="az"')));
    expectError(await checkEpub(bad), 'X-EPUB', /xml:lang/);
  });

  it('E-PKG-1: a second dcterms:modified', async () => {
    const bad = await mutateEpub(sample, (f) => editText(f, 'OEBPS/content.opf', (t) => t.replace('<meta property="dcterms:modified">', '<meta property="dcterms:modified">2020-01-01T00:00:00Z</meta>\n<meta property="dcterms:modified">')));
    expectError(await checkEpub(bad), 'X-EPUB', /dcterms:modified/);
  });

  it('E-PKG-3: an empty dc:description', async () => {
    const bad = await mutateEpub(sample, (f) => editText(f, 'OEBPS/content.opf', (t) => t.replace(/<dc:description>[^<]*<\/dc:description>/, '<dc:description></dc:description>')));
    expectError(await checkEpub(bad), 'X-EPUB', /dc:description/);
  });

  it('E-A11Y-6: a content document without lang', async () => {
    const bad = await mutateEpub(sample, (f) => editText(f, 'OEBPS/about.xhtml', (t) => t.replace(' lang="en" xml:lang="en"', '')));
    expectError(await checkEpub(bad), 'X-EPUB', /about\.xhtml.*lang/);
  });

  it('E-OCF-2: an image left out of the container, and an <img> without alt', async () => {
    const missing = await mutateEpub(rich, (f) => { f.delete('OEBPS/images/img1.png'); });
    expectError(await checkEpub(missing), 'X-EPUB', /img1\.png/);
    const noAlt = await mutateEpub(rich, (f) => editText(f, 'OEBPS/ch-03-carpets.xhtml', (t) => t.replace(/ alt="A square carpet pattern in red and blue"/, '')));
    expectError(await checkEpub(noAlt), 'X-EPUB', /no alt/);
  });

  it('a document that is not well-formed XML', async () => {
    const bad = await mutateEpub(sample, (f) => editText(f, 'OEBPS/ch-article.xhtml', (t) => t.replace('</section>', '<p>unclosed</section>')));
    expectError(await checkEpub(bad), 'X-EPUB', /cannot be read|well-formed/);
  });

  it('bytes that are not a zip at all', async () => {
    expectError(await checkEpub(new TextEncoder().encode('not an epub')), 'X-EPUB', /zip/);
  });
});

describe('readBackEpub: the checks and the reading in one pass', () => {
  it('reads what the parity check reads (spine words, contents, language), with the same findings as checkEpub', async () => {
    for (const bytes of [sample, rich]) {
      const once = await readBackEpub(bytes, {}, { reading: true });
      const r = once.reading && 'r' in once.reading ? once.reading.r : undefined;
      expect(r).toEqual(await epubReading(bytes));
      expect(r!.text.split(' ').length).toBeGreaterThan(500);
      expect(once.diagnostics).toEqual(await checkEpub(bytes));
      // not asked for, no reading
      expect((await readBackEpub(bytes)).reading).toBeUndefined();
    }
  });

  it('keeps each kind of finding in document order, links resolved once every document is read', async () => {
    // a broken link in the nav (read before the article) to an id that only a later document could hold,
    // and a script in the article: the link's finding comes in its document's place
    const bad = await mutateEpub(sample, (f) => {
      editText(f, 'OEBPS/toc.xhtml', (t) => t.replace('href="chronology.xhtml"', 'href="chronology.xhtml#no-such-id"'));
      editText(f, 'OEBPS/ch-article.xhtml', (t) => t.replace('</section>', '<script>alert(1)</script>\n</section>'));
    });
    const ds = (await readBackEpub(bad)).diagnostics.map((d) => d.message);
    const link = ds.findIndex((m) => /no-such-id/.test(m));
    const script = ds.findIndex((m) => /<script>/.test(m));
    expect(link).toBeGreaterThanOrEqual(0);
    expect(script).toBeGreaterThanOrEqual(0);
    const manifest = (await readEpub(bad)).text('OEBPS/content.opf')!;
    forgetEpub(bad);
    // the order of the two documents in the manifest decides
    expect(link < script).toBe(manifest.indexOf('toc.xhtml') < manifest.indexOf('ch-article.xhtml'));
  });

  it('gives the reading up, and says why, for an EPUB it cannot read', async () => {
    const bad = await mutateEpub(sample, (f) => editText(f, 'OEBPS/ch-article.xhtml', (t) => t.replace('</section>', '<p>unclosed</section>')));
    const once = await readBackEpub(bad, {}, { reading: true });
    expectError(once.diagnostics, 'X-EPUB', /cannot be read|well-formed/);
    expect(once.reading && 'err' in once.reading).toBe(true);
  });
});

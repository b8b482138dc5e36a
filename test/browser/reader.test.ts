/**
 * A real reading system opens the EPUB edition: epub.js in headless Chromium.
 *
 * Why epub.js (the `epubjs` npm package, 0.3.93): it is on npm, it ships a ready browser bundle
 * (dist/epub.min.js, with JSZip as its one external), it reads a packed .epub from a plain static
 * server with no network and no build step, and it exposes what the test needs: the package
 * metadata, `navigation.toc`, `rendition.display(href)` and the rendered iframes. foliate-js is not
 * on npm; Readium's `@readium/navigator` expects a Readium Web Publication manifest served by a
 * streamer (another server and a bundler in between), far heavier for a test harness.
 *
 * The harness (test/support/reader/) opens the EPUB in a paginated, single-column view and
 * reports which blocks of text lie inside the viewer, so the assertions are about what a reader
 * sees on the displayed page. When the build made a PDF, its first pages are rendered with
 * pdftoppm (poppler) for people to look at. Screenshots: test-output/reader-*.png, pdf-page-*.png.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rename, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { build, type BuildResult } from '../../src/pipeline/build.js';
import { nodeEffects } from '../../src/effects.js';
import { plainText } from '../../src/model/plain-text.js';
import type { Chapter, HeadingBlock, ParagraphBlock } from '../../src/model/book.js';
import {
  REPO, launchChromium, localContext, outputPath, requireChromium, serveStatic, type StaticServer,
} from '../support/browser.js';

const exe = requireChromium('test/browser/reader.test.ts');
const require = createRequire(import.meta.url);
const run = promisify(execFile);

interface Visible { href?: string; page?: { page: number; total: number }; blocks: { tag: string; id?: string; text: string; whole: boolean }[] }
interface Opened { title: string; language: string; identifier: string; spine: string[]; toc: { label: string; href: string; depth: number }[] }

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

describe.skipIf(!exe)('the EPUB edition in a reading system (epub.js in Chromium)', () => {
  let out: string;
  let result: BuildResult;
  let server: StaticServer;
  let browser: Browser;
  let page: Page;
  let opened: Opened;
  const errors: string[] = [];

  const chapter = (role: Chapter['role']) => result.book!.chapters.find((c) => c.role === role)!;
  const display = (target: string) => page.evaluate((t) => (window as unknown as { harness: { display(t: string): Promise<Visible> } }).harness.display(t), target);
  const shows = (needle: string) => page.evaluate((n) => (window as unknown as { harness: { shows(n: string): { found: boolean; visible: boolean } } }).harness.shows(n), needle);
  const shoot = async (name: string) => page.screenshot({ path: await outputPath(name) });

  beforeAll(async () => {
    out = await mkdtemp(path.join(os.tmpdir(), 'lectern-reader-'));
    const [built, launched] = await Promise.all([
      build({ manuscript: 'manuscript', out, effects: nodeEffects({ SOURCE_DATE_EPOCH: '1700000000' }) }),
      launchChromium(exe!),
    ]);
    result = built;
    browser = launched;
    expect(result.ok, result.diagnostics.map((d) => `${d.code} ${d.message}`).join('\n')).toBe(true);
    const epub = result.files.find((f) => f.format === 'epub')!;
    server = await serveStatic({
      '/': path.join(REPO, 'test', 'support', 'reader'),
      '/lib/jszip.min.js': require.resolve('jszip/dist/jszip.min.js'),
      '/lib/epub.min.js': require.resolve('epubjs/dist/epub.min.js'),
      '/book.epub': epub.path,
    });
    const { context, foreign } = await localContext(browser, server.origin, { viewport: { width: 800, height: 1000 } });
    page = await context.newPage();
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    await page.goto(`${server.origin}/index.html`);
    opened = await page.evaluate((u) => (window as unknown as { harness: { open(u: string): Promise<Opened> } }).harness.open(u), `${server.origin}/book.epub`);
    expect(foreign).toEqual([]);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (out) await rm(out, { recursive: true, force: true });
  });

  it('reads the package: title, language, identifier and the spine in order', () => {
    const book = result.book!;
    expect(opened.title).toBe(book.meta.title);
    expect(opened.language).toBe(book.meta.language);
    expect(opened.identifier).toBe(book.meta.identifier);
    expect(opened.spine.filter((h) => h !== 'toc.xhtml')).toEqual(book.chapters.map((c) => `${c.id}.xhtml`));
    expect(opened.toc.map((t) => t.label)).toEqual(expect.arrayContaining(['About this edition', 'Chronology', book.meta.title]));
  });

  it('displays the first page of the article: its title and first paragraph', async () => {
    const article = chapter('chapter');
    const heading = article.blocks.find((b): b is HeadingBlock => b.kind === 'heading')!;
    const first = article.blocks.find((b): b is ParagraphBlock => b.kind === 'paragraph' && !b.role)!;
    const title = plainText(heading.children);
    const firstText = plainText(first.children);
    const v = await display(`${article.id}.xhtml`);
    expect(v.href).toBe(`${article.id}.xhtml`);
    expect(v.page?.page).toBe(1);
    const shown = v.blocks.filter((b) => b.whole).map((b) => squash(b.text));
    expect(shown[0]).toBe(squash(title));
    expect(shown).toContain(squash(firstText));
    await shoot('reader-article.png');
  }, 60_000);

  it('follows the table of contents to the chronology and shows its events', async () => {
    const entry = opened.toc.find((t) => t.label === 'Chronology');
    expect(entry, opened.toc.map((t) => t.label).join(', ')).toBeDefined();
    const v = await display(entry!.href);
    expect(v.href).toBe(`${chapter('appendix').id}.xhtml`);
    expect(v.blocks.some((b) => b.tag === 'h1' && squash(b.text) === 'Chronology')).toBe(true);
    expect(await shows('27 September 2020')).toEqual({ found: true, visible: true });
    // the appendix lists every event the build found
    const items = await page.evaluate(() => (window as unknown as { harness: { visible(): Visible } }).harness.visible().blocks.filter((b) => b.tag === 'li' || b.tag === 'p').length);
    expect(items).toBeGreaterThan(1);
    await shoot('reader-chronology.png');
  }, 60_000);

  it('shows the metadata page and its rights block verbatim (U+00A0 kept)', async () => {
    const about = chapter('colophon');
    const v = await display(`${about.id}.xhtml`);
    expect(v.href).toBe(`${about.id}.xhtml`);
    expect(v.blocks.some((b) => b.tag === 'h1' && squash(b.text) === 'About this edition')).toBe(true);
    await shoot('reader-about.png');

    // The rights block is further down the page: follow the TOC entry that points at it.
    const entry = opened.toc.find((t) => t.label === 'Copyright and attribution');
    expect(entry, opened.toc.map((t) => t.label).join(', ')).toBeDefined();
    const r = await display(entry!.href);
    expect(r.href).toBe(`${about.id}.xhtml`);
    expect(r.blocks.some((b) => b.tag === 'h2' && squash(b.text) === 'Copyright and attribution')).toBe(true);
    // The heading can fall at the foot of a page: turn pages, as a reader would, until the line shows.
    let line = await shows('Geographic\u00a0Code:9PAKI');
    for (let turns = 0; !line.visible && turns < 2; turns++) {
      const next = await page.evaluate(() => (window as unknown as { harness: { next(): Promise<Visible> } }).harness.next());
      expect(next.href).toBe(`${about.id}.xhtml`);
      line = await shows('Geographic\u00a0Code:9PAKI');
    }
    expect(line).toEqual({ found: true, visible: true });
    // and not a look-alike with an ordinary space
    expect((await shows('Geographic Code:9PAKI')).found).toBe(false);
    expect(await shows('Copyright © 2022 Farlex, Inc.')).toMatchObject({ found: true });
    await shoot('reader-rights.png');
    expect(errors).toEqual([]);
  }, 60_000);

  it('renders the first pages of the PDF edition for people to look at (when there is one)', async () => {
    const pdf = result.files.find((f) => f.format === 'pdf');
    if (!pdf) {
      console.warn('NOTICE test/browser/reader.test.ts: the build made no PDF edition yet; pdf-page-*.png not rendered.');
      return;
    }
    if (!existsSync('/usr/bin/pdftoppm')) {
      if (process.env.LECTERN_REQUIRE_VALIDATORS === '1') throw new Error('pdftoppm (poppler-utils) is not installed');
      console.warn('NOTICE test/browser/reader.test.ts: pdftoppm (poppler-utils) is not installed; pdf-page-*.png not rendered.');
      return;
    }
    const tmp = await mkdtemp(path.join(os.tmpdir(), 'lectern-pdfpng-'));
    try {
      await run('/usr/bin/pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '2', pdf.path, path.join(tmp, 'page')]);
      // pdftoppm pads the page number to the width of the page count: page-1.png or page-01.png
      const made = (await readdir(tmp)).filter((f) => /^page-\d+\.png$/.test(f)).sort();
      expect(made.length).toBeGreaterThanOrEqual(1);
      for (const f of made) {
        const n = Number(/\d+/.exec(f)![0]);
        const target = await outputPath(`pdf-page-${n}.png`);
        await rename(path.join(tmp, f), target);
        const png = await readFile(target);
        expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      }
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  }, 60_000);
});

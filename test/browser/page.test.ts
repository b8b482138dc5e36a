/**
 * The download page in a real browser: the sample manuscript is built, the output folder served on
 * 127.0.0.1 and opened in headless Chromium (Debian's, through playwright-core). axe-core runs
 * every rule it has (AAA contrast included) in the light and the dark scheme; the page must reflow
 * at 320 CSS px (a phone, and 400% zoom of a 1280 px window); each download link must deliver the
 * built file byte for byte. Screenshots go to test-output/ for people to look at.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile, readdir, rm, mkdtemp } from 'node:fs/promises';
import { promisify } from 'node:util';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { build, type BuildResult } from '../../src/pipeline/build.js';
import { nodeEffects } from '../../src/effects.js';
import { renderWebPage } from '../../src/render/web/index.js';
import {
  launchChromium, localContext, outputPath, requireChromium, runAxe, serveStatic, sha256, type StaticServer,
} from '../support/browser.js';

const exe = requireChromium('test/browser/page.test.ts');
const run = promisify(execFile);

/** pdfinfo's view of a PDF (poppler-utils), or undefined when pdfinfo is not installed. */
async function pdfInfo(file: string): Promise<{ pages: number; tagged: boolean; pdfua: boolean } | undefined> {
  if (!existsSync('/usr/bin/pdfinfo')) return undefined;
  const info = (await run('/usr/bin/pdfinfo', [file])).stdout;
  const meta = (await run('/usr/bin/pdfinfo', ['-meta', file])).stdout;
  return {
    pages: Number(/^Pages:\s+(\d+)/m.exec(info)?.[1] ?? NaN),
    tagged: /^Tagged:\s+yes/m.test(info),
    pdfua: /<pdfuaid:part>1<\/pdfuaid:part>|pdfuaid:part="1"/.test(meta),
  };
}

describe.skipIf(!exe)('the download page in Chromium', () => {
  let out: string;
  let result: BuildResult;
  let server: StaticServer;
  let browser: Browser;

  beforeAll(async () => {
    out = await mkdtemp(path.join(os.tmpdir(), 'lectern-web-'));
    const effects = nodeEffects({ SOURCE_DATE_EPOCH: '1700000000' });
    // Build and launch at the same time: the build's PDF layout is the slow part.
    const [built, launched] = await Promise.all([
      build({ manuscript: 'manuscript', out, effects }),
      launchChromium(exe!),
    ]);
    result = built;
    browser = launched;
    expect(result.ok, result.diagnostics.map((d) => `${d.code} ${d.message}`).join('\n')).toBe(true);
    // Until the build writes index.html itself, write it here beside the editions, from the same Book.
    if (!(await readdir(out)).includes('index.html')) {
      const epub = result.files.find((f) => f.format === 'epub')!;
      const pdf = result.files.find((f) => f.format === 'pdf');
      const pages = pdf ? (await pdfInfo(pdf.path))?.pages : undefined;
      const html = await renderWebPage(result.book!, {
        epub: { name: path.basename(epub.path), bytes: epub.bytes },
        ...(pdf ? { pdf: { name: path.basename(pdf.path), bytes: pdf.bytes, ...(pages ? { pages } : {}) } } : {}),
      }, effects);
      await writeFile(path.join(out, 'index.html'), html);
    }
    server = await serveStatic({ '/': out });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (out) await rm(out, { recursive: true, force: true });
  });

  async function open(options: Parameters<Browser['newContext']>[0] = {}) {
    const { context, foreign } = await localContext(browser, server.origin, options);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(String(e)));
    const response = await page.goto(`${server.origin}/index.html`, { waitUntil: 'load' });
    expect(response?.status()).toBe(200);
    return { page, context, foreign, errors };
  }

  /** No sideways scrolling, and no element reaching past the right edge (nothing clipped either). */
  async function reflow(page: Page) {
    return page.evaluate(() => {
      const width = window.innerWidth;
      const past = [...document.body.querySelectorAll('*')]
        .filter((e) => !e.classList.contains('skip') && !e.closest('.skip'))
        .filter((e) => e.getBoundingClientRect().right > width + 0.5)
        .map((e) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${e.className ? `.${String(e.className)}` : ''}`);
      return { scrollWidth: document.documentElement.scrollWidth, innerWidth: width, past };
    });
  }

  it('passes every axe-core rule in the light and the dark scheme', async () => {
    const { page, context, foreign, errors } = await open({ colorScheme: 'light', viewport: { width: 1024, height: 800 } });
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      // the scheme really switched: the background is dark in dark mode
      const bg = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
      const [r, g, b] = bg.match(/\d+/g)!.map(Number) as [number, number, number];
      expect((r + g + b) / 3 < 128).toBe(colorScheme === 'dark');
      const axe = await runAxe(page);
      console.info(`axe-core (${colorScheme}): ${axe.rules} rules, ${axe.violations.length} violations, ${axe.passes} passed, ${axe.incomplete.length} need review${axe.incomplete.length ? ` (${axe.incomplete.map((i) => `${i.id}×${i.nodes}`).join(', ')})` : ''}, ${axe.inapplicable} inapplicable`);
      expect(axe.violations).toEqual([]);
      // contrast axe could not decide is a failure too: the page sets every colour itself
      expect(axe.incomplete.filter((i) => i.id.startsWith('color-contrast'))).toEqual([]);
      await page.screenshot({ path: await outputPath(colorScheme === 'light' ? 'download-page.png' : 'download-page-dark.png'), fullPage: true });
    }
    // focus is visible: the first link gets a solid outline when reached by keyboard
    await page.keyboard.press('Tab');
    const focus = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      const s = getComputedStyle(el);
      return { text: el.textContent, outline: s.outlineStyle, width: parseFloat(s.outlineWidth) };
    });
    expect(focus.text).toBe('Skip to the downloads');
    expect(focus.outline).toBe('solid');
    expect(focus.width).toBeGreaterThanOrEqual(2);
    expect(foreign).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  }, 90_000);

  it('reflows on a 320 px phone and at 400% zoom, with no sideways scrolling', async () => {
    // A 320 px wide phone (the viewport meta tag applies).
    const phone = await open({ viewport: { width: 320, height: 640 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    const p = await reflow(phone.page);
    expect(p.innerWidth).toBe(320);
    expect(p.past).toEqual([]);
    expect(p.scrollWidth).toBeLessThanOrEqual(p.innerWidth);
    await phone.page.screenshot({ path: await outputPath('download-page-mobile.png'), fullPage: true });
    await phone.context.close();

    // 400% zoom of a 1280 × 1024 window: the layout viewport is 1280 / 4 = 320 CSS px at 4 device
    // pixels per CSS pixel, which is what Chromium's zoom does to a desktop page.
    const zoom = await open({ viewport: { width: 320, height: 256 }, deviceScaleFactor: 4 });
    const z = await reflow(zoom.page);
    expect(await zoom.page.evaluate(() => window.devicePixelRatio)).toBe(4);
    expect(z.past).toEqual([]);
    expect(z.scrollWidth).toBeLessThanOrEqual(z.innerWidth);
    await zoom.page.screenshot({ path: await outputPath('download-page-zoom400.png') });
    await zoom.context.close();
  }, 60_000);

  it('delivers each edition byte for byte through its download link', async () => {
    const { page, context } = await open();
    const links = await page.locator('a[download]').all();
    const expected = result.files.filter((f) => f.format !== 'html');
    expect(links).toHaveLength(expected.length);
    for (const file of expected) {
      const link = page.locator(`a[download][href="${path.basename(file.path)}"]`);
      await expect(link.count()).resolves.toBe(1);
      const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
      expect(download.suggestedFilename()).toBe(path.basename(file.path));
      const bytes = new Uint8Array(await readFile((await download.path())!));
      expect(bytes.length).toBe(file.bytes);
      expect(sha256(bytes)).toBe(file.sha256);
      expect(sha256(bytes)).toBe(sha256(new Uint8Array(await readFile(file.path))));
    }
    await context.close();
  }, 60_000);

  it('says of the PDF only what is true of it: tagged, PDF/UA-1, its page count (pdfinfo)', async () => {
    const pdf = result.files.find((f) => f.format === 'pdf');
    const info = pdf ? await pdfInfo(pdf.path) : undefined;
    if (!pdf || !info) {
      if (pdf && process.env.LECTERN_REQUIRE_VALIDATORS === '1') throw new Error('pdfinfo (poppler-utils) is not installed');
      console.warn(`NOTICE test/browser/page.test.ts: ${pdf ? 'pdfinfo (poppler-utils) is not installed' : 'the build made no PDF'}; the page's PDF claims were not checked.`);
      return;
    }
    const { page, context } = await open();
    const claims = await page.locator('#accessibility li').allTextContents();
    const detail = await page.locator('a[download][type="application/pdf"] .detail').textContent();
    if (claims.some((c) => c.includes('PDF/UA-1'))) {
      expect(info.tagged).toBe(true);
      expect(info.pdfua).toBe(true);
    }
    const stated = /(\d+) pages?/.exec(detail ?? '');
    if (stated) expect(Number(stated[1])).toBe(info.pages);
    await context.close();
  }, 60_000);
});

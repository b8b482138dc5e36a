/**
 * Shared by the browser tests: finding Debian's Chromium (or skipping with a notice, or failing
 * when LECTERN_REQUIRE_VALIDATORS=1), launching it headless through playwright-core with flags
 * that keep it off the (closed) network, a static HTTP server on 127.0.0.1, axe-core, and the
 * test-output/ folder where screenshots are kept for people to look at.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const TEST_OUTPUT = path.join(REPO, 'test-output');

// ------------------------------------------------------------------ finding Chromium

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** LECTERN_CHROMIUM, else Debian's Chromium; undefined when none is installed. */
export function chromiumExecutable(): string | undefined {
  const fromEnv = process.env.LECTERN_CHROMIUM;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : undefined;
  return CANDIDATES.find((p) => existsSync(p));
}

/**
 * Call at the top of a browser test file. Returns Chromium's path; when it is missing, prints a
 * notice and returns undefined (the file's tests skip), or throws when validators are required
 * (LECTERN_REQUIRE_VALIDATORS=1), so the file fails instead of passing silently.
 */
export function requireChromium(file: string): string | undefined {
  const exe = chromiumExecutable();
  if (exe) return exe;
  const what = `Chromium is not installed (looked for LECTERN_CHROMIUM, ${CANDIDATES.join(', ')})`;
  if (process.env.LECTERN_REQUIRE_VALIDATORS === '1') {
    throw new Error(`${file}: ${what}, and LECTERN_REQUIRE_VALIDATORS=1 requires it. Install it with: apt-get install chromium`);
  }
  console.warn(`NOTICE ${file}: skipped, ${what}. Install it with "apt-get install chromium"; set LECTERN_REQUIRE_VALIDATORS=1 to make this a failure.`);
  return undefined;
}

// ------------------------------------------------------------------ launching

/**
 * Headless, no sandbox (containers), and no background traffic: without these Chromium keeps
 * trying to reach Google's services and floods a closed network. Playwright's launch() gives
 * every run a fresh temporary --user-data-dir of its own (and removes it on close).
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
] as const;

export async function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({ executablePath, headless: true, args: [...CHROMIUM_ARGS], timeout: 60_000 });
}

/**
 * A context whose pages may only talk to `origin`: every other request is aborted and recorded,
 * so a test can assert that a page loads nothing from elsewhere.
 */
export async function localContext(browser: Browser, origin: string, options: Parameters<Browser['newContext']>[0] = {}): Promise<{ context: BrowserContext; foreign: string[] }> {
  const context = await browser.newContext({ acceptDownloads: true, ...options });
  const foreign: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(`${origin}/`) || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
    foreign.push(url);
    return route.abort('blockedbyclient');
  });
  return { context, foreign };
}

// ------------------------------------------------------------------ a static server on 127.0.0.1

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.xhtml': 'application/xhtml+xml; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.epub': 'application/epub+zip',
  '.pdf': 'application/pdf',
};

export interface StaticServer {
  readonly origin: string;
  /** Every path requested, in order (for asserting what a page loaded). */
  readonly requested: string[];
  close(): Promise<void>;
}

/**
 * Serves files under URL prefixes: `{ '/': outDir, '/lib/epub.min.js': file }`. A prefix ending in
 * `/` maps to a folder (no listing, no `..`), any other to one file. 127.0.0.1, a random port.
 */
export async function serveStatic(mounts: Record<string, string>): Promise<StaticServer> {
  const requested: string[] = [];
  const entries = Object.entries(mounts).sort((a, b) => b[0].length - a[0].length);
  const server: Server = createServer((req, res) => {
    void (async () => {
      const urlPath = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      requested.push(urlPath);
      let file: string | undefined;
      for (const [prefix, target] of entries) {
        if (prefix.endsWith('/') && urlPath.startsWith(prefix)) {
          const rel = urlPath.slice(prefix.length) || 'index.html';
          const resolved = path.resolve(target, rel);
          if (resolved.startsWith(path.resolve(target) + path.sep)) file = resolved;
          break;
        }
        if (urlPath === prefix) { file = target; break; }
      }
      try {
        if (!file || !(await stat(file)).isFile()) throw new Error('not found');
        const body = await readFile(file);
        res.writeHead(200, {
          'content-type': TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
          'content-length': body.length,
          'cache-control': 'no-store',
        });
        res.end(req.method === 'HEAD' ? undefined : body);
      } catch {
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end('not found');
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requested,
    close: () => new Promise<void>((resolve, reject) => {
      server.closeAllConnections();
      server.close((e) => (e ? reject(e) : resolve()));
    }),
  };
}

// ------------------------------------------------------------------ axe-core

export interface AxeSummary {
  readonly violations: { id: string; impact: string | null; help: string; nodes: string[] }[];
  readonly passes: number;
  readonly incomplete: { id: string; nodes: number }[];
  readonly inapplicable: number;
  readonly rules: number;
}

/**
 * Injects axe-core (once per page) and runs every rule it has, experimental and AAA ones included (so
 * color-contrast-enhanced, 7:1, is checked too).
 */
export async function runAxe(page: Page): Promise<AxeSummary> {
  if (!(await page.evaluate(() => 'axe' in window))) {
    const axe = (await import('axe-core')).default;
    await page.addScriptTag({ content: axe.source });
  }
  return page.evaluate(async () => {
    const w = window as unknown as { axe: typeof import('axe-core') };
    const rules = w.axe.getRules().map((r) => r.ruleId);
    const enable: Record<string, { enabled: boolean }> = {};
    for (const id of rules) enable[id] = { enabled: true };
    const r = await w.axe.run(document, { rules: enable, resultTypes: ['violations', 'incomplete'] });
    return {
      violations: r.violations.map((v) => ({ id: v.id, impact: v.impact ?? null, help: v.help, nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary ?? ''}`) })),
      passes: r.passes.length,
      incomplete: r.incomplete.map((v) => ({ id: v.id, nodes: v.nodes.length })),
      inapplicable: r.inapplicable.length,
      rules: rules.length,
    };
  });
}

// ------------------------------------------------------------------ small things

export async function outputPath(name: string): Promise<string> {
  await mkdir(TEST_OUTPUT, { recursive: true });
  return path.join(TEST_OUTPUT, name);
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Shared helpers for the acceptance tests of the foundation issue (manuscript -> model -> EPUB):
 * fixed effects, building a fixture into a temporary folder, reading the EPUB back, an
 * independent scan of the `::: rights` fence, and the table of bad manuscripts.
 */
import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, readdir, rename, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { XmlDocument as Document, XmlElement as Element, XmlNode as Node } from '../../src/verify/epub/read.js';
import JSZip from 'jszip';
import { nodeEffects, type Effects } from '../../src/effects.js';
import type { DiagnosticCode } from '../../src/model/diagnostic.js';
import { formatDiagnostic } from '../../src/model/diagnostic.js';
import { build, type BuildResult } from '../../src/pipeline/build.js';
import { elements, parseXml, readEpub, type ReadEpub } from '../../src/verify/epub/read.js';
import { descendants } from '../../src/verify/epub/xml.js';

// ------------------------------------------------------------------ places and constants

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const SAMPLE_DIR = path.join(REPO, 'manuscript');
export const RICH_DIR = path.join(REPO, 'test', 'fixtures', 'rich');
export const BAD_DIR = path.join(REPO, 'test', 'fixtures', 'bad');
export const SEED_ARTICLE = path.join(REPO, 'test', 'fixtures', 'seed-article.txt');

/** The SOURCE_DATE_EPOCH every read-back test builds with, and the time it stands for. */
export const EPOCH = '1700000000';
export const EPOCH_ISO = '2023-11-14T22:13:20Z';
export const EPOCH_HUMAN = '14 November 2023';

export function fixedEffects(epoch: string = EPOCH): Effects {
  return nodeEffects({ SOURCE_DATE_EPOCH: epoch });
}

export const OPS = 'http://www.idpf.org/2007/ops';

// ------------------------------------------------------------------ temporary folders

const temps: string[] = [];

export async function tempDir(prefix = 'lectern-test-'): Promise<string> {
  const d = await mkdtemp(path.join(os.tmpdir(), prefix));
  temps.push(d);
  return d;
}

/** Remove every folder tempDir() made in this test file (call from afterAll). */
export async function cleanTemps(): Promise<void> {
  await Promise.all(temps.splice(0).map((d) => rm(d, { recursive: true, force: true })));
}

/** Copy a manuscript folder into a fresh temporary folder; returns the copy's path. */
export async function copyManuscript(src: string, prefix = 'lectern-ms-'): Promise<string> {
  const dir = path.join(await tempDir(prefix), path.basename(src));
  await cp(src, dir, { recursive: true });
  return dir;
}

export async function listFiles(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const walk = async (d: string) => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else out.set(path.relative(dir, p), sha256(await readFile(p)));
    }
  };
  if (existsSync(dir)) await walk(dir);
  return out;
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

// ------------------------------------------------------------------ building

export interface Built {
  readonly files: BuildResult['files'];
  readonly diagnostics: BuildResult['diagnostics'];
  readonly out: string;
  readonly epubPath: string;
  readonly epubBytes: Uint8Array;
}

async function builtFrom(files: BuildResult['files'], diagnostics: BuildResult['diagnostics'], out: string, what: string): Promise<Built> {
  // The PDF edition is built too: find the EPUB by its extension, never by position or count.
  const epub = files.find((f) => f.path.endsWith('.epub'));
  if (!epub) throw new Error(`build of ${what} wrote no .epub: ${files.map((f) => f.path).join(', ')}`);
  const epubBytes = new Uint8Array(await readFile(epub.path));
  return { files, diagnostics, out, epubPath: epub.path, epubBytes };
}

/** Build a manuscript with fixed effects into a fresh temporary folder; throws (with the diagnostics) on failure. */
export async function buildBook(manuscript: string, options: { epoch?: string; out?: string } = {}): Promise<Built & { result: BuildResult }> {
  const out = options.out ?? path.join(await tempDir('lectern-dist-'), 'dist');
  const result = await build({ manuscript, out, effects: fixedEffects(options.epoch) });
  if (!result.ok) throw new Error(`build of ${manuscript} failed:\n${result.diagnostics.map(formatDiagnostic).join('\n')}`);
  return { ...(await builtFrom(result.files, result.diagnostics, out, manuscript)), result };
}

const CACHE_ROOT = path.join(os.tmpdir(), 'lectern-test-builds');

async function hashTree(h: ReturnType<typeof createHash>, dir: string): Promise<void> {
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) await hashTree(h, p);
    else if (e.isFile()) h.update(`${path.relative(REPO, p)}\0`).update(await readFile(p)).update('\0');
  }
}

/**
 * The build of a committed manuscript, made once per test run and shared by every test file (the
 * PDF edition makes a build take seconds). Keyed by the vitest run (the workers' parent process),
 * the epoch, and the bytes of src/, templates/, package-lock.json and the manuscript, so a change
 * to any of them builds afresh. The shared output is read-only: copy it before changing it.
 */
export async function sharedBuild(manuscript: string, epoch: string = EPOCH): Promise<Built> {
  const h = createHash('sha256').update(`${process.ppid}\0${epoch}\0${path.resolve(manuscript)}\0`);
  for (const d of [path.join(REPO, 'src'), path.join(REPO, 'templates'), path.resolve(manuscript)]) await hashTree(h, d);
  h.update(await readFile(path.join(REPO, 'package-lock.json')));
  const dir = path.join(CACHE_ROOT, h.digest('hex').slice(0, 24));
  const done = path.join(dir, 'result.json');
  const lock = `${dir}.lock`;
  await mkdir(CACHE_ROOT, { recursive: true });
  const load = async (): Promise<Built> => {
    const r = JSON.parse(await readFile(done, 'utf8')) as { ok: boolean; files: BuildResult['files']; diagnostics: BuildResult['diagnostics'] };
    // A failed build is recorded too, so that the other test files fail at once instead of building again.
    if (!r.ok) throw new Error(`build of ${manuscript} failed:\n${r.diagnostics.map(formatDiagnostic).join('\n')}`);
    return builtFrom(r.files, r.diagnostics, path.join(dir, 'dist'), manuscript);
  };
  for (;;) {
    if (existsSync(done)) return load();
    try {
      await mkdir(lock);
    } catch {
      // Another test file is building it: wait, unless its lock is stale (a killed run).
      try { if (Date.now() - statSync(lock).mtimeMs > 3 * 60_000) await rm(lock, { recursive: true, force: true }); } catch { /* gone */ }
      await new Promise((r) => setTimeout(r, 250));
      continue;
    }
    try {
      if (existsSync(done)) return load();
      await sweepCache();
      await rm(dir, { recursive: true, force: true });
      const out = path.join(dir, 'dist');
      const result = await build({ manuscript, out, effects: fixedEffects(epoch) });
      await mkdir(dir, { recursive: true });
      await writeFile(`${done}.tmp`, JSON.stringify({ ok: result.ok, files: result.files, diagnostics: result.diagnostics }));
      await rename(`${done}.tmp`, done);
      return load();
    } finally {
      await rm(lock, { recursive: true, force: true });
    }
  }
}

/** Drop shared builds older than a day (earlier test runs). */
async function sweepCache(): Promise<void> {
  for (const e of await readdir(CACHE_ROOT)) {
    const p = path.join(CACHE_ROOT, e);
    try { if (Date.now() - statSync(p).mtimeMs > 24 * 3600_000) await rm(p, { recursive: true, force: true }); } catch { /* raced */ }
  }
}

// ------------------------------------------------------------------ reading the EPUB back

export interface ManifestItem { readonly id: string; readonly href: string; readonly mediaType: string; readonly properties: string[] }

export interface EpubView {
  readonly bytes: Uint8Array;
  readonly zip: ReadEpub;
  readonly opfPath: string;
  readonly opf: Document;
  /** By manifest id; href is the full path inside the container. */
  readonly manifest: ReadonlyMap<string, ManifestItem>;
  /** Full container paths of the spine documents, in spine order. */
  readonly spine: readonly string[];
  readonly navPath: string;
  /** Parse (strictly) a container entry. */
  doc(containerPath: string): Document;
  /** Full container path of the XHTML document whose file stem is `stem` (e.g. "about"). */
  pathOf(stem: string): string;
  /** Every XHTML content document (manifest order), parsed. */
  contentDocuments(): [string, Document][];
  /** Resolve `href` as written in the document at `from` to a container path and fragment. */
  resolve(from: string, href: string): { path: string; fragment: string | undefined };
}

export async function openEpub(bytes: Uint8Array): Promise<EpubView> {
  const zip = await readEpub(bytes);
  const container = parseXml(zip.text('META-INF/container.xml') ?? '', 'container.xml');
  const opfPath = elements(container, 'rootfile')[0]?.getAttribute('full-path') ?? '';
  const opfDir = opfPath.includes('/') ? opfPath.slice(0, opfPath.lastIndexOf('/') + 1) : '';
  const opf = parseXml(zip.text(opfPath) ?? '', opfPath);
  const manifest = new Map<string, ManifestItem>();
  for (const it of elements(opf, 'item')) {
    const id = it.getAttribute('id') ?? '';
    manifest.set(id, {
      id,
      href: opfDir + (it.getAttribute('href') ?? ''),
      mediaType: it.getAttribute('media-type') ?? '',
      properties: (it.getAttribute('properties') ?? '').split(/\s+/).filter(Boolean),
    });
  }
  const spine = elements(opf, 'itemref').map((r) => manifest.get(r.getAttribute('idref') ?? '')?.href ?? `?${r.getAttribute('idref')}`);
  const navPath = [...manifest.values()].find((m) => m.properties.includes('nav'))?.href ?? '';
  const cache = new Map<string, Document>();
  const doc = (p: string): Document => {
    let d = cache.get(p);
    if (!d) {
      const t = zip.text(p);
      if (t === undefined) throw new Error(`${p} is not in the EPUB`);
      d = parseXml(t, p);
      cache.set(p, d);
    }
    return d;
  };
  return {
    bytes, zip, opfPath, opf, manifest, spine, navPath, doc,
    pathOf: (stem) => {
      const hit = [...manifest.values()].find((m) => m.href === `${opfDir}${stem}.xhtml`);
      if (!hit) throw new Error(`no document ${stem}.xhtml in the manifest`);
      return hit.href;
    },
    contentDocuments: () => [...manifest.values()].filter((m) => m.mediaType === 'application/xhtml+xml').map((m) => [m.href, doc(m.href)]),
    resolve: (from, href) => {
      const [file = '', fragment] = href.split('#', 2) as [string, string | undefined];
      if (file === '') return { path: from, fragment };
      const base = from.includes('/') ? from.slice(0, from.lastIndexOf('/') + 1) : '';
      const parts: string[] = [];
      for (const seg of (base + decodeURI(file)).split('/')) { if (seg === '..') parts.pop(); else if (seg !== '.') parts.push(seg); }
      return { path: parts.join('/'), fragment: fragment === undefined ? undefined : decodeURIComponent(fragment) };
    },
  };
}

/** Metadata `meta` elements of the OPF with this property and no refines. */
export function opfMeta(opf: Document, property: string): string[] {
  return elements(opf, 'meta').filter((m) => m.getAttribute('property') === property && !m.getAttribute('refines')).map((m) => m.textContent ?? '');
}

/** Refinements of `#id` with this property. */
export function opfRefines(opf: Document, id: string, property: string): string[] {
  return elements(opf, 'meta').filter((m) => m.getAttribute('refines') === `#${id}` && m.getAttribute('property') === property).map((m) => m.textContent ?? '');
}

export function dc(opf: Document, name: string): Element[] {
  return elements(opf, name).filter((e) => e.namespaceURI === 'http://purl.org/dc/elements/1.1/');
}

export function byId(d: Document, id: string): Element | undefined {
  return allElements(d).find((e) => e.getAttribute('id') === id);
}

/** Every element of the document, in document order. */
export function allElements(d: Document | Element): Element[] {
  return descendants(d);
}

export function hasClass(e: Element, cls: string): boolean {
  return (e.getAttribute('class') ?? '').split(/\s+/).includes(cls);
}

export function isInside(e: Node, pred: (a: Element) => boolean): boolean {
  for (let p = e.parentNode; p; p = p.parentNode) if (p.nodeType === 1 && pred(p as Element)) return true;
  return false;
}

/**
 * The lines of a rendered rights paragraph: text between `<br/>` elements, with only the ASCII
 * white space at each line's ends removed (what a reading system drops at a line break; U+00A0 is
 * not ASCII white space and is kept).
 */
export function brLines(p: Element): string[] {
  const lines: string[] = [''];
  const walk = (n: Node) => {
    if (n.nodeType === 3 || n.nodeType === 4) { lines[lines.length - 1] += n.nodeValue ?? ''; return; }
    if (n.nodeType !== 1) return;
    if ((n as Element).localName === 'br') { lines.push(''); return; }
    for (let c = n.firstChild; c; c = c.nextSibling) walk(c);
  };
  for (let c = p.firstChild; c; c = c.nextSibling) walk(c);
  return lines.map((l) => l.replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, ''));
}

/** A rendered rights block as groups (paragraphs) of lines. */
export function renderedRightsGroups(div: Element): string[][] {
  return elements(div, 'p').map(brLines);
}

// ------------------------------------------------------------------ the manuscript, read independently

/**
 * The lines of the first `::: rights` fence, by a plain line scan (not Lectern's parser): the lines
 * after the opening `::: rights` up to the closing `:::`, blank lines at both ends dropped.
 */
export function scanRightsFence(markdown: string): string[] {
  const lines = markdown.split(/\r?\n/);
  const open = lines.findIndex((l) => /^ {0,3}::: *rights *$/.test(l));
  if (open < 0) throw new Error('no ::: rights fence');
  const close = lines.findIndex((l, i) => i > open && /^ {0,3}::: *$/.test(l));
  if (close < 0) throw new Error('the ::: rights fence is not closed');
  const body = lines.slice(open + 1, close);
  while (body.length && body[0]!.trim() === '') body.shift();
  while (body.length && body[body.length - 1]!.trim() === '') body.pop();
  return body;
}

/** Blank-line separated groups of fence lines. */
export function lineGroups(lines: readonly string[]): string[][] {
  const groups: string[][] = [];
  let cur: string[] = [];
  for (const l of lines) {
    if (l.trim() === '') { if (cur.length) groups.push(cur); cur = []; } else cur.push(l);
  }
  if (cur.length) groups.push(cur);
  return groups;
}

// ------------------------------------------------------------------ editing an EPUB (for mutation tests)

/**
 * Unzip, let `edit` change entries, zip again the way an EPUB must be (mimetype first and stored,
 * unless `mimetypeLast`). Entry order is kept otherwise.
 */
export async function mutateEpub(bytes: Uint8Array, edit: (files: Map<string, Uint8Array>) => void, options: { mimetypeLast?: boolean } = {}): Promise<Uint8Array> {
  const src = await JSZip.loadAsync(bytes);
  const files = new Map<string, Uint8Array>();
  for (const f of Object.values(src.files)) if (!f.dir) files.set(f.name, await f.async('uint8array'));
  edit(files);
  const zip = new JSZip();
  const date = new Date(Date.UTC(2020, 0, 1));
  const names = [...files.keys()].filter((n) => n !== 'mimetype');
  const order = options.mimetypeLast ? [...names, 'mimetype'] : ['mimetype', ...names];
  for (const name of order) {
    const data = files.get(name);
    if (data === undefined) continue;
    zip.file(name, data, { binary: true, date, compression: name === 'mimetype' ? 'STORE' : 'DEFLATE' });
  }
  return new Uint8Array(await zip.generateAsync({ type: 'uint8array' }));
}

export function editText(files: Map<string, Uint8Array>, name: string, change: (text: string) => string): void {
  const b = files.get(name);
  if (!b) throw new Error(`${name} is not in the EPUB`);
  const before = new TextDecoder().decode(b);
  const after = change(before);
  if (after === before) throw new Error(`the edit of ${name} changed nothing`);
  files.set(name, new TextEncoder().encode(after));
}

// ------------------------------------------------------------------ the bad manuscripts

export interface BadCase {
  /** Folder under test/fixtures/bad/. */
  readonly name: string;
  readonly code: DiagnosticCode;
  readonly file: string;
  readonly line: number;
  readonly column?: number;
  /** A word the message must hold. */
  readonly message: RegExp;
  /** Made at run time in a temporary copy (symlinks are not committed). */
  readonly symlink?: { readonly at: string; readonly to: 'outside-file' };
}

export const BAD_CASES: readonly BadCase[] = [
  { name: 'malformed-yaml', code: 'L-YAML', file: 'book.yaml', line: 4, column: 11, message: /mapping/i },
  { name: 'missing-title', code: 'L-META', file: 'book.yaml', line: 2, message: /title/ },
  { name: 'missing-image', code: 'L-IMAGE', file: 'chapter.md', line: 5, message: /images\/none\.png/ },
  { name: 'image-no-alt', code: 'L-ALT', file: 'chapter.md', line: 3, message: /alternative text/ },
  // only an attribute: found by the fuzzer, the build failed with an empty table-of-contents label and no position
  { name: 'empty-heading', code: 'L-HEADING', file: 'chapter.md', line: 5, column: 1, message: /no text/ },
  { name: 'unclosed-rights', code: 'L-RIGHTS', file: 'chapter.md', line: 5, message: /never closed/ },
  // contents: entry `  - ../x.md` is line 9 of book.yaml, its value starts at column 5.
  { name: 'chapter-outside', code: 'L-PATH', file: 'book.yaml', line: 9, column: 5, message: /\.\.\/x\.md/ },
  { name: 'image-outside', code: 'L-PATH', file: 'chapter.md', line: 3, message: /\.\.\/\.\.\/x\.png/ },
  // The image is on the second line of a paragraph that starts at line 3.
  { name: 'image-absolute', code: 'L-PATH', file: 'chapter.md', line: 4, message: /absolute/ },
  { name: 'image-remote', code: 'L-REMOTE', file: 'chapter.md', line: 5, message: /https:\/\/example\.com\/map\.png/ },
  { name: 'no-chapters', code: 'L-NOCHAPTERS', file: 'book.yaml', line: 1, message: /no chapter/ },
  { name: 'invalid-utf8', code: 'L-UTF8', file: 'chapter.md', line: 3, column: 11, message: /UTF-8/ },
  { name: 'unknown-key', code: 'L-META', file: 'book.yaml', line: 7, column: 1, message: /colour/ },
  { name: 'bad-language', code: 'L-META', file: 'book.yaml', line: 4, column: 11, message: /language/ },
  { name: 'symlink-out', code: 'L-PATH', file: 'chapter.md', line: 5, message: /outside/, symlink: { at: 'images/linked.png', to: 'outside-file' } },
];

/**
 * The manuscript folder of a bad case: the committed fixture itself, or for a case that needs a
 * symlink, a temporary copy with the link made now (pointing at a PNG outside the copy).
 */
export async function badCaseDir(c: BadCase): Promise<string> {
  const src = path.join(BAD_DIR, c.name);
  if (!c.symlink) return src;
  const dir = await copyManuscript(src, `lectern-bad-${c.name}-`);
  const outside = path.join(path.dirname(dir), 'outside.png');
  await writeFile(outside, await readFile(path.join(RICH_DIR, 'images', 'carpet.png')));
  const link = path.join(dir, c.symlink.at);
  await mkdir(path.dirname(link), { recursive: true });
  await symlink(outside, link);
  return dir;
}

/** Write a small manuscript into a fresh temporary folder: file name -> text or bytes. */
export async function writeManuscript(files: Record<string, string | Uint8Array>, prefix = 'lectern-tiny-'): Promise<string> {
  const dir = path.join(await tempDir(prefix), 'manuscript');
  for (const [name, content] of Object.entries(files)) {
    const p = path.join(dir, name);
    await mkdir(path.dirname(p), { recursive: true });
    await writeFile(p, content);
  }
  return dir;
}

export const TINY_BOOK_YAML = `title: A Tiny Book
creators:
  - name: A. Writer
language: en
identifier: urn:uuid:11111111-2222-4333-8444-555555555555
date: 2024-01-01
`;

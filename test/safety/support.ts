/**
 * Helpers for the safety tests (issue 6): tiny manuscripts written into os.tmpdir(), in-memory
 * builds, reading an EPUB's XML back strictly, small valid and broken PNGs, and the rule every
 * failed build must follow (only L- codes, each with a file:line position, never I-BUG).
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';
import JSZip from 'jszip';
import { nodeEffects, type Effects } from '../../src/effects.js';
import { formatDiagnostic, type Diagnostic } from '../../src/model/diagnostic.js';
import { build, type BuildResult } from '../../src/pipeline/build.js';
import { EDITIONS_RECORD } from '../../src/pipeline/superseded.js';
import { listFiles } from '../support/build-helpers.js';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const SAMPLE = path.join(REPO, 'manuscript');
export const SAMPLE_SLUG = 'friendship-of-azerbaijan-and-pakistan';

let effectsCache: Effects | undefined;
export function effects(): Effects {
  effectsCache ??= nodeEffects({ SOURCE_DATE_EPOCH: '1700000000' });
  return effectsCache;
}

// ------------------------------------------------------------------ temporary folders

const temps: string[] = [];

export async function tempDir(prefix = 'lectern-safety-'): Promise<string> {
  const d = await mkdtemp(path.join(os.tmpdir(), prefix));
  temps.push(d);
  return d;
}

export async function cleanTemps(): Promise<void> {
  await Promise.all(temps.splice(0).map((d) => rm(d, { recursive: true, force: true })));
}

// ------------------------------------------------------------------ manuscripts

export const BOOK_YAML = `title: Safety test
creators:
  - name: A. Writer
language: en
identifier: urn:uuid:00000000-0000-4000-8000-000000000606
date: 2024-01-01
`;

export type Files = Record<string, string | Uint8Array>;

/** Write a manuscript (book.yaml defaults to BOOK_YAML) into a fresh folder; returns its path. */
export async function manuscript(files: Files, parent?: string): Promise<string> {
  const dir = path.join(parent ?? await tempDir('lectern-ms-'), 'manuscript');
  const all: Files = { 'book.yaml': BOOK_YAML, ...files };
  for (const [name, content] of Object.entries(all)) {
    const p = path.join(dir, name);
    await mkdir(path.dirname(p), { recursive: true });
    await writeFile(p, content);
  }
  return dir;
}

/** Build in memory (dryRun): nothing is written, the bytes come back in `outputs`. */
export async function dryBuild(dir: string): Promise<BuildResult> {
  return build({ manuscript: dir, out: path.join(dir, '..', 'never-written'), effects: effects(), dryRun: true });
}

export function shown(r: BuildResult): string {
  return r.diagnostics.map(formatDiagnostic).join('\n');
}

export const errorsOf = (r: BuildResult): Diagnostic[] => r.diagnostics.filter((d) => d.severity === 'error');

/**
 * The contract for bad input: either the build succeeds, or every error is an L- code with a
 * manuscript position (file:line:column), and none is I-BUG. Returns a description of what is
 * wrong ('' when the contract holds).
 */
export function contractViolation(r: BuildResult): string {
  if (r.diagnostics.some((d) => d.code === 'I-BUG')) return `I-BUG:\n${shown(r)}`;
  if (r.ok) return r.outputs?.epub && r.outputs.pdf ? '' : 'ok without outputs';
  const errs = errorsOf(r);
  if (errs.length === 0) return `failed without an error diagnostic:\n${shown(r)}`;
  const bad = errs.filter((d) => !d.code.startsWith('L-') || !d.at || !(d.at.line >= 1) || !(d.at.column >= 1) || d.at.file.startsWith('<'));
  return bad.length ? `errors that are not L- codes with a manuscript position:\n${bad.map(formatDiagnostic).join('\n')}` : '';
}

// ------------------------------------------------------------------ reading editions back

/** Every entry of the EPUB as text (binary entries are skipped), by name. */
export async function epubTexts(bytes: Uint8Array): Promise<Map<string, string>> {
  const zip = await JSZip.loadAsync(bytes);
  const out = new Map<string, string>();
  for (const f of Object.values(zip.files)) {
    if (f.dir || /\.(png|jpe?g|gif|ttf|otf|woff2?)$/i.test(f.name)) continue;
    out.set(f.name, await f.async('string'));
  }
  return out;
}

export function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

// One implementation of these for every test folder.
export { sha256 } from '../support/build-helpers.js';

/** The files under `dir` by their SHA-256, but the record of editions (src/pipeline/superseded.ts):
 * a build writes it after switching its editions, outside the set these tests hold atomic
 * (test/pipeline/superseded.test.ts holds a failed build to leave it as it was). */
export async function hashTree(dir: string): Promise<Map<string, string>> {
  const files = await listFiles(dir);
  files.delete(EDITIONS_RECORD);
  return files;
}

// ------------------------------------------------------------------ images

const crcTable = Array.from({ length: 256 }, (_, n) => { let c = n; for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; return c >>> 0; });
function crc(b: Buffer): number { let c = 0xffffffff; for (const x of b) c = crcTable[(c ^ x) & 0xff]! ^ (c >>> 8); return (c ^ 0xffffffff) >>> 0; }
function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const c = Buffer.alloc(4); c.writeUInt32BE(crc(td));
  return Buffer.concat([len, td, c]);
}
const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A valid RGB PNG of w × h pixels. */
export function png(w: number, h: number): Buffer {
  const ihdr = Buffer.alloc(13); ihdr.writeUInt32BE(w, 0); ihdr.writeUInt32BE(h, 4); ihdr[8] = 8; ihdr[9] = 2;
  const raw = Buffer.alloc((w * 3 + 1) * h, 0x80);
  for (let y = 0; y < h; y++) raw[y * (w * 3 + 1)] = 0;
  return Buffer.concat([SIGNATURE, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** An animated PNG (APNG): an acTL chunk before the image data, two frames. */
export function apng(w: number, h: number): Buffer {
  const still = png(w, h);
  const actl = Buffer.alloc(8); actl.writeUInt32BE(2, 0); actl.writeUInt32BE(0, 4);
  // after the signature and IHDR (8 + 25 bytes)
  return Buffer.concat([still.subarray(0, 33), chunk('acTL', actl), still.subarray(33)]);
}

/** A PNG whose header claims w × h pixels, with one tiny IDAT (a decompression-bomb shape). */
export function pngClaiming(w: number, h: number): Buffer {
  const ihdr = Buffer.alloc(13); ihdr.writeUInt32BE(w, 0); ihdr.writeUInt32BE(h, 4); ihdr[8] = 8; ihdr[9] = 2;
  return Buffer.concat([SIGNATURE, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.alloc(64))), chunk('IEND', Buffer.alloc(0))]);
}

// ------------------------------------------------------------------ time bounds

/** Run `fn`, failing if it takes longer than `ms`; returns its value and the time it took. */
export async function within<T>(ms: number, what: string, fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const t0 = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const value = await Promise.race([
    fn(),
    new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms); }),
  ]).finally(() => clearTimeout(timer));
  return { value, ms: performance.now() - t0 };
}

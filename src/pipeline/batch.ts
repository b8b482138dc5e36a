/**
 * Batch builds (`lectern build-all DIR`): every manuscript folder under DIR (a folder with a
 * book.yaml), built by a pool of worker threads, one per core by default. A bad manuscript fails
 * alone, with its diagnostics; the others still build.
 */
import { readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startWorker } from '../code-files.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { BuiltFile, EditionFormat } from './build.js';

export interface BatchOptions {
  readonly root: string;
  /** Output root: each book goes to OUT/<folder name>/. */
  readonly out: string;
  readonly jobs?: number;
  /** The editions to make of every book (build's `formats`); default both. */
  readonly formats?: readonly EditionFormat[];
  readonly onBook?: (r: BatchBookResult) => void;
  /** Called once, when every worker has loaded its code (the command holds V8's heap growth from
   * then on: a flag set before would make V8 refuse the workers' code cache). */
  readonly onWorkersLoaded?: () => void;
}

export interface BatchBookResult {
  readonly manuscript: string;
  readonly ok: boolean;
  readonly files: readonly BuiltFile[];
  readonly diagnostics: readonly Diagnostic[];
  readonly ms: number;
}

export interface BatchResult {
  readonly books: readonly BatchBookResult[];
  readonly ms: number;
  readonly booksPerMinute: number;
}

export function findManuscripts(root: string): string[] {
  const out: string[] = [];
  const visit = (dir: string, depth: number) => {
    let entries;
    try { entries = readdirSync(dir, { withFileTypes: true }); } catch { return; }
    if (entries.some((e) => e.isFile() && e.name === 'book.yaml')) { out.push(dir); return; }
    if (depth > 4) return;
    for (const e of entries) if (e.isDirectory() && !e.name.startsWith('.') && e.name !== 'node_modules') visit(path.join(dir, e.name), depth + 1);
  };
  visit(path.resolve(root), 0);
  return out.sort();
}

export async function buildAll(options: BatchOptions): Promise<BatchResult> {
  const started = performance.now();
  const manuscripts = findManuscripts(options.root);
  const jobs = Math.max(1, Math.min(options.jobs ?? os.availableParallelism(), manuscripts.length || 1));
  const queue = manuscripts.map((m) => ({
    manuscript: m, out: path.join(path.resolve(options.out), path.relative(path.resolve(options.root), m) || path.basename(m)), formats: options.formats,
  }));
  const results: BatchBookResult[] = [];
  let loading = jobs;
  const runWorker = () => new Promise<void>((resolve, reject) => {
    const worker = startWorker('pipeline/batch-worker');
    const next = () => {
      const job = queue.shift();
      if (!job) { void worker.terminate().then(() => resolve()); return; }
      worker.postMessage(job);
    };
    worker.on('message', (r: BatchBookResult | { loaded: true }) => {
      if ('loaded' in r) { if (--loading === 0) options.onWorkersLoaded?.(); return; }
      results.push(r);
      options.onBook?.(r);
      next();
    });
    worker.on('error', reject);
    next();
  });
  await Promise.all(Array.from({ length: jobs }, runWorker));
  const ms = performance.now() - started;
  results.sort((a, b) => (a.manuscript < b.manuscript ? -1 : 1));
  return { books: results, ms, booksPerMinute: results.length / (ms / 60_000) };
}

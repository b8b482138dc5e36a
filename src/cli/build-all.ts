/** `lectern build-all DIR`: every manuscript under DIR, in parallel; bad ones fail alone. */
import type { Command } from 'commander';
import type { EditionFormat } from '../pipeline/formats.js';
import { parseFormats } from './build.js';
import path from 'node:path';
import { isDirectory } from './report.js';
import { EXIT } from './exit-codes.js';
import { holdHeapGrowth, lowMemoryChosen, lowMemoryNotice } from './low-memory.js';
import { formatWithFrame, summaryLine } from './report.js';

export function registerBuildAll(program: Command): void {
  program
    .command('build-all')
    .description('build every manuscript folder (a folder with a book.yaml) under DIR with a pool of workers')
    .argument('<dir>', 'the folder holding manuscript folders')
    .option('-o, --out <dir>', 'output root: each book goes to OUT/<its folder>/', 'dist')
    .option('-j, --jobs <n>', 'workers (default: one per core)')
    .option('--json', 'print one JSON object for machines')
    .option('--format <formats>', 'the editions to make of every book: epub, pdf, or epub,pdf', parseFormats)
    .option('--low-memory', 'hold the heap\'s growth in every worker: peak memory falls by a fifth to a quarter, and the books take up to 20% longer (each worker already reads its PDFs back on its own thread; the default under a memory limit of 1 GiB)')
    .option('--no-low-memory', 'work the usual way even under a memory limit of 1 GiB')
    .action(async (dir: string, opts: { out: string; jobs?: string; json?: boolean; format?: EditionFormat[]; lowMemory?: boolean }) => {
      if (!isDirectory(dir)) { process.stderr.write(`lectern build-all: ${dir} is not a folder\n`); process.exitCode = EXIT.usage; return; }
      const jobs = opts.jobs === undefined ? undefined : Number(opts.jobs);
      if (jobs !== undefined && (!Number.isInteger(jobs) || jobs < 1)) { process.stderr.write('lectern build-all: --jobs takes a whole number from 1\n'); process.exitCode = EXIT.usage; return; }
      const { lowMemory, because } = lowMemoryChosen(opts.lowMemory);
      if (because && !opts.json) process.stderr.write(lowMemoryNotice('build-all', because));
      const { buildAll } = await import('../pipeline/batch.js');
      let release: (() => void) | undefined;
      const r = await buildAll({
        root: dir, out: opts.out, ...(jobs ? { jobs } : {}), ...(opts.format ? { formats: opts.format } : {}),
        onBook: opts.json ? undefined : (b) => {
          for (const d of b.diagnostics.filter((x) => x.severity === 'error')) process.stderr.write(`${formatWithFrame(d, b.manuscript)}\n`);
          process.stdout.write(`${b.ok ? 'built ' : 'FAILED'} ${path.relative(process.cwd(), b.manuscript) || b.manuscript} (${Math.round(b.ms)} ms, ${summaryLine(b.diagnostics)})\n`);
        },
        // V8's flags belong to the process, so the hold reaches every worker's heap
        ...(lowMemory ? { onWorkersLoaded: () => { release = holdHeapGrowth(); } } : {}),
      }).finally(() => release?.());
      const failed = r.books.filter((b) => !b.ok).length;
      if (opts.json) process.stdout.write(`${JSON.stringify({ books: r.books.map((b) => ({ manuscript: b.manuscript, ok: b.ok, ms: Math.round(b.ms), files: b.files, errors: b.diagnostics.filter((d) => d.severity === 'error') })), ms: Math.round(r.ms), booksPerMinute: Math.round(r.booksPerMinute), lowMemory })}\n`);
      else process.stdout.write(`${r.books.length - failed} built, ${failed} failed in ${(r.ms / 1000).toFixed(1)} s (${Math.round(r.booksPerMinute)} books per minute)\n`);
      process.exitCode = failed > 0 ? EXIT.failed : EXIT.ok;
    });
}

/** `lectern build [manuscript] [--out DIR] [--format epub,pdf]`: the editions, verified, written atomically. */
import { InvalidArgumentError, type Command } from 'commander';
import type { Stage } from '../pipeline/build.js';
import { EDITION_FORMATS, type EditionFormat } from '../pipeline/formats.js';
import { EXIT } from './exit-codes.js';
import { collectGarbage, lowMemoryChosen, lowMemoryNotice, withHeapGrowthHeld } from './low-memory.js';
import { diagnosticJson, formatWithFrame, summaryLine } from './report.js';
import path from 'node:path';

/** `--format epub`, `--format pdf`, `--format epub,pdf`. */
export function parseFormats(value: string): EditionFormat[] {
  const list = value.split(',').map((f) => f.trim().toLowerCase()).filter((f) => f !== '');
  const bad = list.filter((f) => !(EDITION_FORMATS as readonly string[]).includes(f));
  if (list.length === 0 || bad.length > 0) {
    throw new InvalidArgumentError(`${bad.length ? `unknown format "${bad.join('", "')}"` : 'no format given'}; use epub, pdf, or epub,pdf`);
  }
  return [...new Set(list as EditionFormat[])];
}

export function registerBuild(program: Command): void {
  program
    .command('build')
    .description('build the EPUB and PDF editions of a manuscript (or one of them), verify them and write them to the output folder')
    .argument('[manuscript]', 'the manuscript folder (book.yaml and chapter files)', 'manuscript')
    .option('-o, --out <dir>', 'output folder', 'dist')
    .option('-q, --quiet', 'print only errors and warnings')
    .option('--json', 'print one JSON object (files, diagnostics, timings) for machines')
    .option('--validate', 'also run EPUBCheck and DAISY Ace before writing (required when book.yaml attests a review)')
    .option('--format <formats>', 'the editions to make: epub, pdf, or epub,pdf (an EPUB made alone has no PDF page numbers)', parseFormats)
    .option('--low-memory', 'read the PDF back after the EPUB, on the main thread, not on a second thread during the layout, and hold the heap\'s growth: a big book\'s peak memory falls by about 40%, and the build takes 10-20% longer (the default under a memory limit of 1 GiB)')
    .option('--no-low-memory', 'work the usual way even under a memory limit of 1 GiB')
    .action(async (manuscript: string, opts: { out: string; quiet?: boolean; json?: boolean; validate?: boolean; format?: EditionFormat[]; lowMemory?: boolean }) => {
      if (opts.validate && opts.format && !opts.format.includes('epub')) {
        process.stderr.write('lectern build: --validate runs EPUBCheck and Ace on the EPUB, and --format pdf makes none\n');
        process.exitCode = EXIT.usage;
        return;
      }
      const tty = process.stderr.isTTY && !opts.quiet && !opts.json;
      const { lowMemory, because } = lowMemoryChosen(opts.lowMemory);
      if (because && !opts.quiet && !opts.json) process.stderr.write(lowMemoryNotice('build', because));
      const onStage = tty ? (stage: Stage, ms: number) => process.stderr.write(`  ${stage.padEnd(7)} ${ms.toFixed(0).padStart(6)} ms\n`) : undefined;
      // Loaded on use, so that --help and the other commands start fast.
      const { build } = await import('../pipeline/build.js');
      const run = () => build({
        manuscript, out: opts.out, ...(opts.validate ? { validate: true } : {}), ...(onStage ? { onStage } : {}), ...(opts.format ? { formats: opts.format } : {}),
        ...(lowMemory ? { verifyOnWorker: false } : {}), collect: collectGarbage,
      });
      const result = lowMemory ? await withHeapGrowthHeld(run) : await run();
      const root = path.resolve(manuscript);
      if (opts.json) {
        process.stdout.write(`${JSON.stringify({ ok: result.ok, files: result.files, diagnostics: result.diagnostics.map(diagnosticJson), timings: result.timings, lowMemory, ...(result.pdfReadBack ? { pdfReadBack: result.pdfReadBack } : {}), ...(result.removed ? { removed: result.removed } : {}) })}\n`);
      } else {
        for (const d of result.diagnostics) process.stderr.write(`${formatWithFrame(d, root)}\n`);
        if (result.ok) {
          if (!opts.quiet) for (const f of result.files) process.stdout.write(`wrote ${path.relative(process.cwd(), f.path) || f.path} (${f.format}, ${f.bytes} bytes)\n`);
          if (!opts.quiet) for (const f of result.removed ?? []) process.stdout.write(`removed ${path.relative(process.cwd(), f) || f} (this manuscript's edition under its earlier title)\n`);
        } else {
          process.stderr.write(`build failed: ${summaryLine(result.diagnostics)}; nothing was written\n`);
        }
      }
      process.exitCode = result.ok ? EXIT.ok : result.diagnostics.some((d) => d.code === 'I-BUG') ? EXIT.internal : EXIT.failed;
    });
}

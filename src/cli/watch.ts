/** `lectern watch [manuscript]`: rebuild on every change; errors are shown, the watcher goes on. */
import type { Command } from 'commander';
import type { EditionFormat } from '../pipeline/formats.js';
import { parseFormats } from './build.js';
import { watch } from 'node:fs';
import path from 'node:path';
import { formatWithFrame, summaryLine } from './report.js';
import { keepShapingAcrossBuilds } from '../shaping-cache.js';

export function registerWatch(program: Command): void {
  program
    .command('watch')
    .description('build, then rebuild whenever a manuscript file changes (Ctrl-C stops)')
    .argument('[manuscript]', 'the manuscript folder', 'manuscript')
    .option('-o, --out <dir>', 'output folder', 'dist')
    .option('--format <formats>', 'the editions to make: epub, pdf, or epub,pdf', parseFormats)
    .action(async (manuscript: string, opts: { out: string; format?: EditionFormat[] }) => {
      const { build } = await import('../pipeline/build.js');
      // the same book again and again: its words are shaped once for the process
      keepShapingAcrossBuilds();
      const root = path.resolve(manuscript);
      const out = path.resolve(opts.out);
      let running = false;
      let again = false;
      const once = async () => {
        if (running) { again = true; return; }
        running = true;
        do {
          again = false;
          const started = performance.now();
          const r = await build({ manuscript, out: opts.out, ...(opts.format ? { formats: opts.format } : {}) });
          for (const d of r.diagnostics) process.stderr.write(`${formatWithFrame(d, root)}\n`);
          const ms = Math.round(performance.now() - started);
          process.stdout.write(r.ok
            ? `built ${r.files.map((f) => path.basename(f.path)).join(', ')} in ${ms} ms (${summaryLine(r.diagnostics)})\n`
            : `build failed in ${ms} ms (${summaryLine(r.diagnostics)}); the previous editions are kept\n`);
        } while (again);
        running = false;
      };
      await once();
      let timer: NodeJS.Timeout | undefined;
      const watcher = watch(root, { recursive: true }, (_event, file) => {
        if (file && path.resolve(root, file.toString()).startsWith(out)) return;
        clearTimeout(timer);
        timer = setTimeout(() => { void once(); }, 150);
      });
      process.stdout.write(`watching ${manuscript}/ (Ctrl-C stops)\n`);
      await new Promise<void>((resolve) => {
        const stop = () => { watcher.close(); resolve(); };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}

/** `lectern events [manuscript]`: the chronology as extracted, with file:line, for review. */
import type { Command } from 'commander';
import path from 'node:path';
import { EXIT } from './exit-codes.js';
import { formatWithFrame } from './report.js';

export function registerEvents(program: Command): void {
  program
    .command('events')
    .description('print the dated events the chronology appendix will hold, with file:line, and any date warnings')
    .argument('[manuscript]', 'the manuscript folder', 'manuscript')
    .option('--json', 'print the events as JSON')
    .action(async (manuscript: string, opts: { json?: boolean }) => {
      const [{ formatEventList }, { enrich }, { loadManuscript }, { nodeEffects }, { hasErrors }] = await Promise.all([
        import('../enrich/chronology/index.js'), import('../enrich/index.js'), import('../manuscript/load.js'), import('../effects.js'), import('../model/diagnostic.js'),
      ]);
      const effects = nodeEffects();
      const root = path.resolve(manuscript);
      const loaded = await loadManuscript(manuscript, effects);
      if (!loaded.ok) {
        for (const d of loaded.diagnostics) process.stderr.write(`${formatWithFrame(d, root)}\n`);
        process.exitCode = EXIT.failed;
        return;
      }
      const { book, diagnostics } = enrich(loaded.manuscript, { sourceDateEpoch: effects.sourceDateEpoch });
      for (const d of [...loaded.manuscript.diagnostics, ...diagnostics]) process.stderr.write(`${formatWithFrame(d, root)}\n`);
      if (opts.json) process.stdout.write(`${JSON.stringify(book.chronology, null, 2)}\n`);
      else process.stdout.write(`${formatEventList(book.chronology)}\n`);
      process.exitCode = hasErrors(diagnostics) ? EXIT.failed : EXIT.ok;
    });
}

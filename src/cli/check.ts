/** `lectern check FILE…`: Lectern's own checks and, where installed, EPUBCheck and DAISY Ace. */
import type { Command } from 'commander';
import { readFile, writeFile } from 'node:fs/promises';
import type { ReportEntry } from '../verify/report.js';
import path from 'node:path';
import { EXIT } from './exit-codes.js';
import { diagnosticJson, formatWithFrame, summaryLine } from './report.js';

export function registerCheck(program: Command): void {
  program
    .command('check')
    .description('check EPUB and PDF editions: Lectern\'s own checks, plus EPUBCheck and DAISY Ace for an EPUB where they are installed')
    .argument('<files...>', 'the .epub and .pdf files to check')
    .option('--no-external', 'skip EPUBCheck and DAISY Ace')
    .option('--require-external', 'fail when EPUBCheck or Ace cannot run (also LECTERN_REQUIRE_VALIDATORS=1)')
    .option('--json', 'print one JSON object per file')
    .option('--report <file.html>', 'also write an accessibility report (what passed, what a person must still review)')
    .action(async (files: string[], opts: { external: boolean; requireExternal?: boolean; json?: boolean; report?: string }) => {
      const require = opts.requireExternal === true || process.env.LECTERN_REQUIRE_VALIDATORS === '1';
      let worst: number = EXIT.ok;
      const entries: ReportEntry[] = [];
      const { check, sniff } = await import('../pipeline/check.js');
      const { epubAccessibilityMetadata, renderReport } = await import('../verify/report.js');
      for (const file of files) {
        let bytes: Uint8Array;
        try {
          bytes = new Uint8Array(await readFile(file));
        } catch {
          process.stderr.write(`${file}: cannot be read\n`);
          worst = Math.max(worst, EXIT.usage);
          continue;
        }
        const r = await check(file, bytes, { external: opts.external, requireExternal: require });
        const kind = sniff(bytes);
        let metadata: ReportEntry['metadata'];
        if (kind === 'epub') { try { metadata = await epubAccessibilityMetadata(bytes); } catch { metadata = undefined; } }
        entries.push({ file: path.basename(file), kind, result: r, ...(metadata ? { metadata } : {}) });
        if (opts.json) {
          process.stdout.write(`${JSON.stringify({ file, ok: r.ok, validators: r.validators, diagnostics: r.diagnostics.map(diagnosticJson) })}\n`);
        } else {
          for (const d of r.diagnostics) process.stderr.write(`${formatWithFrame(d, undefined)}\n`);
          for (const v of r.validators) process.stdout.write(`${path.basename(file)}: ${v.tool}${v.version ? ` ${v.version}` : ''}: ${v.ran ? `${Object.entries(v.counts).map(([k, n]) => `${n} ${k}`).join(', ')} -> ${v.passed ? 'pass' : 'fail'}` : 'did not run'}\n`);
          process.stdout.write(`${path.basename(file)}: ${r.ok ? 'pass' : 'FAIL'} (${summaryLine(r.diagnostics)})\n`);
        }
        if (!r.ok) worst = Math.max(worst, r.unavailable ? EXIT.unavailable : EXIT.failed);
      }
      if (opts.report) {
        await writeFile(opts.report, renderReport(entries, files.map((f) => path.basename(f)).join(', ')));
        if (!opts.json) process.stdout.write(`wrote ${opts.report}\n`);
      }
      process.exitCode = worst;
    });
}

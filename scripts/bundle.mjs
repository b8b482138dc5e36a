/**
 * Bundles the command line (lib/cli/main.js and everything it loads) into one CommonJS file,
 * lib/lectern.bundle.cjs, so that `lectern` starts by reading one script instead of several
 * hundred modules (about 0.8 s -> 0.4 s to load the build pipeline on a 2-core machine), and
 * then writes V8's code cache for it, lib/lectern.bundle.cache, by running the bundle once on the
 * sample manuscript (a dry run: nothing is written but the cache). bin/lectern.js compiles the
 * bundle with that cache, which spares it most of the compiling on every run (the sample:
 * about 0.2 s). Node 20 has no module compile cache of its own; a script's cache is V8's, which
 * refuses a cache made by another V8 or for other source, and the bundle then compiles as usual.
 * Run by `npm run compile` after tsc. Without the bundle, bin/lectern.js runs lib/cli/main.js;
 * the library API (lib/index.js) is not bundled.
 *
 * pdfkit and fontkit are loaded at run time (createRequire) and stay outside: pdfkit reads
 * `__filename` when it loads. pdfjs-dist, an ES module only `lectern check` loads, stays an
 * import().
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';

await build({
  entryPoints: ['lib/cli/main.js'],
  outfile: 'lib/lectern.bundle.cjs',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['pdfkit', 'fontkit', 'pdfjs-dist', 'dejavu-fonts-ttf'],
  // code-files.ts and the createRequire calls locate files from import.meta.url: the bundle's own
  define: { 'import.meta.url': '__lecternBundleUrl' },
  banner: { js: "const __lecternBundleUrl = require('node:url').pathToFileURL(__filename).href;" },
  logLevel: 'warning',
  legalComments: 'none',
});

rmSync('lib/lectern.bundle.cache', { force: true });
if (existsSync('manuscript/book.yaml')) {
  const out = mkdtempSync(path.join(os.tmpdir(), 'lectern-code-cache-'));
  try {
    execFileSync(process.execPath, ['bin/lectern.js', 'build', 'manuscript', '--out', out, '--quiet'], {
      env: { ...process.env, LECTERN_WRITE_CODE_CACHE: 'lib/lectern.bundle.cache', SOURCE_DATE_EPOCH: '0' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  } catch (e) {
    // the cache only saves time: without it the command compiles the bundle as usual
    rmSync('lib/lectern.bundle.cache', { force: true });
    process.stderr.write(`bundle: no code cache (the sample build failed: ${e instanceof Error ? e.message.split('\n')[0] : e})\n`);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

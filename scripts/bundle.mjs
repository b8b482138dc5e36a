/**
 * Bundles the command line (lib/cli/main.js and everything it loads) into one file,
 * lib/lectern.bundle.js, so that `lectern` starts by reading one module instead of several
 * hundred (about 0.8 s -> 0.4 s to load the build pipeline on a 2-core machine). Run by
 * `npm run compile` after tsc. bin/lectern.js uses the bundle when it is there and lib/cli/main.js
 * otherwise; the library API (lib/index.js) is not bundled.
 *
 * pdfkit (and fontkit, which it loads) stay outside the bundle: pdfkit reads `__filename` when
 * it loads and its data files relative to itself. pdfjs-dist is only loaded by `lectern check`.
 */
import { build } from 'esbuild';

await build({
  entryPoints: ['lib/cli/main.js'],
  outfile: 'lib/lectern.bundle.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['pdfkit', 'fontkit', 'pdfjs-dist', 'dejavu-fonts-ttf'],
  // CommonJS dependencies inside an ES module bundle still call require()
  banner: { js: "import { createRequire as __lecternRequire } from 'node:module'; const require = __lecternRequire(import.meta.url);" },
  logLevel: 'warning',
  legalComments: 'none',
});

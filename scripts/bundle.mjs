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
 * pdfkit and fontkit go into the bundle too, so the code cache covers them (requiring them from
 * node_modules compiled about 70 ms of their code on every run). Three changes make that work:
 * - The two modules that load them (render/pdf/pdfkit.js, font-tables.js) do it through a
 *   `createRequire(import.meta.url)` of their own, which esbuild does not follow; in the bundle
 *   that line is dropped, so their `require('pdfkit')` and `require('fontkit')` are bundled.
 * - pdfkit finds its data files (standard fonts, the PDF/A colour profile) from `__filename`; in
 *   the bundle that is pdfkit's own file, resolved at run time (the banner).
 * - Three dependencies Lectern never runs are left out, with a stub that throws if called:
 *   fontkit's Brotli decoder (WOFF2 fonts only; Lectern embeds TTFs: 1.4 MB of source, about
 *   35 ms to load), pdfkit's AES ciphers (encrypted PDFs only; Lectern never encrypts, which
 *   would stand between a reader's assistive technology and the text: 15 ms) and
 *   epub-gen-memory's node-fetch (remote images and fonts; Lectern hands it every file, and a
 *   build never touches the network: with Node's http and https, about 15 ms).
 * - tiny-inflate, which unicode-trie inflates its tables with as pdfkit and fontkit load, is
 *   done by Node's zlib (scripts/zlib-inflate.cjs): the same bytes, about 25 ms sooner.
 * pdfjs-dist, an ES module only `lectern check` loads, stays an import().
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
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
  external: ['pdfjs-dist', 'dejavu-fonts-ttf'],
  plugins: [{
    name: 'lectern-bundle',
    setup(b) {
      const OWN_REQUIRE = /^const require = createRequire\(import\.meta\.url\);\n/m;
      const BUNDLED = /\brequire\('(?:pdfkit|fontkit)'\)/;
      b.onLoad({ filter: /[\\/]lib[\\/].*\.js$/ }, (a) => {
        const text = readFileSync(a.path, 'utf8');
        if (!OWN_REQUIRE.test(text) || !BUNDLED.test(text)) return undefined;
        // only files whose every require() is pdfkit or fontkit (effects.js resolves a path)
        if (text.replace(new RegExp(BUNDLED, 'g'), '').replace(OWN_REQUIRE, '').includes('require')) return undefined;
        return { contents: text.replace(OWN_REQUIRE, ''), loader: 'js' };
      });
      b.onLoad({ filter: /[\\/]pdfkit[\\/]js[\\/]pdfkit\.js$/ }, (a) => {
        const text = readFileSync(a.path, 'utf8');
        const uses = text.split('__filename').length - 1;
        if (uses !== 2) throw new Error(`pdfkit.js names __filename ${uses} times, not 2: check what the bundle does with it`);
        return { contents: text.replaceAll('__filename', '__lecternPdfkitFile()'), loader: 'js' };
      });
      const UNUSED = /^(brotli\/decompress(\.js)?|@noble\/ciphers\/aes(\.js)?|node-fetch)$/;
      const usedFor = (p) => (p.startsWith('brotli') ? 'WOFF2 fonts' : p.startsWith('@noble') ? 'encrypted PDFs' : 'fetching over the network, which a build never does');
      b.onResolve({ filter: UNUSED }, (a) => ({ path: a.path, namespace: 'unused' }));
      b.onLoad({ filter: /.*/, namespace: 'unused' }, (a) => ({
        contents: `const unused = () => { throw new Error('Lectern leaves ${a.path} out of its bundle: it is used only for ${usedFor(a.path)}'); };
module.exports = unused; module.exports.cbc = unused; module.exports.ecb = unused;`,
        loader: 'js',
      }));
      // tiny-inflate, by Node's zlib (scripts/zlib-inflate.cjs)
      b.onResolve({ filter: /^tiny-inflate$/ }, () => ({ path: path.resolve('scripts/zlib-inflate.cjs') }));
    },
  }],
  // code-files.ts and the createRequire calls locate files from import.meta.url: the bundle's own
  define: { 'import.meta.url': '__lecternBundleUrl' },
  banner: {
    js: "const __lecternBundleUrl = require('node:url').pathToFileURL(__filename).href;\n"
      + "const __lecternPdfkitFile = () => require.resolve('pdfkit');",
  },
  logLevel: 'warning',
  legalComments: 'none',
});

// pdfkit and fontkit must be inside: a require of either left in the bundle would still work, from
// node_modules, but without the code cache, and nothing else would show it
const bundled = readFileSync('lib/lectern.bundle.cjs', 'utf8');
for (const dep of ['pdfkit', 'fontkit']) {
  if (bundled.includes(`require("${dep}")`) || bundled.includes(`require('${dep}')`)) throw new Error(`bundle: ${dep} was left outside the bundle`);
}
// and what is left out or replaced must be: a way of requiring them the plugin does not see would
// bring them back without a word
for (const dep of ['tiny-inflate', 'node-fetch']) {
  if (bundled.includes(`node_modules/${dep}/`)) throw new Error(`bundle: ${dep} is in the bundle (scripts/bundle.mjs replaces it)`);
}

rmSync('lib/lectern.bundle.cache', { force: true });
if (existsSync('manuscript/book.yaml')) {
  const out = mkdtempSync(path.join(os.tmpdir(), 'lectern-code-cache-'));
  try {
    execFileSync(process.execPath, ['bin/lectern.js', 'build', 'manuscript', '--out', out, '--quiet'], {
      env: { ...process.env, LECTERN_WRITE_CODE_CACHE: 'lib/lectern.bundle.cache', SOURCE_DATE_EPOCH: '0', LECTERN_SERVER: 'off' },
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

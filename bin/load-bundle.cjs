// Loads the command's one-file bundle (lib/lectern.bundle.cjs, made by scripts/bundle.mjs) with
// the V8 code cache beside it when V8 accepts that cache, for the command (bin/lectern.js) and
// for its worker threads (bin/lectern-worker.cjs). A script has no module loader for import()
// (Node 20's vm needs a flag for one), so the bundle imports its one ES module dependency (pdf.js,
// for `lectern check`) through a function set here.
'use strict';
const { existsSync, readFileSync } = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const vm = require('node:vm');

const bundle = path.join(__dirname, '..', 'lib', 'lectern.bundle.cjs');
const cacheFile = path.join(__dirname, '..', 'lib', 'lectern.bundle.cache');

/** The bundle's exports and its script, or undefined when there is no bundle. */
function loadBundle(who = 'lectern') {
  if (!existsSync(bundle)) return undefined;
  globalThis.__lecternImportEsm = (specifier) => import(specifier);
  const cachedData = existsSync(cacheFile) ? readFileSync(cacheFile) : undefined;
  const script = new vm.Script(Module.wrap(readFileSync(bundle, 'utf8')), {
    filename: bundle,
    ...(cachedData ? { cachedData } : {}),
  });
  if (process.env.LECTERN_REPORT_CODE_CACHE === '1') {
    process.stderr.write(`${who}: code cache ${cachedData ? (script.cachedDataRejected ? 'rejected' : 'accepted') : 'absent'}\n`);
  }
  const module = { exports: {} };
  script.runInThisContext()(module.exports, Module.createRequire(bundle), module, bundle, path.dirname(bundle));
  return { exports: module.exports, script };
}

module.exports = { loadBundle };

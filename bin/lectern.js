#!/usr/bin/env node
// The lectern command. Runs the compiled code: the one-file bundle in lib/ when it is there (it
// loads faster), compiled with the V8 code cache beside it when V8 accepts that cache; else
// lib/cli/main.js. npm install makes both (the prepare script; scripts/bundle.mjs).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const bundle = fileURLToPath(new URL('../lib/lectern.bundle.cjs', import.meta.url));
const cacheFile = fileURLToPath(new URL('../lib/lectern.bundle.cache', import.meta.url));

/**
 * The bundle's exports, compiled with the code cache when there is one V8 accepts. A script has
 * no module loader for import() (Node 20's vm needs a flag for one), so the bundle imports its one
 * ES module dependency (pdf.js, for `lectern check`) through this module's import.
 */
function loadBundle() {
  globalThis.__lecternImportEsm = (specifier) => import(specifier);
  const cachedData = existsSync(cacheFile) ? readFileSync(cacheFile) : undefined;
  const script = new vm.Script(Module.wrap(readFileSync(bundle, 'utf8')), {
    filename: bundle,
    ...(cachedData ? { cachedData } : {}),
  });
  if (process.env.LECTERN_REPORT_CODE_CACHE === '1') {
    process.stderr.write(`lectern: code cache ${cachedData ? (script.cachedDataRejected ? 'rejected' : 'accepted') : 'absent'}\n`);
  }
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, path.dirname(bundle));
  return { main: module.exports.main, script };
}

if (existsSync(bundle)) {
  const { main, script } = loadBundle();
  process.exitCode = await main(process.argv.slice(2));
  // scripts/bundle.mjs: the cache is made after a build, so it holds the functions a build compiles
  const writeTo = process.env.LECTERN_WRITE_CODE_CACHE;
  if (writeTo) writeFileSync(writeTo, script.createCachedData());
} else {
  const { main } = await import('../lib/cli/main.js');
  process.exitCode = await main(process.argv.slice(2));
}

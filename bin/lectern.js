#!/usr/bin/env node
// The lectern command. Runs the compiled code: the one-file bundle in lib/ when it is there (it
// loads faster), compiled with the V8 code cache beside it when V8 accepts that cache
// (load-bundle.cjs); else lib/cli/main.js. npm install makes both (the prepare script;
// scripts/bundle.mjs).
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const { loadBundle } = createRequire(import.meta.url)('./load-bundle.cjs');
const loaded = loadBundle();
if (loaded) {
  process.exitCode = await loaded.exports.main(process.argv.slice(2));
  // scripts/bundle.mjs: the cache is made after a build, so it holds the functions a build compiles
  const writeTo = process.env.LECTERN_WRITE_CODE_CACHE;
  if (writeTo) writeFileSync(writeTo, loaded.script.createCachedData());
} else {
  const { main } = await import('../lib/cli/main.js');
  process.exitCode = await main(process.argv.slice(2));
}

#!/usr/bin/env node
// The lectern command. When a build server of this very command runs (`lectern server start`),
// build, check and events are sent to it (lib/server/client.js). Else it runs the compiled code:
// the one-file bundle in lib/ when it is there (it loads faster), compiled with the V8 code cache
// beside it when V8 accepts that cache (load-bundle.cjs); else lib/cli/main.js. npm install makes
// both (the prepare script; scripts/bundle.mjs).
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { runThroughServer } from '../lib/server/client.js';

const argv = process.argv.slice(2);
const served = await runThroughServer(argv, fileURLToPath(new URL('../lib/lectern.bundle.cjs', import.meta.url)));
if (served !== undefined) {
  process.exitCode = served;
} else {
  const { loadBundle } = createRequire(import.meta.url)('./load-bundle.cjs');
  const loaded = loadBundle();
  if (loaded) {
    process.exitCode = await loaded.exports.main(argv);
    // scripts/bundle.mjs: the cache is made after a build, so it holds the functions a build compiles
    const writeTo = process.env.LECTERN_WRITE_CODE_CACHE;
    if (writeTo) writeFileSync(writeTo, loaded.script.createCachedData());
  } else {
    const { main } = await import('../lib/cli/main.js');
    process.exitCode = await main(argv);
  }
}

#!/usr/bin/env node
// The lectern command. Runs the compiled code: the one-file bundle in lib/ when it is there (it
// loads faster), else lib/cli/main.js. npm install compiles both (the prepare script).
import { existsSync } from 'node:fs';

const bundle = new URL('../lib/lectern.bundle.js', import.meta.url);
const { main } = existsSync(bundle) ? await import(bundle.href) : await import('../lib/cli/main.js');

process.exitCode = await main(process.argv.slice(2));

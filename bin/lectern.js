#!/usr/bin/env node
// The lectern command. Runs the compiled code in lib/ (npm install compiles it: the prepare script).
import { main } from '../lib/cli/main.js';

process.exitCode = await main(process.argv.slice(2));

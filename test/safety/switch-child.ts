/**
 * Child process for the switch tests (atomic-output.test.ts): writeAtomically() with two small
 * files, and a signal (argv[4]) sent to itself right after the first file was renamed into place,
 * the one moment where a kill could split the set. fs.renameSync is wrapped before output.ts is
 * loaded (syncBuiltinESMExports makes the ESM binding follow).
 */
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import path from 'node:path';

const [out, slug, signal] = process.argv.slice(2) as [string, string, NodeJS.Signals];
const original = fs.renameSync;
let intoOut = 0;
(fs as { renameSync: typeof fs.renameSync }).renameSync = (from, to) => {
  original(from, to);
  if (path.dirname(path.resolve(String(to))) === path.resolve(out) && ++intoOut === 1) {
    process.kill(process.pid, signal);
    // SIGKILL ends the process before this returns; a held signal must wait for the whole switch.
    const until = Date.now() + 100;
    while (Date.now() < until) { /* give the signal time to arrive */ }
  }
};
syncBuiltinESMExports();
const { writeAtomically } = await import('../../src/pipeline/output.js');
await writeAtomically(out, [
  { name: `${slug}.epub`, bytes: new TextEncoder().encode('new epub\n') },
  { name: `${slug}.pdf`, bytes: new TextEncoder().encode('new pdf\n') },
]);
process.stdout.write('switched\n');

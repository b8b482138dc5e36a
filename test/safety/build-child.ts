/**
 * Child process for the kill tests (atomic-output.test.ts): one real build of argv[2] into
 * argv[3], reporting each stage on stdout so the parent can kill it at a chosen moment.
 */
import { nodeEffects } from '../../src/effects.js';
import { formatDiagnostic } from '../../src/model/diagnostic.js';
import { build } from '../../src/pipeline/build.js';

const [manuscript, out] = process.argv.slice(2);
if (!manuscript || !out) throw new Error('usage: build-child.ts MANUSCRIPT OUT');
process.stdout.write('started\n');
const r = await build({
  manuscript, out,
  effects: nodeEffects({ SOURCE_DATE_EPOCH: '1700000000' }),
  onStage: (stage) => { process.stdout.write(`stage ${stage}\n`); },
});
process.stdout.write(`${JSON.stringify({ ok: r.ok, files: r.files })}\n`);
for (const d of r.diagnostics) if (d.severity === 'error') process.stderr.write(`${formatDiagnostic(d)}\n`);
process.exitCode = r.ok ? 0 : 1;

/**
 * The long fuzz run (`npm run fuzz`, issue 6): many random manuscripts from
 * test/safety/fuzz-model.ts, each built in memory and checked (a checked book, or L- errors at
 * manuscript positions only; never I-BUG, never an exception). Every failure is printed with the
 * seed that reproduces it alone: `npm run fuzz -- --seed S --runs 1`.
 *
 *   tsx scripts/fuzz.ts [--runs N] [--seed S]
 *
 * --runs      how many manuscripts (default 500)
 * --seed      the first seed (default: from the clock); run i uses seed + i
 * Exit code: 0 when every run held, 1 otherwise.
 */
import fc from 'fast-check';
import { checkManuscript, manuscriptArbitrary, type FuzzManuscript } from '../test/safety/fuzz-model.js';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const runs = Number(arg('--runs') ?? 500);
const seed = Number(arg('--seed') ?? (Date.now() % 2 ** 31));
if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(seed)) {
  process.stderr.write('usage: tsx scripts/fuzz.ts [--runs N] [--seed S]\n');
  process.exit(2);
}
const arbitrary = manuscriptArbitrary();

const show = (m: FuzzManuscript) => `--- book.yaml\n${m.bookYaml}${m.chapters.map((c, i) => `--- chapter ${i + 1}\n${c}`).join('')}`;

process.stdout.write(`lectern fuzz: ${runs} runs from seed ${seed}\n`);
const t0 = performance.now();
let failed = 0;
for (let i = 0; i < runs; i++) {
  const s = seed + i;
  const [m] = fc.sample(arbitrary, { seed: s, numRuns: 1 });
  const problem = await checkManuscript(m!);
  if (problem) {
    failed++;
    process.stdout.write(`\nFAIL seed ${s} (reproduce: npm run fuzz -- --seed ${s} --runs 1)\n${problem}\n${show(m!)}\n`);
  } else if ((i + 1) % 25 === 0) {
    process.stdout.write(`  ${i + 1}/${runs} runs, ${failed} failed, ${Math.round((performance.now() - t0) / 1000)} s\n`);
  }
}
process.stdout.write(`\n${runs} runs, ${failed} failed, ${Math.round((performance.now() - t0) / 1000)} s\n`);
process.exitCode = failed ? 1 : 0;

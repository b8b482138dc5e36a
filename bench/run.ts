/**
 * npm run bench: builds synthetic manuscripts of about 1k, 50k, 200k and 500k words and reports
 * Lectern's wall time, stage times, peak RSS, sizes and PDF pages per second, against the floor
 * (pdfkit + jszip on the same text) and, where installed, pandoc (EPUB) and pandoc + WeasyPrint
 * (PDF/UA attempt). Where the peers run, it also times Lectern making each edition alone
 * (`--format epub`, `--format pdf`), the like-for-like comparison with a peer that makes one.
 * Each floor or peer run follows the Lectern run it is compared with (L F L F L F), so the
 * machine's drift touches both alike; the medians are compared, and the JSON keeps every run.
 * Writes bench-results/bench.json and bench-results/bench.md (`--name N`: N.json and N.md).
 *
 *   npm run bench                      all sizes, peers up to 50k words (WeasyPrint grows superlinearly)
 *   npm run bench -- --runs 1          one run of each (WeasyPrint takes about 3 min at 500k words)
 *   npm run bench -- --sizes 1000,50000 --runs 3 --peers-max 500000 --archive 40
 *   npm run bench -- --sizes 200000,500000 --peers-max 500000 --archive 0 --name bench-peers-large
 *
 * --archive N: also builds N copies of the sample with `lectern build-all`, by default and with
 * `--low-memory` in turn (books per minute, peak RSS; 0: skip).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateManuscript } from './generate.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const args = process.argv.slice(2);
const opt = (name: string, def: string) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1]! : def; };
const sizes = opt('sizes', '1000,50000,200000,500000').split(',').map(Number);
const runs = Number(opt('runs', '3'));
const peersMax = Number(opt('peers-max', '50000'));
const name = opt('name', 'bench');
if (!/^[\w.-]+$/.test(name)) throw new Error(`--name must be a plain file name, not ${JSON.stringify(name)}`);
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');

function median(xs: number[]): number { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]!; }
function has(cmd: string): boolean { return spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0; }

function timed(cmd: string, argv: string[], env: NodeJS.ProcessEnv = process.env): { ms: number; out: string; rssMb: number; status: number | null } {
  const t = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', cmd, ...argv], { encoding: 'utf8', env, maxBuffer: 1 << 26 });
  const ms = performance.now() - t;
  const rssLine = (r.stderr ?? '').trim().split('\n').pop() ?? '0';
  return { ms, out: r.stdout ?? '', rssMb: Math.round(Number(rssLine) / 1024), status: r.status };
}

// Compile once so Lectern runs as it does for a user (the bundle in lib/, not through tsx).
execFileSync('npm', ['run', 'compile', '--silent'], { cwd: root, stdio: 'inherit' });
// Lectern runs as a user runs it: the command line, one process per build (a build server the user
// may have started is not used; the sample is also timed through one of the bench's own, below).
const cli = path.join(root, 'bin', 'lectern.js');
const buildEnv: NodeJS.ProcessEnv = { ...process.env, SOURCE_DATE_EPOCH: '1700000000', LECTERN_SERVER: 'off' };
function lectern(manuscript: string, out: string, format?: 'epub' | 'pdf', extra: string[] = [], env = buildEnv) {
  const r = timed(process.execPath, [cli, 'build', manuscript, '--out', out, '--json', ...(format ? ['--format', format] : []), ...extra], env);
  const json = JSON.parse(r.out) as { ok: boolean; timings: Record<string, number>; files: { format: string; bytes: number; path: string; sha256: string }[]; diagnostics: { severity: string; code: string; message: string }[] };
  const errors = json.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.message}`);
  return { ...r, result: { ...json, errors } };
}
type Built = ReturnType<typeof lectern>['result'];

/** `runs` builds of one manuscript (a failed one stops the bench): the median wall time, the
 * largest peak RSS and the last build's result. */
function repeated(what: string, manuscript: string, outDir: string, format?: 'epub' | 'pdf', extra: string[] = [], after?: (built: Built) => void): { ms: number; rssMb: number; last: Built; walls: number[] } {
  const walls: number[] = [];
  const rss: number[] = [];
  let last: Built | undefined;
  for (let i = 0; i < runs; i++) {
    const r = lectern(manuscript, path.join(outDir, `${i}`), format, extra);
    if (!r.result.ok) throw new Error(`${what} failed: ${r.result.errors.join('; ')}`);
    walls.push(r.ms);
    rss.push(r.rssMb);
    last = r.result;
    after?.(r.result);
  }
  return { ms: median(walls), rssMb: Math.max(...rss), last: last!, walls };
}

interface Row {
  words: number; chapters: number;
  lectern: { wallMs: number; wallRuns: number[]; stages: Record<string, number>; rssMb: number; epubBytes: number; pdfBytes: number; pages: number; pagesPerSec: number };
  floor: { ms: number; pdfMs: number; zipMs: number; runs: number[] };
  pandocEpubMs?: number; weasyPdfMs?: number;
  /** Lectern making one edition (`--format`), where the peers were run. */
  epubAloneMs?: number; pdfAloneMs?: number;
  /** Every run of the editions alone and of the peers, in the order they alternated. */
  runsInTurn?: { epubAlone: number[]; pandocEpub: number[]; pdfAlone: number[]; weasyPdf: number[] };
  /** The biggest book again with `--low-memory` (the PDF read back on the main thread). */
  lowMemory?: { wallMs: number; rssMb: number };
}
const rows: Row[] = [];
const machine = `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.cpus()[0]?.model ?? '?'}, Node ${process.version}`;

for (const words of sizes) {
  const work = mkdtempSync(path.join(os.tmpdir(), `lectern-bench-${words}-`));
  try {
    const ms = path.join(work, 'ms');
    const gen = generateManuscript(ms, words);
    process.stderr.write(`bench: ${words} words (${gen.words} generated, ${gen.chapters} chapters)\n`);
    // the floor runs right after each build, alternating with them, so the machine's drift (10-20%
    // within minutes here) touches both alike: the ratio is what the targets are about
    const paraFile = path.join(work, 'paragraphs.json');
    writeFileSync(paraFile, JSON.stringify(gen.paragraphs));
    const floors: { pdfMs: number; zipMs: number }[] = [];
    const both = repeated(`the build at ${words} words`, ms, path.join(work, 'out'), undefined, [], (built) => {
      const epubPath = built.files.find((f) => f.format === 'epub')!.path;
      floors.push(JSON.parse(execFileSync(tsx, [path.join(here, 'floor.ts'), paraFile, epubPath], { encoding: 'utf8', maxBuffer: 1 << 26 }).trim()));
    });
    const last = both.last;
    const epub = last.files.find((f) => f.format === 'epub')!;
    const pdf = last.files.find((f) => f.format === 'pdf');
    let pages = 0;
    if (pdf && has('pdfinfo')) pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf.path], { encoding: 'utf8' }))?.[1] ?? 0);
    const floorPdf = median(floors.map((f) => f.pdfMs));
    const floorZip = median(floors.map((f) => f.zipMs));
    const row: Row = {
      words: gen.words, chapters: gen.chapters,
      lectern: {
        wallMs: both.ms, wallRuns: both.walls.map(Math.round), stages: last.timings, rssMb: both.rssMb, epubBytes: epub.bytes, pdfBytes: pdf?.bytes ?? 0,
        pages, pagesPerSec: pages && last.timings.pdf ? Math.round(pages / (last.timings.pdf / 1000)) : 0,
      },
      floor: { ms: floorPdf + floorZip, pdfMs: floorPdf, zipMs: floorZip, runs: floors.map((f) => Math.round(f.pdfMs + f.zipMs)) },
    };
    // the memory target's other road: the same book with one heap at the end instead of two
    if (words >= 400_000) {
      const low = repeated(`--low-memory at ${words} words`, ms, path.join(work, 'low'), undefined, ['--low-memory']);
      const same = low.last.files.filter((f) => f.format !== 'html').every((f) => last.files.some((g) => g.format === f.format && g.sha256 === f.sha256));
      if (!same) throw new Error(`--low-memory made other editions at ${words} words`);
      row.lowMemory = { wallMs: low.ms, rssMb: low.rssMb };
    }
    // peers, on the same Markdown, each run right after Lectern's run of the same edition (as the
    // floor above): pandoc's EPUB, and pandoc's HTML then WeasyPrint's PDF, timed together
    if (words <= peersMax) {
      const md = readdirSync(ms).filter((f) => f.endsWith('.md')).sort().map((f) => path.join(ms, f));
      const withPandoc = has('pandoc');
      const withWeasy = withPandoc && has('weasyprint');
      const pandocEpub: number[] = [];
      const weasyPdf: number[] = [];
      let weasyFailed = false;
      const epubAlone = repeated(`the epub alone at ${words} words`, ms, path.join(work, 'alone-epub'), 'epub', [], () => {
        if (withPandoc) pandocEpub.push(timed('pandoc', ['--resource-path', ms, '-o', path.join(work, 'pandoc.epub'), ...md]).ms);
      });
      const pdfAlone = repeated(`the pdf alone at ${words} words`, ms, path.join(work, 'alone-pdf'), 'pdf', [], () => {
        if (!withWeasy) return;
        const html = path.join(work, 'pandoc.html');
        const t = performance.now();
        execFileSync('pandoc', ['--standalone', '--resource-path', ms, '--metadata', 'title=bench', '-o', html, ...md]);
        const w = timed('weasyprint', ['--pdf-variant', 'pdf/ua-1', '-u', `file://${ms}/`, html, path.join(work, 'weasy.pdf')]);
        if (w.status === 0) weasyPdf.push(performance.now() - t);
        else weasyFailed = true;
      });
      row.epubAloneMs = epubAlone.ms;
      row.pdfAloneMs = pdfAlone.ms;
      row.runsInTurn = { epubAlone: epubAlone.walls.map(Math.round), pandocEpub: pandocEpub.map(Math.round), pdfAlone: pdfAlone.walls.map(Math.round), weasyPdf: weasyPdf.map(Math.round) };
      if (pandocEpub.length > 0) row.pandocEpubMs = median(pandocEpub);
      if (weasyPdf.length > 0 && !weasyFailed) row.weasyPdfMs = median(weasyPdf);
    }
    rows.push(row);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
// The sample article, from the command line (target: under 0.5 s).
const sampleRuns: number[] = [];
let sampleFiles: Built['files'] | undefined;
{
  const out = mkdtempSync(path.join(os.tmpdir(), 'lectern-bench-sample-'));
  try {
    for (let i = 0; i < Math.max(runs, 3); i++) {
      const r = lectern(path.join(root, 'manuscript'), out);
      if (!r.result.ok) throw new Error(`the sample failed: ${r.result.errors.join('; ')}`);
      sampleRuns.push(r.ms);
      sampleFiles = r.result.files;
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
const sampleMs = median(sampleRuns);

// The sample through a build server (`lectern server start`): the same command line, run by a
// warm process. Every build after the start is timed, the first one too, and must give the bytes
// of the sample built alone; the server must say it ran them all.
let served: { startMs: number; runsMs: number[]; ms: number; rssMiB: number } | undefined;
if (sampleFiles) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lectern-bench-server-'));
  const env: NodeJS.ProcessEnv = { ...buildEnv, LECTERN_SERVER_DIR: path.join(dir, 'servers') };
  delete env.LECTERN_SERVER;
  const start = timed(process.execPath, [cli, 'server', 'start'], env);
  if (start.status !== 0) throw new Error(`lectern server start failed: ${start.out}`);
  try {
    const runsMs: number[] = [];
    for (let i = 0; i < Math.max(runs, 5); i++) {
      const r = lectern(path.join(root, 'manuscript'), path.join(dir, 'out'), undefined, [], env);
      if (!r.result.ok) throw new Error(`the sample through the server failed: ${r.result.errors.join('; ')}`);
      const same = r.result.files.every((f) => sampleFiles!.some((g) => g.format === f.format && g.sha256 === f.sha256));
      if (!same) throw new Error('the sample through the server made other files than the sample built alone');
      runsMs.push(r.ms);
    }
    const status = JSON.parse(execFileSync(process.execPath, [cli, 'server', 'status', '--json'], { env, encoding: 'utf8' })) as { runs: number; rssMiB: number };
    if (status.runs !== runsMs.length) throw new Error(`the server ran ${status.runs} builds, not ${runsMs.length}`);
    served = { startMs: start.ms, runsMs, ms: median(runsMs), rssMiB: status.rssMiB };
  } finally {
    spawnSync(process.execPath, [cli, 'server', 'stop'], { env });
    rmSync(dir, { recursive: true, force: true });
  }
}

// A news archive: many articles the size of the sample, built by `lectern build-all` with its pool
// of workers (one per core), each worker building one article after another.
const archiveBooks = Number(opt('archive', '40'));
interface ArchiveRun { ms: number; booksPerMinute: number; rssMb: number }
let archive: ({ books: number; runs: number; lowMemory: ArchiveRun } & ArchiveRun) | undefined;
if (archiveBooks > 0) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lectern-bench-archive-'));
  try {
    for (let i = 0; i < archiveBooks; i++) cpSync(path.join(root, 'manuscript'), path.join(dir, 'in', `article-${String(i).padStart(4, '0')}`), { recursive: true });
    // the default and --low-memory in turn, so that the machine's drift falls on both
    const tries: { ms: number; rssMb: number }[][] = [[], []];
    const editions: string[][] = [[], []];
    for (let i = 0; i < runs; i++) {
      for (const [k, extra] of [[], ['--low-memory']].entries()) {
        const r = timed(process.execPath, [cli, 'build-all', path.join(dir, 'in'), '--out', path.join(dir, `out${k}`), '--json', ...extra], buildEnv);
        const json = JSON.parse(r.out) as { books: { ok: boolean; files: { sha256: string }[] }[] };
        if (json.books.length !== archiveBooks || json.books.some((b) => !b.ok)) throw new Error(`the archive did not build (${extra.join(' ') || 'default'})`);
        tries[k]!.push({ ms: r.ms, rssMb: r.rssMb });
        editions[k] = json.books.flatMap((b) => b.files.map((f) => f.sha256));
      }
    }
    if (editions[0]!.join() !== editions[1]!.join()) throw new Error('build-all --low-memory made other editions');
    // the whole process, as for the other rows (build-all's own books per minute leaves out its start)
    const summary = (t: { ms: number; rssMb: number }[]): ArchiveRun => {
      const ms = median(t.map((x) => x.ms));
      return { ms, booksPerMinute: Math.round(archiveBooks / (ms / 60_000)), rssMb: median(t.map((x) => x.rssMb)) };
    };
    archive = { books: archiveBooks, runs, ...summary(tries[0]!), lowMemory: summary(tries[1]!) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const r1 = (x: number) => Math.round(x);
/** a / b, or a dash when either was not measured (a peer that is not installed, or not run at this size). */
const ratio = (a?: number, b?: number) => (a && b ? (a / b).toFixed(2) : '–');
const md: string[] = [
  `# Lectern benchmark`, '', `Machine: ${machine}. Medians of ${runs} runs; wall time is the whole process (node start included).`, '',
  '| words | chapters | Lectern wall ms | load | enrich | pdf | epub | verify | write | peak RSS MB | EPUB KB | PDF KB | pages | pages/s | floor ms (pdfkit+zip) | Lectern/floor | pandoc EPUB ms | pandoc+WeasyPrint PDF ms | pandoc/Lectern | WeasyPrint/Lectern |',
  '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ...rows.map((r) => `| ${r.words} | ${r.chapters} | ${r1(r.lectern.wallMs)} | ${['load', 'enrich', 'pdf', 'epub', 'verify', 'write'].map((s) => r1(r.lectern.stages[s] ?? 0)).join(' | ')} | ${r.lectern.rssMb} | ${r1(r.lectern.epubBytes / 1024)} | ${r1(r.lectern.pdfBytes / 1024)} | ${r.lectern.pages} | ${r.lectern.pagesPerSec} | ${r1(r.floor.ms)} | ${ratio(r.lectern.wallMs, r.floor.ms)} | ${r.pandocEpubMs ? r1(r.pandocEpubMs) : '–'} | ${r.weasyPdfMs ? r1(r.weasyPdfMs) : '–'} | ${ratio(r.pandocEpubMs, r.lectern.wallMs)} | ${ratio(r.weasyPdfMs, r.lectern.wallMs)} |`),
  '',
];
const alone = rows.filter((r) => r.epubAloneMs !== undefined);
if (alone.length > 0) {
  md.push('One edition at a time (`--format epub`, `--format pdf`), each verified, against the peer that makes the same edition:', '',
    '| words | Lectern EPUB alone ms | pandoc EPUB ms | pandoc / Lectern | Lectern PDF alone ms | pandoc+WeasyPrint PDF ms | WeasyPrint / Lectern |',
    '|---|---|---|---|---|---|---|',
    ...alone.map((r) => `| ${r.words} | ${r1(r.epubAloneMs!)} | ${r.pandocEpubMs ? r1(r.pandocEpubMs) : '–'} | ${ratio(r.pandocEpubMs, r.epubAloneMs)} | ${r1(r.pdfAloneMs!)} | ${r.weasyPdfMs ? r1(r.weasyPdfMs) : '–'} | ${ratio(r.weasyPdfMs, r.pdfAloneMs)} |`),
    '');
}
md.push(`Sample article (manuscript/), both editions, verified, from the command line: ${r1(sampleMs)} ms (median of ${sampleRuns.length}).`, '');
if (served) {
  md.push(`The same command with a build server running (\`lectern server start\`, ${r1(served.startMs)} ms): ${r1(served.ms)} ms (median of ${served.runsMs.length}, the first build after the start included: ${served.runsMs.map(r1).join(', ')} ms), the same bytes; the server then held ${served.rssMiB} MiB.`, '');
}
if (archive) {
  md.push(`An archive of ${archive.books} copies of the sample, \`lectern build-all\` (${os.cpus().length} workers), median of ${archive.runs}: ${r1(archive.ms)} ms wall for the whole process, ${archive.booksPerMinute} books per minute, peak RSS ${archive.rssMb} MB; with \`--low-memory\` (the same editions; run in turn with the default): ${r1(archive.lowMemory.ms)} ms, ${archive.lowMemory.booksPerMinute} books per minute, peak RSS ${archive.lowMemory.rssMb} MB.`, '');
}
const big = rows.find((r) => r.words >= 400_000);
const mid = rows.find((r) => r.words >= 150_000 && r.words < 400_000);
md.push('Targets:');
if (big) {
  md.push(`- 500k words: wall ${r1(big.lectern.wallMs)} ms vs 1.3 × floor ${r1(1.3 * big.floor.ms)} ms: ${big.lectern.wallMs <= 1.3 * big.floor.ms ? 'met' : 'NOT met'} (each build over the floor run right after it: ${big.lectern.wallRuns.map((w, i) => ratio(w, big.floor.runs[i])).join(', ')}); peak RSS ${big.lectern.rssMb} MB (< 400): ${big.lectern.rssMb < 400 ? 'met' : 'NOT met'}`);
  if (big.lowMemory) {
    md.push(`- 500k words with \`--low-memory\` (the same editions): peak RSS ${big.lowMemory.rssMb} MB (< 400): ${big.lowMemory.rssMb < 400 ? 'met' : 'NOT met'}; wall ${r1(big.lowMemory.wallMs)} ms, ${ratio(big.lowMemory.wallMs, big.lectern.wallMs)} × the default build, ${ratio(big.lowMemory.wallMs, big.floor.ms)} × the floor`);
  }
  if (mid) md.push(`- linear: 500k / 200k = ${(big.lectern.wallMs / mid.lectern.wallMs).toFixed(2)} (≤ 2.7): ${big.lectern.wallMs / mid.lectern.wallMs <= 2.7 ? 'met' : 'NOT met'}`);
}
for (const r of rows.filter((x) => x.words >= 40_000 && (x.pandocEpubMs || x.weasyPdfMs))) {
  // like for like: Lectern making the one edition the peer makes; then Lectern's whole build (both
  // editions, parity included) against the same one-edition peer
  if (r.weasyPdfMs) {
    const pdfAlone = r.pdfAloneMs ?? r.lectern.wallMs;
    md.push(`- ${r.words} words: pandoc + WeasyPrint PDF ${r1(r.weasyPdfMs)} ms = ${ratio(r.weasyPdfMs, pdfAlone)} × Lectern's PDF alone (${r1(pdfAlone)} ms) (≥ 5): ${r.weasyPdfMs >= 5 * pdfAlone ? 'met' : 'NOT met'}; ${ratio(r.weasyPdfMs, r.lectern.wallMs)} × Lectern's two-edition build; 5 × is ${r1(r.weasyPdfMs / 5)} ms for the whole command, and the floor's pdfkit layout alone took ${r1(r.floor.pdfMs)} ms of a process already started`);
  }
  if (r.pandocEpubMs) {
    const epubAlone = r.epubAloneMs ?? r.lectern.wallMs;
    md.push(`- ${r.words} words: pandoc EPUB ${r1(r.pandocEpubMs)} ms vs Lectern's EPUB alone ${r1(epubAlone)} ms (Lectern faster): ${epubAlone < r.pandocEpubMs ? 'met' : 'NOT met'}; Lectern's two-edition build ${r1(r.lectern.wallMs)} ms`);
  }
}
md.push(`- sample article: ${r1(sampleMs)} ms (< 500): ${sampleMs < 500 ? 'met' : 'NOT met'}${served ? `; with a build server running: ${r1(served.ms)} ms: ${served.ms < 500 ? 'met' : 'NOT met'}` : ''}`);
const outDir = path.join(root, 'bench-results');
if (!existsSync(outDir)) mkdirSync(outDir);
writeFileSync(path.join(outDir, `${name}.json`), `${JSON.stringify({ machine, runs, sampleMs, served, archive, rows }, null, 2)}\n`);
writeFileSync(path.join(outDir, `${name}.md`), `${md.join('\n')}\n`);
process.stdout.write(`${md.join('\n')}\n`);

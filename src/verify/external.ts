/**
 * External validators, where installed: EPUBCheck (Java) and DAISY Ace (Chromium). Lectern does
 * not bundle them; it finds them (EPUBCHECK_JAR, ACE_CLI, the referee kit's REFEREE_HOME, PATH)
 * and reports "not available" rather than a pass when they cannot run.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { error, warning, type Diagnostic } from '../model/diagnostic.js';

export interface ValidatorRun {
  readonly tool: 'epubcheck' | 'ace';
  /** false when the tool is not installed or could not run: never a pass. */
  readonly ran: boolean;
  readonly version?: string;
  /** epubcheck: fatal/error/warning/usage; ace: critical/serious/moderate/minor. */
  readonly counts: Readonly<Record<string, number>>;
  readonly diagnostics: readonly Diagnostic[];
  /** Where each finding is, inside the EPUB (for mapping back to the manuscript). */
  readonly findings: readonly { readonly diagnostic: Diagnostic; readonly path?: string; readonly line?: number }[];
  readonly passed: boolean;
}

function which(cmd: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const p = path.join(dir, cmd);
    if (dir && existsSync(p)) return p;
  }
  return undefined;
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { out += d.toString(); });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (e) => { clearTimeout(timer); resolve({ code: null, out: String(e) }); });
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, out }); });
  });
}

export function findEpubcheckJar(): string | undefined {
  const c = [process.env.EPUBCHECK_JAR, '/usr/share/java/epubcheck.jar'];
  return c.find((p): p is string => !!p && existsSync(p));
}

export function findAce(): string | undefined {
  const home = process.env.REFEREE_HOME ?? (process.env.HOME ? path.join(process.env.HOME, '.cache', 'referee') : undefined);
  const c = [process.env.ACE_CLI, home ? path.join(home, 'node_modules', '@daisy', 'ace-cli', 'bin', 'ace.js') : undefined];
  return c.find((p): p is string => !!p && existsSync(p));
}

export function findChromium(): string | undefined {
  const c = [process.env.CHROMIUM_PATH, process.env.PUPPETEER_EXECUTABLE_PATH, '/usr/bin/chromium', which('chromium'), which('chromium-browser')];
  return c.find((p): p is string => !!p && existsSync(p));
}

/** One EPUBCheck message location -> the file inside the EPUB and its line. */
interface EcMessage { ID: string; severity: string; message: string; locations?: { path: string; line: number; column: number }[] }

export async function runEpubcheck(epubPath: string): Promise<ValidatorRun> {
  const jar = findEpubcheckJar();
  const java = which('java');
  const none = (why: string): ValidatorRun => ({ tool: 'epubcheck', ran: false, counts: {}, passed: false, findings: [], diagnostics: [warning('X-VALIDATOR', `EPUBCheck did not run: ${why}`)] });
  if (!jar || !java) return none(!java ? 'java is not installed' : 'no epubcheck.jar (apt-get install epubcheck, or set EPUBCHECK_JAR)');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'lectern-epubcheck-'));
  try {
    const report = path.join(dir, 'report.json');
    const r = await run(java, ['-jar', jar, epubPath, '--json', report, '-q'], process.env, 600_000);
    let rep: { checker?: { checkerVersion?: string; nFatal?: number; nError?: number; nWarning?: number; nUsage?: number }; messages?: EcMessage[]; publication?: { nSpines?: number }; items?: unknown[] };
    try { rep = JSON.parse(await readFile(report, 'utf8')); } catch { return none(`no report (exit ${r.code}): ${r.out.slice(0, 300)}`); }
    const c = rep.checker ?? {};
    const checkedNothing = (rep.items?.length ?? 0) === 0 && !(rep.publication?.nSpines);
    if (checkedNothing && (c.nFatal ?? 0) + (c.nError ?? 0) === 0) return none(`it checked nothing (exit ${r.code}): ${r.out.slice(0, 300)}`);
    const counts = { fatal: c.nFatal ?? 0, error: c.nError ?? 0, warning: c.nWarning ?? 0, usage: c.nUsage ?? 0 };
    const findings: ValidatorRun['findings'][number][] = [];
    for (const m of rep.messages ?? []) {
      if (!['FATAL', 'ERROR', 'WARNING'].includes(m.severity)) continue;
      const loc = m.locations?.[0];
      const where = loc ? ` (${loc.path}:${loc.line}:${loc.column})` : '';
      const diagnostic = error('X-VALIDATOR', `EPUBCheck ${m.severity} ${m.ID}: ${m.message}${where}`);
      findings.push({ diagnostic, ...(loc ? { path: loc.path, line: loc.line } : {}) });
    }
    const passed = r.code === 0 && counts.fatal === 0 && counts.error === 0 && counts.warning === 0;
    return { tool: 'epubcheck', ran: true, ...(c.checkerVersion ? { version: c.checkerVersion } : {}), counts, diagnostics: findings.map((f) => f.diagnostic), findings, passed };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function runAce(epubPath: string): Promise<ValidatorRun> {
  const ace = findAce();
  const chromium = findChromium();
  const none = (why: string): ValidatorRun => ({ tool: 'ace', ran: false, counts: {}, passed: false, findings: [], diagnostics: [warning('X-VALIDATOR', `DAISY Ace did not run: ${why}`)] });
  if (!ace) return none('@daisy/ace-cli is not installed (bash ../shared/referee/setup.sh installs it, or set ACE_CLI)');
  if (!chromium) return none('no Chromium (apt-get install chromium, or set CHROMIUM_PATH)');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'lectern-ace-'));
  try {
    const outdir = path.join(dir, 'report');
    const env = { ...process.env, PUPPETEER_EXECUTABLE_PATH: chromium, PUPPETEER_SKIP_DOWNLOAD: '1', TMPDIR: dir };
    const r = await run(process.execPath, [ace, '-f', '-s', '-o', outdir, epubPath], env, 600_000);
    type Assertion = { 'earl:result'?: { 'earl:outcome'?: string; 'dct:description'?: string }; 'earl:test'?: { 'earl:impact'?: string; 'dct:title'?: string } };
    let rep: { assertions?: { 'earl:testSubject'?: { url?: string }; assertions?: Assertion[] }[]; 'earl:assertedBy'?: { 'doap:release'?: { 'doap:revision'?: string } } };
    try { rep = JSON.parse(await readFile(path.join(outdir, 'report.json'), 'utf8')); } catch { return none(`no report (exit ${r.code}): ${r.out.replace(/\x1b\[[0-9;]*m/g, '').slice(-300)}`); }
    const counts: Record<string, number> = { critical: 0, serious: 0, moderate: 0, minor: 0 };
    const findings: ValidatorRun['findings'][number][] = [];
    let docs = 0;
    for (const doc of rep.assertions ?? []) {
      const url = doc['earl:testSubject']?.url ?? '';
      if (/\.x?html?$/i.test(url)) docs++;
      for (const a of doc.assertions ?? []) {
        if (a['earl:result']?.['earl:outcome'] !== 'fail') continue;
        const impact = a['earl:test']?.['earl:impact'] ?? 'minor';
        counts[impact] = (counts[impact] ?? 0) + 1;
        const msg = `Ace ${impact} ${a['earl:test']?.['dct:title'] ?? '?'} in ${url}: ${(a['earl:result']?.['dct:description'] ?? '').replace(/\s+/g, ' ').slice(0, 300)}`;
        findings.push({ diagnostic: impact === 'minor' ? warning('X-VALIDATOR', msg) : error('X-VALIDATOR', msg), path: url });
      }
    }
    if (docs === 0) return none('Ace checked no content document (the browser part did not run)');
    const passed = counts.critical === 0 && counts.serious === 0 && counts.moderate === 0;
    const version = rep['earl:assertedBy']?.['doap:release']?.['doap:revision'];
    return { tool: 'ace', ran: true, ...(version ? { version } : {}), counts, diagnostics: findings.map((f) => f.diagnostic), findings, passed };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

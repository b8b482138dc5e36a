/** `lectern watch`: builds, rebuilds on a change, shows errors without exiting, keeps the previous editions. */
import { spawn } from 'node:child_process';
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { EDITIONS_RECORD } from '../../src/pipeline/superseded.js';

it('rebuilds on every change and survives a broken manuscript', async () => {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'lectern-watch-'));
  const ms = path.join(tmp, 'ms');
  const out = path.join(tmp, 'out');
  await cp('manuscript', ms, { recursive: true });
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', `import('./src/cli/main.ts').then((m) => m.main(['watch', ${JSON.stringify(ms)}, '--out', ${JSON.stringify(out)}]))`], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  const waitFor = async (re: RegExp, count: number) => {
    for (let i = 0; i < 600; i++) {
      if ((stdout.match(new RegExp(re.source, 'gm')) ?? []).length >= count) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`timed out waiting for ${re} x${count}\nstdout: ${stdout}\nstderr: ${stderr}`);
  };
  const sha = async (f: string) => createHash('sha256').update(await readFile(path.join(out, f))).digest('hex');
  try {
    await waitFor(/^built /m, 1);
    await waitFor(/watching/, 1);
    const epub = (await readdir(out)).find((f) => f.endsWith('.epub'))!;
    const before = await sha(epub);
    // a change to the text: a new build with the new words
    const article = path.join(ms, 'article.md');
    const text = await readFile(article, 'utf8');
    await writeFile(article, text.replace('Byline: Fuad Huseynzadeh {.byline}', 'Byline: Fuad Huseynzadeh {.byline}\n\nAn added paragraph.'));
    await waitFor(/^built /m, 2);
    const changed = await sha(epub);
    expect(changed).not.toBe(before);
    // a broken manuscript: the error is shown, the watcher goes on, the editions stay
    await writeFile(article, `${text}\n![](images/missing.png)\n`);
    await waitFor(/build failed/, 1);
    expect(stderr).toMatch(/article\.md:\d+:\d+: error L-ALT/);
    expect(await sha(epub)).toBe(changed);
    expect(child.exitCode).toBeNull();
    // fixed again: builds again
    await writeFile(article, text);
    await waitFor(/^built /m, 3);
    expect(await sha(epub)).toBe(before);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    await rm(tmp, { recursive: true, force: true });
  }
}, 240_000);

it('--format epub rebuilds the EPUB alone', async () => {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'lectern-watch-'));
  const ms = path.join(tmp, 'ms');
  const out = path.join(tmp, 'out');
  await cp('manuscript', ms, { recursive: true });
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', `import('./src/cli/main.ts').then((m) => m.main(['watch', ${JSON.stringify(ms)}, '--out', ${JSON.stringify(out)}, '--format', 'epub']))`], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
  try {
    for (let i = 0; i < 600 && !/^built /m.test(stdout); i++) await new Promise((r) => setTimeout(r, 100));
    expect(stdout).toMatch(/^built friendship-of-azerbaijan-and-pakistan\.epub, index\.html in \d+ ms/m);
    expect((await readdir(out)).sort()).toEqual([EDITIONS_RECORD, 'friendship-of-azerbaijan-and-pakistan.epub', 'index.html']);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    await rm(tmp, { recursive: true, force: true });
  }
}, 120_000);

/**
 * `lectern server`: the installed command (bin/lectern.js with the bundle) started as a build
 * server; `lectern build` then runs in it and gives what a build in its own process gives: the
 * same bytes, the same output and exit codes, the caller's folder and environment.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { appendFile, chmod, cp, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { EPOCH, REPO, SAMPLE_DIR, cleanTemps, tempDir } from '../support/build-helpers.js';

const BIN = path.join(REPO, 'bin', 'lectern.js');
let serverPid: number | undefined;

afterAll(async () => {
  if (serverPid) try { process.kill(serverPid); } catch { /* stopped */ }
  await cleanTemps();
});

interface Ran { code: number; stdout: string; stderr: string }
function lectern(args: string[], cwd: string, env: NodeJS.ProcessEnv, umask?: string): Promise<Ran> {
  // with a file mode mask of its own: through a shell that sets it
  const [cmd, argv] = umask
    ? ['/bin/sh', ['-c', `umask ${umask} && exec "$0" "$@"`, process.execPath, BIN, ...args]]
    : [process.execPath, [BIN, ...args]];
  return new Promise((resolve) => {
    execFile(cmd, argv, { cwd, env, maxBuffer: 1 << 24 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
    });
  });
}

/** The process runs (a zombie that nobody reaps has ended). */
function alive(pid: number): boolean {
  try { process.kill(pid, 0); } catch { return false; }
  try { return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z'; } catch { return false; }
}

const files = (dir: string) => Object.fromEntries(readdirSync(dir).sort().map((f) => [f, readFileSync(path.join(dir, f))]));

it('builds through the server what the command builds alone, as the caller, until stopped', async () => {
  const work = await tempDir();
  await cp(SAMPLE_DIR, path.join(work, 'ms'), { recursive: true });
  const served: NodeJS.ProcessEnv = { ...process.env, LECTERN_SERVER_DIR: path.join(work, 'servers'), SOURCE_DATE_EPOCH: EPOCH };
  delete served.LECTERN_SERVER; // vitest.config.ts turns the server off for every other test
  const alone: NodeJS.ProcessEnv = { ...served, LECTERN_SERVER: 'off' };
  const runs = async () => JSON.parse((await lectern(['server', 'status', '--json'], work, served)).stdout) as { running: boolean; runs?: number };

  expect(await lectern(['server', 'status'], work, served)).toMatchObject({ code: 1, stdout: 'lectern server: none is running\n' });
  // a socket folder others may enter: refused, and no server starts
  const open = { ...served, LECTERN_SERVER_DIR: path.join(work, 'open') };
  await mkdir(open.LECTERN_SERVER_DIR!, { mode: 0o755 });
  await chmod(open.LECTERN_SERVER_DIR!, 0o755);
  expect(await lectern(['server', 'start'], work, open)).toMatchObject({ code: 1, stderr: expect.stringMatching(/^lectern server start: .*open is not a private folder .*chmod 700/) });
  expect(readdirSync(open.LECTERN_SERVER_DIR!)).toEqual([]);
  const started = await lectern(['server', 'start', '--idle', '5'], work, served);
  expect(started.code).toBe(0);
  serverPid = Number(/running \(pid (\d+), \d+ MiB\)/.exec(started.stdout)?.[1]);
  expect(serverPid).toBeGreaterThan(0);
  expect(await runs()).toMatchObject({ running: true, runs: 0 });
  expect((await lectern(['server', 'start'], work, served)).stdout).toMatch(/already running \(pid \d+, \d+ MiB\)/);

  // a relative manuscript and output folder, read from the caller's folder
  const a = await lectern(['build', 'ms', '--out', 'out-a'], work, served);
  const b = await lectern(['build', 'ms', '--out', 'out-b'], work, alone);
  expect(a.code).toBe(0);
  expect(a.stdout.replaceAll('out-a', 'out-b')).toBe(b.stdout);
  expect(a.stdout).toMatch(/^wrote out-a\/.*\.pdf/m);
  expect(a.stderr).toBe(b.stderr);
  expect(files(path.join(work, 'out-a'))).toEqual(files(path.join(work, 'out-b')));
  expect(await runs()).toMatchObject({ runs: 1 });

  // the caller's environment: another SOURCE_DATE_EPOCH, other bytes, the same as alone
  const later = { SOURCE_DATE_EPOCH: '1800000000' };
  expect((await lectern(['build', 'ms', '--out', 'out-c'], work, { ...served, ...later })).code).toBe(0);
  expect((await lectern(['build', 'ms', '--out', 'out-d'], work, { ...alone, ...later })).code).toBe(0);
  expect(files(path.join(work, 'out-c'))).toEqual(files(path.join(work, 'out-d')));
  expect(files(path.join(work, 'out-c'))).not.toEqual(files(path.join(work, 'out-a')));
  expect(await runs()).toMatchObject({ runs: 2 });

  // the caller's file mode mask: the editions get the permissions a build alone gives them
  expect((await lectern(['build', 'ms', '--out', 'out-g'], work, served, '077')).code).toBe(0);
  expect((await lectern(['build', 'ms', '--out', 'out-h'], work, alone, '077')).code).toBe(0);
  const modes = (dir: string) => readdirSync(dir).sort().map((f) => statSync(path.join(dir, f)).mode & 0o777);
  expect(modes(path.join(work, 'out-g'))).toEqual([0o600, 0o600, 0o600, 0o600]);
  expect(modes(path.join(work, 'out-g'))).toEqual(modes(path.join(work, 'out-h')));
  expect(modes(path.join(work, 'out-a'))).not.toEqual([0o600, 0o600, 0o600, 0o600]);
  expect(await runs()).toMatchObject({ runs: 3 });

  // a bad manuscript: the same errors with file:line:column and the same exit code, nothing written
  await cp(path.join(work, 'ms'), path.join(work, 'bad'), { recursive: true });
  await appendFile(path.join(work, 'bad', 'article.md'), '\n![](images/missing.png)\n');
  const badServed = await lectern(['build', 'bad', '--out', 'out-e'], work, served);
  const badAlone = await lectern(['build', 'bad', '--out', 'out-e'], work, alone);
  expect(badServed.code).toBe(1);
  expect(badServed.stderr).toMatch(/^bad\/article\.md:\d+:1: error L-ALT/m);
  expect(badServed).toEqual(badAlone);
  expect(existsSync(path.join(work, 'out-e'))).toBe(false);
  // a wrong command line: exit code 2, the same message
  const usage = await lectern(['build', 'ms', '--format', 'mobi'], work, served);
  expect(usage.code).toBe(2);
  expect(usage).toEqual(await lectern(['build', 'ms', '--format', 'mobi'], work, alone));
  expect(await runs()).toMatchObject({ runs: 5 });

  expect(await lectern(['server', 'stop'], work, served)).toMatchObject({ code: 0, stdout: 'lectern server: stopped\n' });
  expect(await lectern(['server', 'status'], work, served)).toMatchObject({ code: 1 });
  for (let i = 0; i < 100 && alive(serverPid!); i++) await new Promise((r) => setTimeout(r, 50));
  expect(alive(serverPid!)).toBe(false);
  serverPid = undefined;
  expect(readdirSync(path.join(work, 'servers')).filter((f) => f.endsWith('.sock'))).toEqual([]);
  // with no server the command builds alone
  expect((await lectern(['build', 'ms', '--out', 'out-f'], work, served)).code).toBe(0);
  expect(files(path.join(work, 'out-f'))).toEqual(files(path.join(work, 'out-a')));

  // a server stopped by a signal (kill) removes its socket too
  const again = await lectern(['server', 'start'], work, served);
  serverPid = Number(/running \(pid (\d+), \d+ MiB\)/.exec(again.stdout)?.[1]);
  expect(readdirSync(path.join(work, 'servers')).filter((f) => f.endsWith('.sock'))).toHaveLength(1);
  process.kill(serverPid, 'SIGTERM');
  for (let i = 0; i < 100 && alive(serverPid); i++) await new Promise((r) => setTimeout(r, 50));
  expect(alive(serverPid)).toBe(false);
  serverPid = undefined;
  expect(readdirSync(path.join(work, 'servers')).filter((f) => f.endsWith('.sock'))).toEqual([]);
  expect(readFileSync(path.join(work, 'servers', readdirSync(path.join(work, 'servers')).find((f) => f.endsWith('.log'))!), 'utf8')).toMatch(/lectern server: stopped\n$/);
}, 120_000);

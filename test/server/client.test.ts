/** The command's side: which commands go to a server, and what it does with each answer. */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { serverAddress } from '../../src/server/address.js';
import { runThroughServer } from '../../src/server/client.js';
import { onMessages, send, type Reply, type RunRequest } from '../../src/server/protocol.js';

let tmp: string;
let bundle: string;
let env: NodeJS.ProcessEnv;
let listening: net.Server | undefined;
beforeEach(() => {
  tmp = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'lectern-client-')));
  bundle = path.join(tmp, 'lectern.bundle.cjs');
  writeFileSync(bundle, '// bundle');
  env = { LECTERN_SERVER_DIR: path.join(tmp, 'servers'), SOURCE_DATE_EPOCH: '5' };
  mkdirSync(env.LECTERN_SERVER_DIR!, { mode: 0o700 });
});
afterEach(async () => {
  vi.restoreAllMocks();
  await new Promise((r) => (listening ? listening.close(r) : r(undefined)));
  listening = undefined;
  rmSync(tmp, { recursive: true, force: true });
});

/** A server that answers every run with `replies` (then ends), recording the requests. */
async function scripted(replies: Reply[] | 'hang-up'): Promise<RunRequest[]> {
  const got: RunRequest[] = [];
  listening = net.createServer((c) => onMessages(c, (m) => {
    got.push(m as RunRequest);
    if (replies === 'hang-up') { send(c, { type: 'out', fd: 1, text: 'half' }); c.destroy(); return; }
    for (const r of replies) send(c, r);
    c.end();
  }));
  await new Promise<void>((r) => listening!.listen(serverAddress(bundle, env)!.socket, r));
  return got;
}

function capture(): { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation(((t: string) => { out.push(String(t)); return true; }) as never);
  vi.spyOn(process.stderr, 'write').mockImplementation(((t: string) => { err.push(String(t)); return true; }) as never);
  return { out, err };
}

it('sends build, check and events with the caller\'s folder and environment, prints the answer and gives its exit code', async () => {
  const got = await scripted([{ type: 'out', fd: 1, text: 'wrote x\n' }, { type: 'out', fd: 2, text: 'warning\n' }, { type: 'exit', code: 1 }]);
  const { out, err } = capture();
  for (const command of ['build', 'check', 'events']) {
    expect(await runThroughServer([command, 'manuscript'], bundle, env)).toBe(1);
  }
  vi.restoreAllMocks();
  expect(got.map((r) => r.argv)).toEqual([['build', 'manuscript'], ['check', 'manuscript'], ['events', 'manuscript']]);
  expect(got[0]).toMatchObject({ type: 'run', cwd: process.cwd(), env });
  expect(out).toEqual(['wrote x\n', 'wrote x\n', 'wrote x\n']);
  expect(err).toEqual(['warning\n', 'warning\n', 'warning\n']);
});

it('runs the command itself for other commands, LECTERN_SERVER=off, no server, or a folder that is not private', async () => {
  const got = await scripted([{ type: 'exit', code: 0 }]);
  expect(await runThroughServer(['init', 'x'], bundle, env)).toBeUndefined();
  expect(await runThroughServer(['watch'], bundle, env)).toBeUndefined();
  expect(await runThroughServer([], bundle, env)).toBeUndefined();
  expect(await runThroughServer(['build'], bundle, { ...env, LECTERN_SERVER: 'off' })).toBeUndefined();
  chmodSync(env.LECTERN_SERVER_DIR!, 0o755);
  expect(await runThroughServer(['build'], bundle, env)).toBeUndefined();
  chmodSync(env.LECTERN_SERVER_DIR!, 0o700);
  expect(got).toEqual([]);
  expect(await runThroughServer(['build'], bundle, env)).toBe(0);
  // another bundle (the command rebuilt): no server of its own
  writeFileSync(bundle, '// rebuilt, longer');
  expect(await runThroughServer(['build'], bundle, env)).toBeUndefined();
  expect(got).toHaveLength(1);
});

it('runs the command itself when the socket is dead, the server declines, or it hangs up mid-way (and says so)', async () => {
  // a socket file nobody listens on
  writeFileSync(serverAddress(bundle, env)!.socket, '');
  expect(await runThroughServer(['build'], bundle, env)).toBeUndefined();
  rmSync(serverAddress(bundle, env)!.socket);
  await scripted([{ type: 'declined', reason: 'gone' }]);
  expect(await runThroughServer(['build'], bundle, env)).toBeUndefined();
  await new Promise((r) => listening!.close(r));
  await scripted('hang-up');
  const { out, err } = capture();
  expect(await runThroughServer(['build'], bundle, env)).toBeUndefined();
  vi.restoreAllMocks();
  expect(out).toEqual(['half']);
  expect(err.join('')).toMatch(/stopped before the command ended; running it here/);
});

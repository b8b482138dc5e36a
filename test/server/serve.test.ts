/** The build server: one command at a time, each as its caller; status, stop, idle and stale sockets. */
import { existsSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { ServerAddress } from '../../src/server/address.js';
import { onMessages, send, type Reply, type RunRequest } from '../../src/server/protocol.js';
import { askStatus, askStop, serve } from '../../src/server/serve.js';

let tmp: string;
let address: ServerAddress;
beforeEach(() => {
  tmp = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'lectern-serve-')));
  const dir = path.join(tmp, 'sock');
  address = { dir, socket: path.join(dir, 's.sock'), log: path.join(dir, 's.log') };
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

const run = (over: Partial<RunRequest> = {}): RunRequest => ({ type: 'run', argv: ['a'], cwd: tmp, env: {}, tty: { stdout: false, stderr: false }, umask: 0o022, ...over });

/** Sends one request and collects every reply until the server ends the connection. */
function call(request: RunRequest): Promise<Reply[]> {
  return new Promise((resolve, reject) => {
    const replies: Reply[] = [];
    const c = net.connect(address.socket);
    c.on('error', reject);
    c.on('connect', () => send(c, request));
    onMessages(c, (m) => replies.push(m as Reply));
    c.on('close', () => resolve(replies));
  });
}

it('runs one command at a time, each as its caller, and answers each caller alone', async () => {
  const log: string[] = [];
  const server = await serve({
    address, idleMinutes: 0,
    run: async (argv) => {
      log.push(`start ${argv[0]} ${process.env.WHO}`);
      process.stdout.write(`out of ${argv[0]} in ${path.basename(process.cwd())}\n`);
      await new Promise((r) => setTimeout(r, 30));
      process.stderr.write(`err of ${argv[0]}\n`);
      log.push(`end ${argv[0]}`);
      return argv[0] === 'one' ? 0 : 4;
    },
  });
  const [a, b] = await Promise.all([call(run({ argv: ['one'], env: { WHO: 'first' } })), call(run({ argv: ['two'], env: { WHO: 'second' } }))]);
  expect(log).toEqual(['start one first', 'end one', 'start two second', 'end two']);
  const base = path.basename(tmp);
  expect(a).toEqual([{ type: 'out', fd: 1, text: `out of one in ${base}\n` }, { type: 'out', fd: 2, text: 'err of one\n' }, { type: 'exit', code: 0 }]);
  expect(b).toEqual([{ type: 'out', fd: 1, text: `out of two in ${base}\n` }, { type: 'out', fd: 2, text: 'err of two\n' }, { type: 'exit', code: 4 }]);
  expect(server.status()).toMatchObject({ pid: process.pid, runs: 2, idleMinutes: 0, socket: address.socket });
  expect(Math.abs(server.status().rssMiB - process.memoryUsage.rss() / 2 ** 20)).toBeLessThan(16);
  expect((await askStatus(address.socket))?.runs).toBe(2);
  expect(await askStop(address.socket)).toBe(true);
  await server.stopped;
  expect(existsSync(address.socket)).toBe(false);
  expect(await askStatus(address.socket)).toBeUndefined();
});

it('declines a caller whose folder is gone (the command then runs it itself)', async () => {
  const server = await serve({ address, idleMinutes: 0, run: async () => 0 });
  const replies = await call(run({ cwd: path.join(tmp, 'gone') }));
  expect(replies).toHaveLength(1);
  expect(replies[0]).toMatchObject({ type: 'declined' });
  expect(process.cwd()).not.toBe(path.join(tmp, 'gone'));
  expect(await askStop(address.socket)).toBe(true);
  await server.stopped;
});

it('finishes the commands it was given before it stops', async () => {
  let finished = 0;
  const server = await serve({ address, idleMinutes: 0, run: async () => { await new Promise((r) => setTimeout(r, 50)); finished += 1; return 0; } });
  const calls = [call(run()), call(run())];
  await new Promise((r) => setTimeout(r, 10));
  expect(await askStop(address.socket)).toBe(true);
  const replies = await Promise.all(calls);
  await server.stopped;
  expect(finished).toBe(2);
  expect(replies.map((r) => r.at(-1))).toEqual([{ type: 'exit', code: 0 }, { type: 'exit', code: 0 }]);
});

it('warms up before it listens, stops when idle, and when its command is no longer current', async () => {
  let warm = false;
  const first = await serve({
    address, idleMinutes: 0.002, run: async () => 0,
    warmUp: async () => { expect(existsSync(address.socket)).toBe(false); await new Promise((r) => setTimeout(r, 20)); warm = true; },
  });
  expect(warm).toBe(true);
  await first.stopped; // after 0.12 s without a command
  expect(existsSync(address.socket)).toBe(false);
  let current = true;
  const second = await serve({ address, idleMinutes: 0, run: async () => 0, stillCurrent: () => current, checkEveryMs: 10 });
  await new Promise((r) => setTimeout(r, 50));
  expect(await askStatus(address.socket)).toBeDefined();
  current = false;
  await second.stopped;
  expect(existsSync(address.socket)).toBe(false);
});

it('will not start where a server answers, and takes the place of a dead one', async () => {
  const server = await serve({ address, idleMinutes: 0, run: async () => 0 });
  await expect(serve({ address, idleMinutes: 0, run: async () => 0 })).rejects.toThrow(/already listens/);
  expect(await askStop(address.socket)).toBe(true);
  await server.stopped;
  // a killed server leaves its socket behind
  writeFileSync(address.socket, '');
  expect(await askStatus(address.socket)).toBeUndefined();
  const next = await serve({ address, idleMinutes: 0, run: async () => 7 });
  expect((await call(run())).at(-1)).toEqual({ type: 'exit', code: 7 });
  expect(await askStop(address.socket)).toBe(true);
  await next.stopped;
});

it('fails to start where it cannot listen, and leaves nothing running', async () => {
  let checks = 0;
  const long = { ...address, socket: path.join(address.dir, `${'x'.repeat(200)}.sock`) };
  await expect(serve({ address: long, idleMinutes: 0.001, run: async () => 0, stillCurrent: () => { checks += 1; return true; }, checkEveryMs: 5 })).rejects.toThrow();
  await new Promise((r) => setTimeout(r, 100));
  expect(checks).toBe(0);
});

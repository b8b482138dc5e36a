/** A command run for a caller has the caller's folder, environment and terminals, and prints to
 * the caller; everything is put back after, also when it throws. */
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { asClient } from '../../src/server/as-client.js';
import type { RunRequest } from '../../src/server/protocol.js';

let tmp: string;
beforeEach(() => { tmp = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'lectern-as-client-'))); });
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

const request = (over: Partial<RunRequest> = {}): RunRequest => ({
  type: 'run', argv: [], cwd: tmp, env: { ONLY_THIS: 'yes', SOURCE_DATE_EPOCH: '42' }, tty: { stdout: true, stderr: false }, columns: 123, umask: 0o027, ...over,
});

it('lends the process to the caller for the run, and takes it back', async () => {
  const ownUmask = process.umask(0o022);
  process.umask(ownUmask);
  const before = { cwd: process.cwd(), env: { ...process.env }, exitCode: process.exitCode };
  const ownWrite = Object.getOwnPropertyDescriptor(process.stdout, 'write');
  const printed: [number, string][] = [];
  const seen = await asClient(request(), (fd, text) => printed.push([fd, text]), async () => {
    process.stdout.write('to stdout\n');
    process.stderr.write(Buffer.from('to stderr ç\n'));
    await new Promise((r) => setTimeout(r, 5));
    process.exitCode = 9;
    const umask = process.umask(0o022);
    process.umask(umask);
    return {
      cwd: process.cwd(), env: { ...process.env }, relative: path.resolve('x'), umask,
      tty: [process.stdout.isTTY, process.stderr.isTTY], columns: process.stdout.columns,
    };
  });
  expect(seen).toEqual({ cwd: tmp, env: { ONLY_THIS: 'yes', SOURCE_DATE_EPOCH: '42' }, relative: path.join(tmp, 'x'), umask: 0o027, tty: [true, false], columns: 123 });
  expect(printed).toEqual([[1, 'to stdout\n'], [2, 'to stderr ç\n']]);
  expect(process.cwd()).toBe(before.cwd);
  expect(process.env).toEqual(before.env);
  expect(process.exitCode).toBe(before.exitCode);
  expect(process.umask(ownUmask)).toBe(ownUmask);
  expect(Object.getOwnPropertyDescriptor(process.stdout, 'write')).toEqual(ownWrite);
  expect(process.stdout.isTTY).not.toBe(true);
});

it('takes the process back when the run throws, and refuses a folder that is gone before changing anything', async () => {
  const before = { cwd: process.cwd(), env: { ...process.env } };
  await expect(asClient(request(), () => {}, async () => { throw new Error('boom'); })).rejects.toThrow('boom');
  expect(process.cwd()).toBe(before.cwd);
  expect(process.env).toEqual(before.env);
  const printed: string[] = [];
  await expect(asClient(request({ cwd: path.join(tmp, 'gone') }), (_fd, t) => printed.push(t), async () => 1)).rejects.toThrow(/ENOENT/);
  expect(process.cwd()).toBe(before.cwd);
  expect(process.env).toEqual(before.env);
  process.stdout.write(''); // the real stream again
  expect(printed).toEqual([]);
});

it('calls a write callback, as a stream would', async () => {
  let called = 0;
  await asClient(request(), () => {}, async () => {
    await new Promise<void>((resolve) => process.stdout.write('x', () => { called += 1; resolve(); }));
    await new Promise<void>((resolve) => process.stderr.write('y', 'utf8', () => { called += 1; resolve(); }));
  });
  expect(called).toBe(2);
});

it('goes to / when its own folder went away during the run', async () => {
  const home = process.cwd();
  const own = mkdtempSync(path.join(os.tmpdir(), 'lectern-as-client-own-'));
  process.chdir(own);
  try {
    const code = await asClient(request(), () => {}, async () => { rmSync(own, { recursive: true }); return 0; });
    expect(code).toBe(0);
    expect(process.cwd()).toBe('/');
  } finally {
    process.chdir(home);
  }
});

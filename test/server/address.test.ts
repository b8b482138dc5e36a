/** Where the build server listens: named for the command's bundle, in a folder of this user's alone. */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { isPrivateDir, makePrivateDir, serverAddress } from '../../src/server/address.js';

let tmp: string;
beforeEach(() => { tmp = mkdtempSync(path.join(os.tmpdir(), 'lectern-address-')); });
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

it('names the socket for the bundle as it is on disk and for Node, in the folder asked for', () => {
  const bundle = path.join(tmp, 'lectern.bundle.cjs');
  writeFileSync(bundle, 'one');
  utimesSync(bundle, 1_700_000_000, 1_700_000_000);
  const env = { LECTERN_SERVER_DIR: path.join(tmp, 'servers') };
  const a = serverAddress(bundle, env)!;
  expect(path.dirname(a.socket)).toBe(env.LECTERN_SERVER_DIR);
  expect(path.basename(a.socket)).toContain(process.version);
  expect(a.log).not.toBe(a.socket);
  expect(serverAddress(bundle, env)).toEqual(a);
  // rebuilt (another size, or the same size at another time): another server
  writeFileSync(bundle, 'two!');
  utimesSync(bundle, 1_700_000_000, 1_700_000_000);
  const b = serverAddress(bundle, env)!;
  expect(b.socket).not.toBe(a.socket);
  utimesSync(bundle, 1_700_000_100, 1_700_000_100);
  expect(serverAddress(bundle, env)!.socket).not.toBe(b.socket);
  // no bundle, no server
  expect(serverAddress(path.join(tmp, 'none.cjs'), env)).toBeUndefined();
});

it('uses XDG_RUNTIME_DIR, else a folder of the user in the temporary folder', () => {
  const bundle = path.join(tmp, 'b.cjs');
  writeFileSync(bundle, 'x');
  expect(path.dirname(serverAddress(bundle, { XDG_RUNTIME_DIR: '/run/user/7' })!.socket)).toBe('/run/user/7/lectern');
  expect(path.dirname(serverAddress(bundle, {})!.socket)).toBe(path.join(os.tmpdir(), `lectern-${process.getuid!()}`));
});

it('accepts only a real folder of this user that nobody else may enter or write', () => {
  const dir = path.join(tmp, 'private');
  makePrivateDir(dir);
  expect(isPrivateDir(dir)).toBe(true);
  chmodSync(dir, 0o750);
  expect(isPrivateDir(dir)).toBe(false);
  expect(() => makePrivateDir(dir)).toThrow(/chmod 700/);
  chmodSync(dir, 0o700);
  const link = path.join(tmp, 'link');
  symlinkSync(dir, link);
  expect(isPrivateDir(link)).toBe(false);
  const file = path.join(tmp, 'file');
  writeFileSync(file, '');
  chmodSync(file, 0o600);
  expect(isPrivateDir(file)).toBe(false);
  expect(isPrivateDir(path.join(tmp, 'absent'))).toBe(false);
  mkdirSync(path.join(tmp, 'open'), { mode: 0o777 });
  chmodSync(path.join(tmp, 'open'), 0o777);
  expect(isPrivateDir(path.join(tmp, 'open'))).toBe(false);
});

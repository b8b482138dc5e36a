/**
 * Where the build server of one copy of Lectern's command listens (`lectern server`; serve.ts,
 * client.ts). The socket is named for the command's bundle as it is on disk (its size and time)
 * and for Node's version: a command rebuilt or upgraded, or run by another Node, never reaches a
 * server that runs other code; it builds in its own process until a server of its own is started.
 *
 * The folder is this user's alone (owned by them, nobody else may enter or write it), so no one
 * else can listen where the command would send its work, nor send theirs to this user's server.
 * Only node: modules: the command loads this before it loads the bundle.
 */
import { lstatSync, mkdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface ServerAddress {
  /** The private folder the socket and its log are in. */
  readonly dir: string;
  /** The Unix socket. */
  readonly socket: string;
  /** What the server wrote to its stdout and stderr. */
  readonly log: string;
}

/**
 * The address of the server for `bundle` (lib/lectern.bundle.cjs), or undefined where there is
 * none: no bundle, or no Unix sockets (Windows). `LECTERN_SERVER_DIR` names the folder; else
 * `$XDG_RUNTIME_DIR/lectern`, else `lectern-<uid>` in the temporary folder.
 */
export function serverAddress(bundle: string, env: NodeJS.ProcessEnv = process.env): ServerAddress | undefined {
  if (process.platform === 'win32' || typeof process.getuid !== 'function') return undefined;
  let size: number;
  let mtime: number;
  try {
    const s = statSync(bundle);
    size = s.size;
    mtime = Math.round(s.mtimeMs);
  } catch {
    return undefined;
  }
  const dir = env.LECTERN_SERVER_DIR
    ?? (env.XDG_RUNTIME_DIR ? path.join(env.XDG_RUNTIME_DIR, 'lectern') : path.join(os.tmpdir(), `lectern-${process.getuid()}`));
  const name = `${process.version}-${process.arch}-${size.toString(36)}-${mtime.toString(36)}`;
  return { dir, socket: path.join(dir, `${name}.sock`), log: path.join(dir, `${name}.log`) };
}

/** The folder is a real folder (not a link), this user's, and closed to everyone else. */
export function isPrivateDir(dir: string): boolean {
  try {
    const s = lstatSync(dir);
    return s.isDirectory() && s.uid === process.getuid?.() && (s.mode & 0o077) === 0;
  } catch {
    return false;
  }
}

/** Makes the folder (closed to everyone else) or checks that it is private; throws if it is not. */
export function makePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (!isPrivateDir(dir)) {
    throw new Error(`${dir} is not a private folder of this user (it must be theirs, not a link, and closed to others: chmod 700)`);
  }
}

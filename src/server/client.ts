/**
 * The command's side of the build server (`lectern server start`): when a server of this very
 * command is listening (address.ts), `lectern build`, `check` and `events` are sent to it, and what
 * it prints and its exit code come back, so a build skips Node's start-up, loading the code and
 * compiling it. Anything else, or no server, or `LECTERN_SERVER=off`: the command runs in its own
 * process, as if there were no server. Only node: modules: this runs before the bundle loads.
 */
import { existsSync } from 'node:fs';
import net from 'node:net';
import { isPrivateDir, serverAddress } from './address.js';
import { onMessages, send, type Reply } from './protocol.js';

/** The file mode mask, read without the deprecated no-argument call (set it, then set it back). */
function currentUmask(): number {
  const mask = process.umask(0o022);
  process.umask(mask);
  return mask;
}

/** The commands a server runs: short, and all their effects are files and what they print. */
export const SERVED_COMMANDS: ReadonlySet<string> = new Set(['build', 'check', 'events']);

/**
 * Runs the command line through the server of `bundle` and gives its exit code, or undefined when
 * the command is to run here: not a served command, no server, or the server went away before it
 * answered (a build writes its editions whole or not at all, so running it again is safe).
 */
export async function runThroughServer(argv: readonly string[], bundle: string, env: NodeJS.ProcessEnv = process.env): Promise<number | undefined> {
  if (env.LECTERN_SERVER === 'off' || !SERVED_COMMANDS.has(argv[0] ?? '')) return undefined;
  const address = serverAddress(bundle, env);
  if (!address || !existsSync(address.socket) || !isPrivateDir(address.dir)) return undefined;
  return new Promise((resolve) => {
    let settled = false;
    let printed = false;
    const settle = (code: number | undefined) => {
      if (settled) return;
      settled = true;
      if (code === undefined && printed) process.stderr.write('lectern: the build server stopped before the command ended; running it here\n');
      socket.destroy();
      resolve(code);
    };
    const socket = net.connect(address.socket);
    socket.on('error', () => settle(undefined));
    socket.on('close', () => settle(undefined));
    socket.on('connect', () => {
      const clean: Record<string, string> = {};
      for (const [k, v] of Object.entries(env)) if (v !== undefined) clean[k] = v;
      send(socket, {
        type: 'run', argv, cwd: process.cwd(), env: clean,
        tty: { stdout: process.stdout.isTTY === true, stderr: process.stderr.isTTY === true },
        ...(process.stdout.isTTY && process.stdout.columns ? { columns: process.stdout.columns } : {}),
        umask: currentUmask(),
      });
    });
    onMessages(socket, (m) => {
      const reply = m as Reply;
      if (reply.type === 'out') {
        printed = true;
        (reply.fd === 1 ? process.stdout : process.stderr).write(reply.text);
      } else if (reply.type === 'exit') settle(reply.code);
      else if (reply.type === 'declined') settle(undefined);
    });
  });
}

/**
 * What the command and the build server say to each other over the socket: one JSON message per
 * line. The command sends one request per connection; for a run, the server answers with what the
 * command printed, in order, then its exit code.
 */
import type { Socket } from 'node:net';

export interface RunRequest {
  readonly type: 'run';
  /** The command line after `lectern`. */
  readonly argv: readonly string[];
  /** The caller's working folder: relative paths are read from it. */
  readonly cwd: string;
  /** The caller's environment (SOURCE_DATE_EPOCH, PATH for the validators, ...). */
  readonly env: Readonly<Record<string, string>>;
  /** Whether the caller's stdout and stderr are terminals. */
  readonly tty: { readonly stdout: boolean; readonly stderr: boolean };
  /** The caller's terminal width, when its stdout is a terminal (help text wraps to it). */
  readonly columns?: number;
  /** The caller's file mode mask: the editions are written with the permissions its own process
   * would give them. */
  readonly umask: number;
}

export type Request = RunRequest | { readonly type: 'status' } | { readonly type: 'stop' };

export interface Status {
  readonly type: 'status';
  readonly pid: number;
  /** When it started listening (ISO 8601). */
  readonly since: string;
  /** The commands it has run for callers (its warm-up not counted). */
  readonly runs: number;
  /** It stops after this many minutes without a request (0: never). */
  readonly idleMinutes: number;
  /** Its resident memory now, in MiB (a warm process holds its code, font tables and shaped words). */
  readonly rssMiB: number;
  readonly socket: string;
}

export type Reply =
  | { readonly type: 'out'; readonly fd: 1 | 2; readonly text: string }
  | { readonly type: 'exit'; readonly code: number }
  /** The server could not run it (the caller's folder is gone, say): the command runs it itself. */
  | { readonly type: 'declined'; readonly reason: string }
  | Status
  | { readonly type: 'stopping' };

export function send(socket: Socket, message: Request | Reply): void {
  if (socket.writable) socket.write(`${JSON.stringify(message)}\n`);
}

/** Calls `handle` with each message as it arrives whole (a message may come in many chunks, many
 * messages in one); a line that is not JSON ends the connection. */
export function onMessages(socket: Socket, handle: (message: unknown) => void): void {
  let pending = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    pending += chunk;
    let nl = pending.indexOf('\n');
    while (nl >= 0) {
      const line = pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      let message: unknown;
      try {
        message = line ? JSON.parse(line) : undefined;
      } catch {
        socket.destroy(); // not one of ours
        return;
      }
      if (message !== undefined) handle(message);
      nl = pending.indexOf('\n');
    }
  });
}

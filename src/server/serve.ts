/**
 * The build server (`lectern server run`): a warm process that runs the commands clients send it
 * (client.ts), one at a time, each as the caller (as-client.ts). A build in a fresh process spends
 * most of its time starting Node, loading and compiling the code, and running it before V8 has
 * optimised it; here all of that is done once, and words are shaped once for the process.
 */
import { chmodSync, existsSync, unlinkSync } from 'node:fs';
import net from 'node:net';
import { makePrivateDir, type ServerAddress } from './address.js';
import { asClient } from './as-client.js';
import { onMessages, send, type Request, type RunRequest, type Status } from './protocol.js';

export interface ServeOptions {
  readonly address: ServerAddress;
  /** Stop after this many minutes without a request; 0: never. */
  readonly idleMinutes: number;
  /** Runs a command line (the command's main) and gives its exit code. */
  readonly run: (argv: string[]) => Promise<number>;
  /** Done once before the server listens, so that the first caller gets warm code too. */
  readonly warmUp?: () => Promise<void>;
  /** Checked every `checkEveryMs`: false once the command has been rebuilt or upgraded, when its
   * callers look for another server (address.ts) and this one would only wait for its idle time. */
  readonly stillCurrent?: () => boolean;
  readonly checkEveryMs?: number;
}

export interface RunningServer {
  /** Settles when the server has stopped (asked to, or idle) and its socket is gone. */
  readonly stopped: Promise<void>;
  readonly status: () => Status;
  /** Stops taking commands, finishes the ones queued, removes the socket (then `stopped` settles). */
  readonly stop: () => void;
}

/** Answers a status request at `socket`, or undefined when nothing does within `ms`. */
export function askStatus(socket: string, ms = 2000): Promise<Status | undefined> {
  return ask(socket, { type: 'status' }, ms) as Promise<Status | undefined>;
}

/** Asks the server at `socket` to stop; true when it said it would. */
export async function askStop(socket: string, ms = 2000): Promise<boolean> {
  return (await ask(socket, { type: 'stop' }, ms))?.type === 'stopping';
}

function ask(socket: string, request: Request, ms: number): Promise<{ type: string } | undefined> {
  return new Promise((resolve) => {
    if (!existsSync(socket)) { resolve(undefined); return; }
    const c = net.connect(socket);
    const done = (v: { type: string } | undefined) => { clearTimeout(timer); c.destroy(); resolve(v); };
    const timer = setTimeout(() => done(undefined), ms);
    c.on('error', () => done(undefined));
    c.on('close', () => done(undefined));
    c.on('connect', () => send(c, request));
    onMessages(c, (m) => done(m as { type: string }));
  });
}

export async function serve(options: ServeOptions): Promise<RunningServer> {
  const { address } = options;
  makePrivateDir(address.dir);
  if (existsSync(address.socket)) {
    if (await askStatus(address.socket)) throw new Error(`a server already listens at ${address.socket}`);
    unlinkSync(address.socket); // left by a server that was killed
  }
  await options.warmUp?.();

  let runs = 0;
  let since = '';
  let queue: Promise<void> = Promise.resolve();
  let idle: NodeJS.Timeout | undefined;
  let stopping = false;
  let current: NodeJS.Timeout | undefined;
  let stop!: () => void;
  const stopped = new Promise<void>((resolve) => { stop = resolve; });

  const server = net.createServer((conn) => {
    conn.on('error', () => { /* the caller went away: its output is dropped */ });
    onMessages(conn, (m) => {
      const request = m as Request;
      if (request.type === 'status') send(conn, status());
      else if (request.type === 'stop') { send(conn, { type: 'stopping' }); shutDown(); }
      else if (request.type === 'run') {
        if (stopping) { send(conn, { type: 'declined', reason: 'the server is stopping' }); conn.end(); return; }
        clearTimeout(idle);
        queue = queue.then(() => runOne(request, conn)).finally(armIdle);
      }
    });
  });

  const status = (): Status => ({
    type: 'status', pid: process.pid, since, runs, idleMinutes: options.idleMinutes,
    rssMiB: Math.round(process.memoryUsage.rss() / 2 ** 20), socket: address.socket,
  });

  const runOne = async (request: RunRequest, conn: net.Socket) => {
    if (conn.destroyed) return;
    try {
      const code = await asClient(request, (fd, text) => send(conn, { type: 'out', fd, text }), () => options.run([...request.argv]));
      runs += 1;
      send(conn, { type: 'exit', code });
    } catch (e) {
      send(conn, { type: 'declined', reason: (e as Error).message });
    }
    conn.end();
  };

  function armIdle(): void {
    clearTimeout(idle);
    if (options.idleMinutes > 0 && !stopping) idle = setTimeout(shutDown, options.idleMinutes * 60_000);
  }

  function shutDown(): void {
    if (stopping) return;
    stopping = true;
    clearTimeout(idle);
    clearInterval(current);
    // no new callers; the ones in the queue are still served
    server.close();
    void queue.then(() => {
      try { unlinkSync(address.socket); } catch { /* already gone */ }
      stop();
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(address.socket, () => { server.off('error', reject); resolve(); });
  });
  chmodSync(address.socket, 0o600);
  since = new Date().toISOString();
  armIdle();
  if (options.stillCurrent) current = setInterval(() => { if (!options.stillCurrent!()) shutDown(); }, options.checkEveryMs ?? 10_000);
  return { stopped, status, stop: shutDown };
}

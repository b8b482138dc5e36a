/**
 * `lectern server start|stop|status`: a warm build server for this user. While one runs,
 * `lectern build`, `check` and `events` are run by it (src/server/client.ts) and print and exit as
 * they would on their own, without starting Node and loading the code each time.
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { COMMAND, COMMAND_BUNDLE } from '../code-files.js';
import { makePrivateDir, serverAddress, type ServerAddress } from '../server/address.js';
import type { Status } from '../server/protocol.js';
import { askStatus, askStop, serve, type RunningServer } from '../server/serve.js';
import { EXIT } from './exit-codes.js';
import { newManuscriptFiles } from './init.js';

const DEFAULT_IDLE_MINUTES = 30;
/**
 * Builds of lectern init's manuscript before the server listens. The sample's first build through
 * the server after 1 warm-up build took 0.67-0.73 s, after 3 0.45 s, after 6 0.45 s (later ones
 * 0.27-0.37 s); `start` took 1.1, 1.45 and 1.8 s.
 */
const WARM_UP_BUILDS = 3;
/** How long `start` waits for the server to load, warm up and listen. */
const START_WAIT_MS = 60_000;

/** `--idle`, the same for `start` and for the `run` it starts. */
function idleOption(): Option {
  return new Option('--idle <minutes>', 'stop after this many minutes without a command (0: never)')
    .argParser((value: string) => {
      const n = Number(value);
      if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError('give minutes as a number from 0 (0: never)');
      return n;
    })
    .default(DEFAULT_IDLE_MINUTES);
}

function addressOrFail(command: string): ServerAddress | undefined {
  const address = serverAddress(fileURLToPath(COMMAND_BUNDLE));
  if (!address) {
    process.stderr.write(`lectern server ${command}: the build server needs the command's bundle (lib/lectern.bundle.cjs: npm run compile) and Unix sockets\n`);
    process.exitCode = EXIT.failed;
  }
  return address;
}

function describe(s: Status): string {
  return `running (pid ${s.pid}, ${s.rssMiB} MiB) since ${s.since}, ${s.runs} command${s.runs === 1 ? '' : 's'} run; ${s.idleMinutes > 0 ? `stops after ${s.idleMinutes} idle minute${s.idleMinutes === 1 ? '' : 's'}` : 'stops only when told'}; socket ${s.socket}`;
}

export function registerServer(program: Command): void {
  const server = program
    .command('server')
    .description('a warm build server: while it runs, build, check and events are run by it, without starting afresh (start, stop, status)');

  server
    .command('start')
    .description('start the build server in the background, warm, and return')
    .addOption(idleOption())
    .action(async (opts: { idle: number }) => {
      const address = addressOrFail('start');
      if (!address) return;
      const running = await askStatus(address.socket);
      if (running) { process.stdout.write(`lectern server: already ${describe(running)}\n`); process.exitCode = EXIT.ok; return; }
      try {
        makePrivateDir(address.dir);
      } catch (e) {
        process.stderr.write(`lectern server start: ${(e as Error).message}\n`);
        process.exitCode = EXIT.failed;
        return;
      }
      const log = openSync(address.log, 'w', 0o600);
      const child = spawn(process.execPath, [fileURLToPath(COMMAND), 'server', 'run', '--idle', String(opts.idle)], {
        detached: true, stdio: ['ignore', log, log], env: process.env,
      });
      closeSync(log);
      let exited: number | null | undefined;
      child.once('exit', (code) => { exited = code; });
      child.unref();
      const until = Date.now() + START_WAIT_MS;
      while (exited === undefined && Date.now() < until) {
        const s = await askStatus(address.socket, 500);
        if (s) { process.stdout.write(`lectern server: ${describe(s)}\n`); process.exitCode = EXIT.ok; return; }
        await new Promise((r) => setTimeout(r, 50));
      }
      if (exited === undefined) child.kill();
      process.stderr.write(`lectern server start: the server did not start${exited !== undefined ? ` (it exited with ${exited})` : ''}; its log, ${address.log}:\n${readFileSync(address.log, 'utf8')}`);
      process.exitCode = EXIT.failed;
    });

  server
    .command('stop')
    .description('stop the build server (the commands it has been given still finish)')
    .action(async () => {
      const address = addressOrFail('stop');
      if (!address) return;
      if (!(await askStop(address.socket))) { process.stdout.write('lectern server: none is running\n'); process.exitCode = EXIT.ok; return; }
      // it has stopped once its socket is gone
      while (await askStatus(address.socket, 500)) await new Promise((r) => setTimeout(r, 50));
      process.stdout.write('lectern server: stopped\n');
      process.exitCode = EXIT.ok;
    });

  server
    .command('status')
    .description('say whether the build server runs (exit code 0) or not (1)')
    .option('--json', 'print one JSON object')
    .action(async (opts: { json?: boolean }) => {
      const address = addressOrFail('status');
      if (!address) return;
      const s = await askStatus(address.socket);
      if (opts.json) {
        const { type: _reply, ...fields } = s ?? { type: 'status' };
        process.stdout.write(`${JSON.stringify({ running: s !== undefined, ...fields })}\n`);
      }
      else process.stdout.write(`lectern server: ${s ? describe(s) : 'none is running'}\n`);
      process.exitCode = s ? EXIT.ok : EXIT.failed;
    });

  server
    .command('run', { hidden: true })
    .description('be the build server, in the foreground (what start runs)')
    .addOption(idleOption())
    .action(async (opts: { idle: number }) => {
      const address = addressOrFail('run');
      if (!address) return;
      const [{ main }, { keepShapingAcrossBuilds }] = await Promise.all([import('./main.js'), import('../shaping-cache.js')]);
      // a server holds no folder of its own: each command runs in its caller's (as-client.ts)
      process.chdir('/');
      // one book after another: each word is shaped once for the process
      keepShapingAcrossBuilds();
      const bundle = fileURLToPath(COMMAND_BUNDLE);
      const ownEnv = { ...process.env }; // a caller's environment stands in for it while it runs
      let running: RunningServer;
      try {
        running = await serve({
          address, idleMinutes: opts.idle, run: main, warmUp,
          // rebuilt or upgraded: the command's callers now look for a server of the new code
          stillCurrent: () => serverAddress(bundle, ownEnv)?.socket === address.socket,
        });
      } catch (e) {
        process.stderr.write(`lectern server: ${(e as Error).message}\n`);
        process.exitCode = EXIT.failed;
        return;
      }
      process.stdout.write(`lectern server: ${describe(running.status())}\n`);
      // `kill` stops it as `server stop` does: the commands queued finish, the socket goes
      for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.once(signal, running.stop);
      await running.stopped;
      process.stdout.write('lectern server: stopped\n');
      process.exitCode = EXIT.ok;
    });
}

/** Builds a new manuscript (lectern init's) without writing it, so that the code is compiled and
 * optimised before the first caller comes. */
async function warmUp(): Promise<void> {
  const { build } = await import('../pipeline/build.js');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'lectern-server-warm-up-'));
  try {
    const files = newManuscriptFiles('Warm-up', 'Lectern', '2024-01-01', '00000000-0000-4000-8000-000000000000');
    for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);
    for (let i = 0; i < WARM_UP_BUILDS; i++) {
      const r = await build({ manuscript: dir, out: path.join(dir, 'out'), dryRun: true });
      if (!r.ok) throw new Error(`the warm-up build failed: ${r.diagnostics.map((d) => d.message).join('; ')}`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

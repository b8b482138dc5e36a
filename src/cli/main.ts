/** The lectern command: argv -> typed options -> the API. One file per command. */
import { Command, CommanderError } from 'commander';
import { registerBuild } from './build.js';
import { registerBuildAll } from './build-all.js';
import { registerCheck } from './check.js';
import { registerEvents } from './events.js';
import { registerInit } from './init.js';
import { registerServer } from './server.js';
import { registerWatch } from './watch.js';
import { EXIT } from './exit-codes.js';

export function program(): Command {
  const p = new Command('lectern')
    .description('Lectern builds accessible editions (EPUB 3 and tagged PDF/UA-1) from a Markdown manuscript')
    .version('0.1.0')
    .showHelpAfterError()
    .addHelpText('after', `
Exit codes:
  0   success
  1   the manuscript has errors, or an edition failed a check
  2   the command line is wrong
  3   a required validator (EPUBCheck, Ace) could not run
  70  Lectern itself failed (please report this as a bug)`);
  p.exitOverride();
  registerBuild(p);
  registerBuildAll(p);
  registerCheck(p);
  registerEvents(p);
  registerInit(p);
  registerServer(p);
  registerWatch(p);
  const overrideExit = (c: Command): void => { c.exitOverride(); c.commands.forEach(overrideExit); };
  p.commands.forEach(overrideExit);
  return p;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await program().parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.ok;
      return EXIT.usage;
    }
    process.stderr.write(`lectern: internal error (please report this as a bug): ${(e as Error).stack ?? String(e)}\n`);
    return EXIT.internal;
  }
}

/** For bin/lectern-worker.cjs: the bundle runs Lectern's worker threads too. */
export { runWorkerModule } from '../worker-modules.js';

/**
 * Atomic output. What rename(2) can promise, and what Lectern therefore promises:
 *
 * 1. Each edition file is replaced by one rename(2) inside the output folder, so at every instant
 *    `out/<slug>.epub` and `out/<slug>.pdf` are each either the complete previous file or the
 *    complete new one; never missing (when it existed before), never partial.
 * 2. A build that fails, or that is killed (any signal) before its commit point, leaves the output
 *    folder's editions byte-identical. Its private folder `out/.lectern-tmp-<pid>-<hex>/` may be
 *    left behind by a kill; the next build in that folder removes it (its process is gone).
 * 3. The set is switched together, as far as files can be: all new files are first written and
 *    fsync'ed into the private folder, with a manifest; renaming that folder to
 *    `out/.lectern-commit-<pid>-<hex>/` is the commit point (one rename(2)). Then the files are
 *    renamed into place in a fixed order (the order given: EPUB, then PDF) in one synchronous run,
 *    and the output folder is fsync'ed. SIGINT, SIGTERM and SIGHUP arriving during that run are held
 *    until it ends and then take effect as usual, so they can never split the set. Only SIGKILL (or
 *    a crash, or power loss) can stop a build between two of those renames; then, until the next
 *    build, a new EPUB can stand beside the previous PDF, and the commit folder that is still there
 *    says so (its manifest names the new set). The next build that writes into that folder first
 *    finishes the interrupted switch (renames the remaining files of the dead build's commit folder
 *    into place) before anything else, so a mixed set never survives a later successful build. (A
 *    failed build writes nothing at all, not even that.)
 *
 * No more is possible with rename(2): two paths cannot be replaced by one atomic step (Linux's
 * renameat2 RENAME_EXCHANGE is not reachable from Node, and swapping the whole output folder would
 * touch the other files people keep in it).
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, lstatSync, openSync, readFileSync, readdirSync, renameSync, statSync } from 'node:fs';
import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';

export interface OutputFile { readonly name: string; readonly bytes: Uint8Array }

const TMP = '.lectern-tmp-';
const COMMIT = '.lectern-commit-';
/** The list of the committed set, inside a commit folder. */
const MANIFEST = '.lectern-manifest.json';

export async function writeAtomically(outDir: string, files: readonly OutputFile[]): Promise<string[]> {
  const out = path.resolve(outDir);
  await mkdir(out, { recursive: true });
  // A build killed in the middle of its switch is finished first, so its set is whole again.
  await sweepStale(out, await readdir(out));
  for (const f of files) {
    if (f.name !== path.basename(f.name) || f.name.startsWith('.')) throw new Error(`output file name "${f.name}" is not a plain file name`);
    const dest = path.join(out, f.name);
    let st;
    try { st = lstatSync(dest); } catch { continue; }
    if (st.isDirectory()) throw new Error(`cannot write ${dest}: a folder of that name is in the way`);
  }
  const stamp = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const tmp = path.join(out, `${TMP}${stamp}`);
  const commit = path.join(out, `${COMMIT}${stamp}`);
  await mkdir(tmp);
  let committed = false;
  try {
    for (const f of files) await writeDurably(path.join(tmp, f.name), f.bytes);
    await writeDurably(path.join(tmp, MANIFEST), new TextEncoder().encode(`${JSON.stringify({ files: files.map((f) => f.name) })}\n`));
    fsyncDir(tmp);
    await rename(tmp, commit); // the commit point
    committed = true;
    fsyncDir(out);
    const written = await holdingSignals(() => files.map((f) => {
      const dest = path.join(out, f.name);
      renameSync(path.join(commit, f.name), dest);
      return dest;
    }));
    fsyncDir(out);
    return written;
  } finally {
    // After a failure past the commit point the commit folder stays: the next build completes it.
    if (!committed) await rm(tmp, { recursive: true, force: true });
    else if (readdirSync(commit).every((n) => n === MANIFEST)) await rm(commit, { recursive: true, force: true });
  }
}

/**
 * Clean up after builds that were killed (their process is gone): a private folder from before
 * the commit point is removed; a commit folder is completed (its remaining files renamed into
 * place, in the manifest's order), then removed. Folders of running builds are left alone.
 */
export async function sweepStale(outDir: string, entries: readonly string[]): Promise<void> {
  const stale = entries.filter((e) => (e.startsWith(TMP) || e.startsWith(COMMIT)) && !alive(pidOf(e)));
  // Oldest commit first, so a newer set wins (there is at most one unless builds ran in parallel).
  const commits = stale.filter((e) => e.startsWith(COMMIT))
    .map((e) => ({ e, t: safeCtime(path.join(outDir, e)) }))
    .sort((a, b) => a.t - b.t);
  for (const { e } of commits) {
    const dir = path.join(outDir, e);
    try {
      const manifest = JSON.parse(readFileSync(path.join(dir, MANIFEST), 'utf8')) as { files?: unknown };
      const names = Array.isArray(manifest.files) ? manifest.files.filter((n): n is string => typeof n === 'string' && n === path.basename(n) && !n.startsWith('.')) : [];
      await holdingSignals(() => {
        for (const n of names) {
          try { renameSync(path.join(dir, n), path.join(outDir, n)); } catch (err) { if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err; }
        }
      });
      fsyncDir(outDir);
    } catch {
      // no readable manifest: the folder never reached its commit point intact; nothing to finish
    }
    await rm(dir, { recursive: true, force: true });
  }
  for (const e of stale) if (e.startsWith(TMP)) await rm(path.join(outDir, e), { recursive: true, force: true });
}

async function writeDurably(file: string, bytes: Uint8Array): Promise<void> {
  const h = await open(file, 'wx');
  try {
    await h.writeFile(bytes);
    await h.sync();
  } finally {
    await h.close();
  }
}

function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // some file systems cannot fsync a folder; the renames are still atomic
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

const HELD_SIGNALS: readonly NodeJS.Signals[] = process.platform === 'win32' ? [] : ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * Run `fn` (synchronous: no other JavaScript runs in between) with SIGINT, SIGTERM and SIGHUP
 * held: a signal that arrives meanwhile is delivered when `fn` has finished. When nobody else
 * listens for it, it is then raised again with its default action (the process ends as it would
 * have); when the program has its own listener, that listener sees it as usual.
 */
async function holdingSignals<T>(fn: () => T): Promise<T> {
  const caught: NodeJS.Signals[] = [];
  const others = new Map(HELD_SIGNALS.map((s) => [s, process.listenerCount(s)]));
  const hold = (s: NodeJS.Signals) => { caught.push(s); };
  for (const s of HELD_SIGNALS) process.on(s, hold);
  try {
    return fn();
  } finally {
    // Let a signal that arrived during fn reach its listener before ours are removed.
    await new Promise<void>((resolve) => setTimeout(() => setImmediate(resolve), 0));
    for (const s of HELD_SIGNALS) process.removeListener(s, hold);
    const again = caught.find((s) => others.get(s) === 0);
    if (again) process.kill(process.pid, again);
  }
}

function pidOf(entry: string): number {
  return Number(entry.slice(entry.startsWith(TMP) ? TMP.length : COMMIT.length).split('-')[0]);
}

function safeCtime(p: string): number {
  try { return statSync(p).ctimeMs; } catch { return 0; }
}

function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return true;
  try { process.kill(pid, 0); return true; } catch (e) { return (e as NodeJS.ErrnoException).code === 'EPERM'; }
}

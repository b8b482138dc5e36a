/**
 * Atomic output: every file of a build is written into a private temporary folder beside the
 * output folder, and only when all are complete (and verified) are they renamed into place, one
 * rename each. A failed or killed build leaves the previous editions byte-identical.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface OutputFile { readonly name: string; readonly bytes: Uint8Array }

export async function writeAtomically(outDir: string, files: readonly OutputFile[]): Promise<string[]> {
  const out = path.resolve(outDir);
  await mkdir(out, { recursive: true });
  const tmp = path.join(out, `.lectern-tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  await mkdir(tmp);
  try {
    for (const f of files) await writeFile(path.join(tmp, f.name), f.bytes);
    const written: string[] = [];
    for (const f of files) {
      const dest = path.join(out, f.name);
      await rename(path.join(tmp, f.name), dest);
      written.push(dest);
    }
    return written;
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

/** Remove temporary folders left by builds that were killed. */
export async function sweepStale(outDir: string, entries: readonly string[]): Promise<void> {
  for (const e of entries) {
    if (e.startsWith('.lectern-tmp-')) {
      const pid = Number(e.split('-')[2]);
      if (pid !== process.pid && !alive(pid)) await rm(path.join(outDir, e), { recursive: true, force: true });
    }
  }
}

function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try { process.kill(pid, 0); return true; } catch { return false; }
}

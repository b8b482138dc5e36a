/**
 * The editions a manuscript's earlier builds left in the output folder under another name.
 *
 * The editions are named after the title (`<slug>.epub`, `<slug>.pdf`), so after the title
 * changes a build writes new names, and the files of the old ones stayed beside them: a publisher
 * could upload last week's EPUB. The output folder therefore keeps a record of what Lectern wrote
 * there, `.lectern-editions.json`: for each manuscript folder (a digest of its real path, so the
 * record names no local path), the name and SHA-256 of each edition file. After a build has put
 * its files in place, the editions its manuscript wrote before under another name, in a format
 * this build wrote again, are removed, but only while each is still the very file Lectern wrote
 * (same digest): a file somebody replaced or edited since is kept, and so is every file another
 * manuscript wrote, every file Lectern never wrote, and an edition of a format the build did not
 * make (`--format pdf` leaves the EPUB, whatever its name).
 *
 * The record is only ever an aid: one that is missing or unreadable removes nothing, and it is
 * replaced (write, then rename) after the removals, so a build stopped in between leaves a record
 * that still names what was left, and the next build removes it.
 */
import { createHash } from 'node:crypto';
import { lstat, readFile, realpath, rename, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';

export const EDITIONS_RECORD = '.lectern-editions.json';

/** An edition file as written: its name in the output folder and its bytes' SHA-256 (hex). */
export interface WrittenEdition { readonly name: string; readonly sha256: string }

interface Record_ { readonly lectern: 1; readonly manuscripts: Record<string, WrittenEdition[]> }

const FORMAT = /\.(epub|pdf)$/;

function formatOf(name: string): string | undefined {
  return FORMAT.exec(name)?.[1];
}

/** The record's key for a manuscript folder: a digest of its real path. */
export async function manuscriptKey(manuscript: string): Promise<string> {
  let real = path.resolve(manuscript);
  try { real = await realpath(real); } catch { /* the path as given */ }
  return createHash('sha256').update(real).digest('hex').slice(0, 32);
}

function plainName(n: unknown): n is string {
  return typeof n === 'string' && n === path.basename(n) && !n.startsWith('.') && formatOf(n) !== undefined;
}

async function readRecord(out: string): Promise<Record_> {
  const empty: Record_ = { lectern: 1, manuscripts: {} };
  let raw: unknown;
  try { raw = JSON.parse(await readFile(path.join(out, EDITIONS_RECORD), 'utf8')); } catch { return empty; }
  const m = (raw as { manuscripts?: unknown } | null)?.manuscripts;
  if (typeof m !== 'object' || m === null || Array.isArray(m)) return empty;
  const manuscripts: Record<string, WrittenEdition[]> = {};
  for (const [key, list] of Object.entries(m)) {
    if (!Array.isArray(list)) continue;
    manuscripts[key] = list.filter((e): e is WrittenEdition =>
      typeof e === 'object' && e !== null && plainName((e as WrittenEdition).name) && typeof (e as WrittenEdition).sha256 === 'string');
  }
  return { lectern: 1, manuscripts };
}

/** The SHA-256 of a regular file in `out`, or undefined when there is none of that name. */
async function digestOf(file: string): Promise<string | undefined> {
  try {
    if (!(await lstat(file)).isFile()) return undefined;
    return createHash('sha256').update(await readFile(file)).digest('hex');
  } catch {
    return undefined;
  }
}

/**
 * Called once a build's files are in place in `out`: removes the editions the same manuscript
 * wrote there before under other names, in the formats of `written`, that are unchanged since,
 * and records `written`. Returns the paths removed.
 */
export async function removeSuperseded(out: string, manuscript: string, written: readonly WrittenEdition[]): Promise<string[]> {
  const dir = path.resolve(out);
  const key = await manuscriptKey(manuscript);
  const record = await readRecord(dir);
  const names = new Set(written.map((w) => w.name));
  const formats = new Set(written.map((w) => formatOf(w.name)));
  const kept: WrittenEdition[] = [];
  const removed: string[] = [];
  for (const before of record.manuscripts[key] ?? []) {
    if (names.has(before.name)) continue;
    const file = path.join(dir, before.name);
    const now = await digestOf(file);
    if (now !== before.sha256) continue; // gone, or no longer the file Lectern wrote: not ours to remove
    if (!formats.has(formatOf(before.name))) { kept.push(before); continue; }
    try {
      await unlink(file);
      removed.push(file);
    } catch {
      kept.push(before); // still there: the next build tries again
    }
  }
  const manuscripts = { ...record.manuscripts, [key]: [...written.filter((w) => formatOf(w.name) !== undefined), ...kept] };
  // a name another manuscript's entry still lists was overwritten by this build: it is no longer theirs
  for (const [k, list] of Object.entries(manuscripts)) {
    if (k !== key) manuscripts[k] = list.filter((e) => !names.has(e.name));
  }
  const tmp = path.join(dir, `${EDITIONS_RECORD}.${process.pid}.tmp`);
  const sorted = Object.fromEntries(Object.entries(manuscripts).filter(([, l]) => l.length > 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  await writeFile(tmp, `${JSON.stringify({ lectern: 1, manuscripts: sorted }, null, 2)}\n`);
  await rename(tmp, path.join(dir, EDITIONS_RECORD));
  return removed;
}

/** E-OCF-1, P-UA-5: the same input gives the same bytes whatever the machine's time zone. */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';

it('builds byte-identical editions in UTC, Baku and Los Angeles time', async () => {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'lectern-tz-'));
  try {
    const sums: Record<string, string[]> = {};
    for (const tz of ['UTC', 'Asia/Baku', 'America/Los_Angeles']) {
      const out = path.join(tmp, tz.replace('/', '-'));
      const script = `import('./src/pipeline/build.ts').then(async (b) => { const e = await import('./src/effects.ts'); const r = await b.build({ manuscript: 'manuscript', out: ${JSON.stringify(out)}, effects: e.nodeEffects({ SOURCE_DATE_EPOCH: '1700000000' }) }); process.exitCode = r.ok ? 0 : 1; })`;
      const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { env: { ...process.env, TZ: tz }, encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      const files = (await readdir(out)).sort();
      sums[tz] = await Promise.all(files.map(async (f) => `${f} ${createHash('sha256').update(await readFile(path.join(out, f))).digest('hex')}`));
    }
    expect(sums['Asia/Baku']).toEqual(sums.UTC);
    expect(sums['America/Los_Angeles']).toEqual(sums.UTC);
    expect(sums.UTC).toHaveLength(4); // the editions, the download page and the record of editions
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}, 180_000);

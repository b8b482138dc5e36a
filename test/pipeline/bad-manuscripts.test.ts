/**
 * Bad manuscripts: build() refuses each with the right diagnostic code at the right file and line,
 * and writes nothing (no output folder appears; a previous dist stays byte-identical).
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/model/diagnostic.js';
import { build } from '../../src/pipeline/build.js';
import { BAD_CASES, badCaseDir, cleanTemps, fixedEffects, listFiles, tempDir } from '../support/build-helpers.js';

afterAll(cleanTemps);

describe.each(BAD_CASES)('bad manuscript $name', (c) => {
  it(`fails with ${c.code} at ${c.file}:${c.line} and writes no output folder`, async () => {
    const manuscript = await badCaseDir(c);
    const out = path.join(await tempDir('lectern-bad-out-'), 'dist');
    const r = await build({ manuscript, out, effects: fixedEffects() });
    const shown = r.diagnostics.map(formatDiagnostic).join('\n');
    expect(r.ok, shown).toBe(false);
    expect(r.files).toEqual([]);
    expect(r.outputs).toBeUndefined();
    const errors = r.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => d.code), shown).toContain(c.code);
    const d = errors.find((e) => e.code === c.code)!;
    expect(d.message).toMatch(c.message);
    expect(d.at, shown).toBeDefined();
    expect({ file: d.at!.file, line: d.at!.line }, shown).toEqual({ file: c.file, line: c.line });
    if (c.column !== undefined) expect(d.at!.column, shown).toBe(c.column);
    expect(existsSync(out)).toBe(false);
  });

  it('leaves a previous dist byte-identical', async () => {
    const manuscript = await badCaseDir(c);
    const out = path.join(await tempDir('lectern-bad-prev-'), 'dist');
    await mkdir(path.join(out, 'old'), { recursive: true });
    await writeFile(path.join(out, 'bad-case.epub'), new Uint8Array([0x50, 0x4b, 3, 4, 1, 2, 3]));
    await writeFile(path.join(out, 'bad-case.pdf'), '%PDF-1.7 previous edition\n');
    await writeFile(path.join(out, 'old', 'notes.txt'), 'kept\n');
    const before = await listFiles(out);
    const r = await build({ manuscript, out, effects: fixedEffects() });
    expect(r.ok).toBe(false);
    expect(await listFiles(out)).toEqual(before);
  });
});

/**
 * Issue 6, case 3: no escape from the manuscript folder. `../` and absolute paths, %2e%2e
 * escapes, a symlink from inside to a file outside and a symlinked chapter folder are L-PATH errors
 * at their file:line; the files outside hold a unique marker that appears in no output and in no
 * message, so nothing was read.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOOK_YAML, cleanTemps, contractViolation, dryBuild, errorsOf, latin1, manuscript, png, shown, tempDir, type Files } from './support.js';

const MARKER = `OUTSIDE-${randomBytes(6).toString('hex')}`;
let parent: string;
let outside: string;

beforeAll(async () => {
  parent = await tempDir('lectern-escape-');
  outside = path.join(parent, 'outside');
  await mkdir(path.join(outside, 'dir'), { recursive: true });
  await writeFile(path.join(outside, 'secret.md'), `# ${MARKER}\n\n${MARKER}\n`);
  await writeFile(path.join(outside, 'dir', 'chapter.md'), `# ${MARKER}\n\n${MARKER}\n`);
  // A valid PNG that carries the marker in a text chunk, placed before IEND.
  const p = png(4, 4);
  const text = Buffer.from(`Comment\0${MARKER}`, 'latin1');
  const len = Buffer.alloc(4); len.writeUInt32BE(text.length);
  await writeFile(path.join(outside, 'secret.png'), Buffer.concat([p.subarray(0, p.length - 12), len, Buffer.from('tEXt'), text, Buffer.alloc(4), p.subarray(p.length - 12)]));
  await writeFile(path.join(outside, 'events.yaml'), `remove:\n  - datetime: "2001"\n    match: "${MARKER}"\n`);
});

afterAll(cleanTemps);

const withContents = (list: string[]) => `${BOOK_YAML}contents:\n${list.map((c) => `  - "${c}"`).join('\n')}\n`;

interface Case { name: string; files: () => Files; links?: [string, string][]; at: { file: string; line: number } }

const cases: Case[] = [
  { name: 'a ../ chapter path', files: () => ({ 'book.yaml': withContents(['a.md', '../outside/secret.md']), 'a.md': '# A\n\ntext\n' }), at: { file: 'book.yaml', line: 9 } },
  { name: 'an absolute chapter path', files: () => ({ 'book.yaml': withContents([path.join(outside, 'secret.md')]) }), at: { file: 'book.yaml', line: 8 } },
  { name: 'a %2e%2e/ chapter path', files: () => ({ 'book.yaml': withContents(['%2e%2e/outside/secret.md']) }), at: { file: 'book.yaml', line: 8 } },
  { name: 'a ../ image path', files: () => ({ 'a.md': '# A\n\n![A secret](../outside/secret.png)\n' }), at: { file: 'a.md', line: 3 } },
  { name: 'an absolute image path', files: () => ({ 'a.md': `# A\n\ntext\n\n![A secret](${path.join(outside, 'secret.png')})\n` }), at: { file: 'a.md', line: 5 } },
  { name: 'a %2e%2e/ image path', files: () => ({ 'a.md': '# A\n\n![A secret](images/%2e%2e/%2e%2e/outside/secret.png)\n', 'images/ok.png': png(2, 2) }), at: { file: 'a.md', line: 3 } },
  { name: 'a %2E%2E%2F image path', files: () => ({ 'a.md': '# A\n\n![A secret](%2E%2E%2Foutside%2Fsecret.png)\n' }), at: { file: 'a.md', line: 3 } },
  { name: 'a symlinked image', files: () => ({ 'a.md': '# A\n\n![A secret](images/linked.png)\n' }), links: [['images/linked.png', 'secret.png']], at: { file: 'a.md', line: 3 } },
  { name: 'a symlinked chapter (listed)', files: () => ({ 'book.yaml': withContents(['linked.md']) }), links: [['linked.md', 'secret.md']], at: { file: 'book.yaml', line: 8 } },
  { name: 'a symlinked chapter (found by name)', files: () => ({ 'a.md': '# A\n\ntext\n' }), links: [['linked.md', 'secret.md']], at: { file: 'linked.md', line: 1 } },
  { name: 'a symlinked chapter folder', files: () => ({ 'book.yaml': withContents(['chapters/chapter.md']) }), links: [['chapters', 'dir']], at: { file: 'book.yaml', line: 8 } },
  { name: 'a symlinked events.yaml', files: () => ({ 'a.md': '# A\n\nIn 2001 we met.\n' }), links: [['events.yaml', 'events.yaml']], at: { file: 'events.yaml', line: 1 } },
];

describe('no escape (issue 6, case 3)', () => {
  it.each(cases)('$name is an L-PATH error at its line, and nothing outside is read', async (c) => {
    const dir = await manuscript(c.files(), await tempDir('lectern-escape-ms-'));
    for (const [from, to] of c.links ?? []) {
      await mkdir(path.dirname(path.join(dir, from)), { recursive: true });
      await symlink(path.join(outside, to), path.join(dir, from));
    }
    const r = await dryBuild(dir);
    expect(contractViolation(r)).toBe('');
    expect(r.ok, shown(r)).toBe(false);
    const e = errorsOf(r).find((d) => d.code === 'L-PATH');
    expect(e, shown(r)).toBeDefined();
    expect({ file: e!.at!.file, line: e!.at!.line }, shown(r)).toEqual(c.at);
    expect(shown(r)).not.toContain(MARKER);
    for (const bytes of [r.outputs?.epub, r.outputs?.pdf]) if (bytes) expect(latin1(bytes)).not.toContain(MARKER);
  });

  it('a backslash image path names a file inside (POSIX): missing, reported at its line, nothing read', async () => {
    const dir = await manuscript({ 'a.md': '# A\n\n![A secret](..\\\\outside\\\\secret.png)\n' }, await tempDir('lectern-escape-ms-'));
    const r = await dryBuild(dir);
    expect(contractViolation(r)).toBe('');
    expect(errorsOf(r).map((d) => [d.code, d.at?.line]), shown(r)).toEqual([['L-IMAGE', 3]]);
    expect(shown(r)).not.toContain(MARKER);
  });

  it('a relative link that leaves the book is an error, never a file:// or ../ href', async () => {
    const dir = await manuscript({ 'a.md': '# A\n\nSee [the secret](../outside/secret.md) and [that](file:///etc/passwd).\n' });
    const r = await dryBuild(dir);
    expect(contractViolation(r)).toBe('');
    expect(errorsOf(r).map((d) => d.code).sort(), shown(r)).toEqual(['L-ATTR', 'L-PATH']);
    for (const d of errorsOf(r)) expect(d.at).toMatchObject({ file: 'a.md', line: 3 });
  });
});

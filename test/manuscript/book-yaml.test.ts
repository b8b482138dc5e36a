/** parseBookYaml: the schema, its defaults, and every problem reported at the line of the offending key. */
import { describe, expect, it } from 'vitest';
import { parseBookYaml } from '../../src/manuscript/book-yaml.js';
import type { Diagnostic } from '../../src/model/diagnostic.js';

const GOOD = `# comment line
title: A Book
creators:
  - name: A. Writer
  - name: B. Translator
    role: trl
    fileAs: Translator, B.
language: az-Latn
identifier: urn:uuid:6f1c2a3e-8b4d-4e5f-9a01-23456789abcd
date: 2024-03-15
`;

function fail(text: string): Diagnostic[] {
  const r = parseBookYaml(text, 'book.yaml');
  expect(r.ok, 'expected a failure').toBe(false);
  return r.ok ? [] : r.diagnostics;
}

const where = (ds: Diagnostic[]) => ds.map((d) => [d.code, d.at?.file, d.at?.line, d.at?.column]);

describe('parseBookYaml: good input', () => {
  it('accepts the minimal fields and fills defaults (role aut, no subjects)', () => {
    const r = parseBookYaml(GOOD, 'book.yaml');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.title).toBe('A Book');
    expect(r.value.creators).toEqual([
      { name: 'A. Writer', role: 'aut' },
      { name: 'B. Translator', role: 'trl', fileAs: 'Translator, B.' },
    ]);
    expect(r.value.language).toBe('az-Latn');
    expect(r.value.date).toBe('2024-03-15');
    expect(r.value.subjects).toEqual([]);
    expect(r.value.contents).toBeUndefined();
  });

  it('keeps an unquoted YAML date as the string written (core schema, no Date objects)', () => {
    const r = parseBookYaml(`${GOOD}source:\n  date: 2023-11-02\n  distributors: [A, B]\n`, 'book.yaml');
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value.source).toEqual({ date: '2023-11-02', distributors: ['A', 'B'] });
  });

  it('accepts the sample manuscript and the rich fixture', async () => {
    const { readFileSync } = await import('node:fs');
    const { RICH_DIR, SAMPLE_DIR } = await import('../support/build-helpers.js');
    for (const dir of [SAMPLE_DIR, RICH_DIR]) {
      const r = parseBookYaml(readFileSync(`${dir}/book.yaml`, 'utf8'), 'book.yaml');
      expect(r.ok, dir).toBe(true);
    }
  });
});

describe('parseBookYaml: schema errors at the right line (L-META)', () => {
  it('a missing title: at the mapping, line 2 (after the comment)', () => {
    const ds = fail(GOOD.replace('title: A Book\n', ''));
    expect(where(ds)).toEqual([['L-META', 'book.yaml', 2, 1]]);
    expect(ds[0]!.message).toBe('title is required');
  });

  it('an empty title: at its value', () => {
    const ds = fail(GOOD.replace('title: A Book', 'title: "  "'));
    expect(where(ds)).toEqual([['L-META', 'book.yaml', 2, 8]]);
    expect(ds[0]!.message).toMatch(/title/);
  });

  it('a date not written YYYY-MM-DD: at line 10, column 7', () => {
    const ds = fail(GOOD.replace('date: 2024-03-15', 'date: 15 March 2024'));
    expect(where(ds)).toEqual([['L-META', 'book.yaml', 10, 7]]);
    expect(ds[0]!.message).toMatch(/YYYY-MM-DD/);
  });

  it('a bad language tag: at line 8', () => {
    const ds = fail(GOOD.replace('language: az-Latn', 'language: Azerbaijani (Latin)'));
    expect(where(ds)).toEqual([['L-META', 'book.yaml', 8, 11]]);
  });

  it('an identifier that is not a URN: at line 9', () => {
    const ds = fail(GOOD.replace(/identifier: .*/, 'identifier: 12345'));
    expect(where(ds)).toEqual([['L-META', 'book.yaml', 9, 13]]);
  });

  it('an unknown relator code: at the role value, line 6', () => {
    const ds = fail(GOOD.replace('role: trl', 'role: xyz'));
    expect(where(ds)).toEqual([['L-META', 'book.yaml', 6, 11]]);
  });

  it('a creator without a name: at that creator, line 4', () => {
    const ds = fail(GOOD.replace('  - name: A. Writer\n', '  - fileAs: Writer, A.\n'));
    expect(ds.map((d) => d.code)).toContain('L-META');
    expect(ds.find((d) => /name/.test(d.message))?.at?.line).toBe(4);
  });

  it('an unknown top-level key: at the key, line 11', () => {
    const ds = fail(`${GOOD}colour: red\n`);
    expect(ds[0]!.message).toMatch(/unknown key "colour"/);
    expect(where(ds)).toEqual([['L-META', 'book.yaml', 11, 1]]);
  });

  it('an unknown key inside creators: at the key, line 5', () => {
    const ds = fail(GOOD.replace('  - name: A. Writer\n', '  - name: A. Writer\n    email: a@example.org\n'));
    expect(ds[0]!.message).toMatch(/unknown key "email"/);
    expect(where(ds)).toEqual([['L-META', 'book.yaml', 5, 5]]);
  });

  it('reports every problem, not only the first', () => {
    const ds = fail(GOOD.replace('date: 2024-03-15', 'date: soon').replace('language: az-Latn', 'language: x_y'));
    expect(ds.map((d) => d.at?.line).sort()).toEqual([10, 8].sort());
  });

  it('a list instead of a mapping', () => {
    const ds = fail('- title: A\n- title: B\n');
    expect(where(ds)).toEqual([['L-META', 'book.yaml', 1, 1]]);
  });

  it('an empty file', () => {
    expect(fail('').map((d) => d.code)).toEqual(['L-META']);
  });
});

describe('parseBookYaml: YAML errors (L-YAML)', () => {
  it('bad indentation / nested compact mapping: at line 8', () => {
    expect(where(fail(GOOD.replace('language: az-Latn', 'language: az: Latn')))).toEqual([['L-YAML', 'book.yaml', 8, 11]]);
  });

  it('a duplicate key: at the second one, line 11', () => {
    const ds = fail(`${GOOD}title: Again\n`);
    expect(ds.map((d) => [d.code, d.at?.line])).toEqual([['L-YAML', 11]]);
  });

  it('an alias bomb is refused, not expanded', () => {
    const bomb = `a: &a [x, x, x, x, x, x, x, x, x, x]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
e: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]
`;
    const ds = fail(bomb);
    expect(ds.map((d) => d.code)).toEqual(['L-YAML']);
  });
});

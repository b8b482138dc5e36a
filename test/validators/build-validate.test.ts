/**
 * `build --validate` (and any book.yaml that attests a review) runs EPUBCheck and Ace inside the
 * build, fail-closed; their findings point back at the manuscript.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeEffects } from '../../src/effects.js';
import { build } from '../../src/pipeline/build.js';
import { findAce, findChromium, findEpubcheckJar } from '../../src/verify/external.js';
import { sourcePosition } from '../../src/verify/source-map.js';

const effects = nodeEffects({ SOURCE_DATE_EPOCH: '1700000000' });
const installed = !!findEpubcheckJar() && !!findAce() && !!findChromium();
const required = process.env.LECTERN_REQUIRE_VALIDATORS === '1';

describe('validation inside the build', () => {
  if (!installed) {
    const why = 'NOTICE: EPUBCheck or DAISY Ace is not installed; build --validate tests skipped';
    if (required) it('is required (LECTERN_REQUIRE_VALIDATORS=1)', () => { throw new Error(why); });
    else { console.warn(why); it.skip('build --validate', () => {}); }
  } else {
    it('a book that attests a review is built only after EPUBCheck and Ace pass, and then claims conformance', async () => {
      const tmp = await mkdtemp(path.join(os.tmpdir(), 'lectern-validate-'));
      try {
        const ms = path.join(tmp, 'ms');
        await cp('manuscript', ms, { recursive: true });
        const yaml = await readFile(path.join(ms, 'book.yaml'), 'utf8');
        await writeFile(path.join(ms, 'book.yaml'), `${yaml}accessibility:\n  review:\n    by: A. Reviewer\n    date: 2026-11-01\n`);
        const r = await build({ manuscript: ms, out: path.join(tmp, 'out'), effects, dryRun: true });
        expect(r.ok, r.diagnostics.map((d) => d.message).join('\n')).toBe(true);
        expect(r.book!.accessibility.conformsTo).toBe('EPUB Accessibility 1.1 - WCAG 2.2 Level AA');
        expect(r.timings.verify).toBeGreaterThan(0);
      } finally {
        await rm(tmp, { recursive: true, force: true });
      }
    }, 180_000);
  }

  it('without the validators, a build that must validate fails closed', async () => {
    const saved = { ...process.env };
    process.env.EPUBCHECK_JAR = '/nonexistent/epubcheck.jar';
    process.env.PATH = '/nonexistent';
    try {
      const r = await build({ manuscript: 'manuscript', out: path.join(os.tmpdir(), 'unused'), effects, dryRun: true, validate: true });
      expect(r.ok).toBe(false);
      expect(r.diagnostics.some((d) => d.code === 'X-VALIDATOR' && d.severity === 'error' && /epubcheck must run/.test(d.message))).toBe(true);
    } finally {
      process.env = saved;
    }
  }, 120_000);
});

describe('validator findings map back to the manuscript', () => {
  it('a line of a rendered document leads to the block written there', async () => {
    const r = await build({ manuscript: 'manuscript', out: path.join(os.tmpdir(), 'unused'), effects, dryRun: true });
    const epub = (await import('../../src/verify/epub/read.js'));
    const read = await epub.readEpub(r.outputs!.epub!);
    const xhtml = read.text('OEBPS/ch-article.xhtml')!;
    const documents = [{ id: 'ch-article', xhtml }];
    const lines = xhtml.split('\n');
    const line = lines.findIndex((l) => l.includes('id="ch-article-p8"')) + 1;
    const at = sourcePosition(r.book!, documents, 'OEBPS/ch-article.xhtml', line);
    expect(at).toEqual({ file: 'article.md', line: 17, column: 1 });
    const source = (await readFile('manuscript/article.md', 'utf8')).split('\n')[16]!;
    expect(source.startsWith('On 03 March 2021, President Ilham Aliyev')).toBe(true);
  }, 120_000);
});

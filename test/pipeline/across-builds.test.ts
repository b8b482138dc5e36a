/**
 * Books built one after another in one process (build-all's workers, watch, the build server)
 * share the shaping of words (src/shaping-cache.ts). A book whose glyphs are made two ways ("ﬁ"
 * typed and made of "fi"; "ı" typed and made of "i" under an accent), or whose code holds Arabic,
 * must come out the same bytes whatever was built before it.
 */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/model/diagnostic.js';
import { build } from '../../src/pipeline/build.js';
import { keepShapingAcrossBuilds } from '../../src/shaping-cache.js';
import { TINY_BOOK_YAML, cleanTemps, fixedEffects, sha256, tempDir, writeManuscript } from '../support/build-helpers.js';

afterAll(cleanTemps);

const BOOKS = [
  '# A\n\n\ufb01ne then fine, \u0131l\u0131k then i\u0301, \ufb01fi and office.\n',
  '# B\n\nfine then \ufb01ne, i\u0301 then \u0131l\u0131k, \ufb02ow fl, first.\n\n```\n\u0643\u062a\u0627\u0628 var\n```\n',
];

async function pdfOf(md: string): Promise<string> {
  const dir = await writeManuscript({ 'book.yaml': TINY_BOOK_YAML, 'chapter.md': md });
  const r = await build({ manuscript: dir, out: path.join(await tempDir('lectern-across-'), 'dist'), effects: fixedEffects() });
  expect(r.ok, r.diagnostics.map(formatDiagnostic).join('\n')).toBe(true);
  return sha256(r.outputs!.pdf!);
}

describe('glyphs of their own, across builds', () => {
  it('gives each book the bytes it gets alone, whichever was built before it with the words kept', async () => {
    // alone: each book in a process that keeps nothing across builds (built once each, first)
    const alone = [];
    for (const md of BOOKS) alone.push(await pdfOf(md));
    keepShapingAcrossBuilds();
    // then each after the other, twice over, in both orders, with the words kept
    const kept = [await pdfOf(BOOKS[0]!), await pdfOf(BOOKS[1]!), await pdfOf(BOOKS[1]!), await pdfOf(BOOKS[0]!)];
    expect(kept).toEqual([alone[0], alone[1], alone[1], alone[0]]);
  });
});

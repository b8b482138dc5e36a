/**
 * src/opentype-setup.ts: with fontkit's shaping set-up kept, every word comes out as fontkit lays
 * it out, and leaves the font's glyphs as fontkit leaves them. fontkit's own results come from a
 * worker thread, where fontkit is loaded afresh and nothing of Lectern's has touched it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { dejavuFonts } from '../src/effects.js';
import { openFont, type FontkitFont } from '../src/font-tables.js';
import { openTypeSetupKept } from '../src/opentype-setup.js';

type Call = readonly [text: string, features?: unknown, script?: string, language?: string, direction?: string];

// ligatures and kerning, accents and combining marks, Greek, Cyrillic with Serbian forms, digits,
// fractions (a local feature), a right-to-left direction asked for, features turned off and on
// between plain calls, and words again after each
const CALLS: readonly Call[] = [
  ['office'], ['waffle'], ['AVATAR'], ['Today'], ['café'], ['cafe\u0301'], ['x\u0323\u0307'], ['Ελλάδα'], ['Азербайджан'],
  ['office', { liga: false }], ['office'], ['AVATAR', ['kern']], ['AVATAR', { kern: false }], ['AVATAR'],
  ['бгдпт', undefined, 'cyrl', 'SRB'], ['бгдпт'], ['бгдпт', undefined, 'cyrl'],
  ['1\u20442'], ['3/4'], ['2021,'], ['“Baku”'], ['Çağdaş'], ['office', undefined, undefined, undefined, 'rtl'], ['office'],
  ['ffi', []], ['ffi'], ['Pneumonoultramicroscopicsilicovolcanoconiosis'], ['na\u0308ive'], ['AVATAR'],
];

/** What fontkit gives for each call, and the glyphs the font holds after it. */
function outcomes(font: FontkitFont, calls: readonly Call[]) {
  type Run = { glyphs: { id: number; codePoints: number[] }[]; positions: Record<string, number>[]; advanceWidth: number };
  const layout = font.layout as unknown as (...a: unknown[]) => Run;
  return calls.map((call) => {
    const r = layout.call(font, ...call);
    const glyphs = Object.entries((font as unknown as { _glyphs: Record<string, { codePoints: number[] }> })._glyphs).map(([id, g]) => [Number(id), [...g.codePoints]]);
    return { ids: r.glyphs.map((g) => g.id), chars: r.glyphs.map((g) => [...g.codePoints]), positions: r.positions.map((p) => ({ xAdvance: p.xAdvance, yAdvance: p.yAdvance, xOffset: p.xOffset, yOffset: p.yOffset })), advance: r.advanceWidth, glyphs };
  });
}

/** fontkit's results, from a thread of its own. */
function fontkitsOwn(file: Uint8Array, calls: readonly Call[]): Promise<unknown> {
  const fontkitPath = createRequire(import.meta.url).resolve('fontkit');
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    const font = require(workerData.fontkitPath).create(Buffer.from(workerData.file));
    const out = workerData.calls.map((call) => {
      const r = font.layout(...call);
      const glyphs = Object.entries(font._glyphs).map(([id, g]) => [Number(id), [...g.codePoints]]);
      return { ids: r.glyphs.map((g) => g.id), chars: r.glyphs.map((g) => [...g.codePoints]), positions: r.positions.map((p) => ({ xAdvance: p.xAdvance, yAdvance: p.yAdvance, xOffset: p.xOffset, yOffset: p.yOffset })), advance: r.advanceWidth, glyphs };
    });
    parentPort.postMessage(out);`;
  return new Promise((resolve, reject) => {
    const w = new Worker(code, { eval: true, workerData: { fontkitPath, file, calls } });
    w.once('message', (m) => { resolve(m); void w.terminate(); });
    w.once('error', reject);
  });
}

describe('fontkit\'s OpenType set-up, kept between words', () => {
  it('is in place on the fonts Lectern opens', async () => {
    const files = await dejavuFonts();
    expect(openTypeSetupKept(openFont(files.regular))).toBe(true);
  });

  it('lays out the words of the sample and the rich fixture as fontkit does, in every face', async () => {
    const root = path.join(import.meta.dirname, '..');
    const files = [path.join(root, 'manuscript', 'article.md'), ...readdirSync(path.join(root, 'test', 'fixtures', 'rich')).filter((f) => f.endsWith('.md')).map((f) => path.join(root, 'test', 'fixtures', 'rich', f))];
    const words = [...new Set(files.flatMap((f) => readFileSync(f, 'utf8').split(/\s+/)).filter((w) => w !== ''))];
    expect(words.length).toBeGreaterThan(500);
    const calls: Call[] = words.map((w) => [w]);
    const fonts = await dejavuFonts();
    for (const face of ['regular', 'bold', 'italic', 'boldItalic', 'mono'] as const) {
      const want = (await fontkitsOwn(fonts[face], calls)) as ReturnType<typeof outcomes>;
      const got = outcomes(openFont(fonts[face]), calls);
      // the runs word by word, and the font's glyphs at the end
      expect(got.map(({ glyphs: _g, ...run }) => run)).toEqual(want.map(({ glyphs: _g, ...run }) => run));
      expect(got.at(-1)!.glyphs).toEqual(want.at(-1)!.glyphs);
    }
  }, 60_000);

  it('lays every word out as fontkit does, features, scripts, languages and directions included', async () => {
    const files = await dejavuFonts();
    for (const face of ['regular', 'italic', 'mono'] as const) {
      const want = await fontkitsOwn(files[face], CALLS);
      const font = openFont(files[face]);
      expect(openTypeSetupKept(font)).toBe(true);
      expect(outcomes(font, CALLS)).toEqual(want);
      // and again on a font whose set-up has been kept from the first word on
      expect(outcomes(openFont(files[face]), [...CALLS].reverse())).toEqual(await fontkitsOwn(files[face], [...CALLS].reverse()));
    }
  }, 30_000);
});

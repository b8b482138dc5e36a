/**
 * src/fontkit-anchors.ts: a mark with no anchor on its base is left where it stands, where fontkit
 * 2.0.4 threw (and the build stopped with I-BUG).
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { dejavuFonts } from '../src/effects.js';
import { openFont } from '../src/font-tables.js';

const require = createRequire(import.meta.url);
const fontkit = require('fontkit') as { create(data: Uint8Array): { layout(text: string): unknown } };

describe('skipMissingAnchors', () => {
  it('lays out "ї" with a combining mark below (DejaVu has no anchor for it) in every face, where fontkit alone throws', async () => {
    const files = await dejavuFonts();
    // fontkit's own layout throws: the guard is needed (when it stops throwing, the guard can go)
    expect(() => fontkit.create(files.regular).layout('\u0457\u0316')).toThrow(/xCoordinate/);
    for (const key of ['regular', 'bold', 'italic', 'boldItalic', 'mono'] as const) {
      const font = openFont(files[key]);
      for (const text of ['\u0457\u0316', '\u0457\u0323', 'Ukra\u0457\u0316na']) {
        const run = font.layout(text);
        expect(run.glyphs, `${key} ${text}`).toHaveLength(text.length);
      }
      // a mark with an anchor is still placed by it
      const placed = font.layout('e\u0323').positions as unknown as { xOffset: number; yOffset: number }[];
      expect(placed[1]!.xOffset !== 0 || placed[1]!.yOffset !== 0, key).toBe(true);
    }
  });
});

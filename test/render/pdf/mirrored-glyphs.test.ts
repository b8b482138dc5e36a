/**
 * src/render/pdf/mirrored-glyphs.ts: in a run that reads from the right, "(" is shown with the
 * glyph of ")" (and « with », [ with ]), drawn as a copy whose text stays "(".
 */
import { describe, expect, it } from 'vitest';
import { nodeEffects } from '../../../src/effects.js';
import { registerFallback, registerFonts } from '../../../src/render/pdf/fonts.js';
import { PDFDocument, type PdfDoc } from '../../../src/render/pdf/pdfkit.js';
import { TextPainter, type EmbeddedFont } from '../../../src/render/pdf/text-run.js';

async function doc(): Promise<PdfDoc> {
  const files = await nodeEffects().fonts();
  const d = new PDFDocument({ autoFirstPage: false, compress: false, font: files.regular, size: [432, 648] });
  registerFonts(d, files);
  registerFallback(d, files, 'sans');
  d.addPage();
  return d;
}

/** The subset ids a run's show operators draw, in order. */
function shown(ops: readonly string[]): number[] {
  return ops.join('\n').match(/<([0-9a-f]+)>/g)!.flatMap((h) => h.slice(1, -1).match(/.{4}/g)!.map((x) => parseInt(x, 16)));
}

describe('MirroredGlyphs', () => {
  it('shows a bracket turned where the run reads from the right, with its own text; elsewhere as it is', async () => {
    const d = await doc();
    const painter = new TextPainter(d);
    const face = (d._fontFamilies as unknown as Record<string, EmbeddedFont>).sans!;
    const cmap = (c: string) => face.font._cmapProcessor.lookup(c.codePointAt(0)!);
    const ltr: string[] = [];
    painter.runOps(ltr, '', 'sans', 10, ['(كتاب)'], 10, 10, 'ltr');
    const rtl: string[] = [];
    painter.runOps(rtl, '', 'sans', 10, ['(كتاب)'], 10, 30, 'rtl');
    const [a, b] = [shown(ltr), shown(rtl)];
    expect(b.length).toBe(a.length);
    // the two brackets, and only they, are drawn with other glyphs: copies
    const changed = [...new Set(b.filter((id) => !a.includes(id)))];
    expect(changed.length).toBe(2);
    expect(new Set(a.filter((id) => !b.includes(id))).size).toBe(2);
    for (const id of changed) {
      const text = String.fromCodePoint(...face.unicode[id]!);
      expect(['(', ')']).toContain(text);
      // a copy of the other bracket's glyph, whose text is the bracket as written
      expect(face.subset.glyphs[id]).toBe(cmap(text === '(' ? ')' : '('));
    }
    // a copy is made once per character and face
    const again: string[] = [];
    painter.runOps(again, '', 'sans', 10, ['«سلام» (x)'], 10, 50, 'rtl');
    painter.runOps(again, '', 'sans', 10, ['[a] (b) «c»'], 10, 70, 'ltr');
    const before = face.subset.glyphs.length;
    painter.runOps(again, '', 'sans', 10, ['[a] (b) «c»'], 10, 90, 'rtl');
    expect(face.subset.glyphs.length - before).toBe(2); // copies for the square brackets only
  });
});

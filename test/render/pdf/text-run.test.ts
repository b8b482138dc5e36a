import { describe, expect, it } from 'vitest';
import { nodeEffects } from '../../../src/effects.js';
import { registerFallback, registerFonts, FONT_KEYS } from '../../../src/render/pdf/fonts.js';
import type { FallbackKey } from '../../../src/render/pdf/styles.js';
import { PDFDocument, type PdfDoc } from '../../../src/render/pdf/pdfkit.js';
import { TextPainter } from '../../../src/render/pdf/text-run.js';

async function doc(): Promise<PdfDoc> {
  const files = await nodeEffects().fonts();
  const d = new PDFDocument({ autoFirstPage: false, compress: false, font: files.regular, size: [432, 648] });
  registerFonts(d, files);
  for (const key of FALLBACK_KEYS) registerFallback(d, files, key);
  d.addPage();
  return d;
}

const FALLBACK_KEYS: readonly FallbackKey[] = ['sans', 'sansBold', 'sansItalic', 'sansBoldItalic'];

/** The page's content stream so far, as text. */
function content(d: PdfDoc): string {
  const buf = (d.page as unknown as { content: { buffer: Uint8Array[] } }).content.buffer;
  return buf.map((b) => Buffer.from(b).toString('latin1')).join('');
}

// kerning pairs (AV, To, Wa), a ligature candidate (fi), combining marks (offsets), U+00A0,
// tabs and runs of spaces (where pdfkit splits its layout), non-Latin scripts
const SAMPLES = [
  'AVAST To Wa fi fl office', 'Pakistan and Azerbaijan, 1992–2021.', 'e\u0301te\u0301 n\u0303 a\u0308\u0304',
  // kerned and plain words in a run with offset glyphs (their positions are not kept: laid out again)
  'AVAST e\u0301te\u0301 To office 2021',
  'Copyright\u00a0© 2021', 'two  spaces\tand a tab ', 'Ελληνικά кириллица', ' leading space', '', 'x',
  // folios and other numbers (drawn from cached digits)
  '7', '10', '1830', '2021 1992', '0123456789',
];

describe('TextPainter', () => {
  it('draws exactly what pdfkit _fragment draws, for every face and sample', async () => {
    const a = await doc();
    const b = await doc();
    const painter = new TextPainter(b);
    let y = 20;
    for (const font of [...FONT_KEYS, ...FALLBACK_KEYS]) {
      // the fallback faces (DejaVu Sans) also with what they are there for
      for (const text of FONT_KEYS.includes(font as never) ? SAMPLES : [...SAMPLES, '★★★☆ ✓✔✗ ☐☑ ⚠ ✈ ☎ ℠']) {
        a.font(font).fontSize(10.5);
        a._fragment(text, 36.25, y, {});
        painter.draw(font, 10.5, text, 36.25, y);
        y += 13;
      }
    }
    const want = content(a);
    expect(want).toMatch(/TJ/);
    expect(want).toMatch(/TJ\n1 0 0 1 [\d.]+ [\d.]+ Tm\n\[/); // the combining marks took the offset branch
    expect(content(b)).toBe(want);
  });

  it('draws a word again from what it kept, and lets pdfkit\'s layout of a drawn word go', async () => {
    const a = await doc();
    const b = await doc();
    const painter = new TextPainter(b);
    let y = 20;
    for (const round of [1, 2]) {
      for (const text of SAMPLES) {
        a.font('italic').fontSize(9 + round);
        a._fragment(text, 40, y, {});
        painter.draw('italic', 9 + round, text, 40, y);
        y += 12;
      }
    }
    expect(content(b)).toBe(content(a));
    const layoutCache = (b._fontFamilies as unknown as Record<string, { layoutCache: Record<string, unknown> }>).italic!.layoutCache;
    const drawnWords = SAMPLES.flatMap((t) => t.split(/[ \t]+/)).filter((w) => w !== '' && !/^[0-9]{2,}$/.test(w));
    expect(drawnWords.length).toBeGreaterThan(10);
    for (const w of drawnWords) expect(layoutCache[w], w).toBeUndefined();
  });

  it('measures exactly what doc.widthOfString measures, cached or not', async () => {
    const d = await doc();
    const painter = new TextPainter(d);
    for (const font of FONT_KEYS) {
      for (const size of [7, 11, 13.2]) {
        for (const text of SAMPLES) {
          d.font(font).fontSize(size);
          const want = d.widthOfString(text);
          expect(painter.width(font, size, text)).toBe(want);
          expect(painter.width(font, size, text)).toBe(want); // from the cache
        }
      }
    }
  });

  it('draws an invisible format character as nothing, shaping the word in two parts, and measures it so', async () => {
    const d = await doc();
    const painter = new TextPainter(d);
    // glyphs drawn: four hex digits each in the TJ strings
    const glyphs = (out: string[]) => out.filter((o) => o.endsWith('TJ')).join('').match(/<[0-9a-f]+>/g)!.join('').replace(/[<>]/g, '').length / 4;
    for (const [text, parts] of [['Auf\u200clage', ['Auf', 'lage']], ['of\u200cfice', ['of', 'fice']], ['x\u200by\u200dz\u2060w\ufeff!', ['x', 'y', 'z', 'w', '!']], ['\u200eleft\u200f', ['left']]] as const) {
      const whole: string[] = [];
      painter.runOps(whole, '', 'regular', 11, [text], 10, 10);
      const split: string[] = [];
      painter.runOps(split, '', 'regular', 11, parts, 10, 10);
      expect(whole, text).toEqual(split);
      const partsWidth = parts.reduce((sum, p) => sum + painter.width('regular', 11, p), 0);
      expect(painter.width('regular', 11, text)).toBeCloseTo(partsWidth, 9);
    }
    // a non-joiner keeps the ligature from forming: "fi" is one glyph, "f\u200ci" two
    const ligated: string[] = [];
    painter.runOps(ligated, '', 'regular', 11, ['fi'], 10, 10);
    const blocked: string[] = [];
    painter.runOps(blocked, '', 'regular', 11, ['f\u200ci'], 10, 10);
    expect([glyphs(ligated), glyphs(blocked)]).toEqual([1, 2]);
  });

  it('draws a character whose glyph a substitution also makes ("\ufb01", the ligature of "fi") with a copy of that glyph, read as the character, in either order', async () => {
    const codes = (out: string[]) => out.filter((o) => o.endsWith('TJ')).join('').match(/<[0-9a-f]+>/g)!.join('').replace(/[<>]/g, '').match(/.{4}/g)!.map((h) => parseInt(h, 16));
    for (const order of [['fine', '\ufb01ne'], ['\ufb01ne', 'fine']]) {
      const d = await doc();
      const painter = new TextPainter(d);
      const face = (d._fontFamilies as unknown as Record<string, { subset: { glyphs: number[] }; unicode: number[][]; widths: number[] }>).regular!;
      const drawn = new Map<string, number[]>();
      for (const text of order) {
        const out: string[] = [];
        painter.runOps(out, '', 'regular', 11, [text], 10, 10);
        drawn.set(text, codes(out));
      }
      const lig = drawn.get('fine')![0]!;
      const own = drawn.get('\ufb01ne')![0]!;
      expect(drawn.get('fine')).toHaveLength(3);
      expect(drawn.get('\ufb01ne')!.slice(1)).toEqual(drawn.get('fine')!.slice(1));
      // two ids in the subset, one glyph of the font, each read as what it was drawn for
      expect(own, order.join()).not.toBe(lig);
      expect(face.subset.glyphs[own]).toBe(face.subset.glyphs[lig]);
      expect(face.widths[own]).toBe(face.widths[lig]);
      expect([face.unicode[lig], face.unicode[own]], order.join()).toEqual([[0x66, 0x69], [0xfb01]]);
      // measured as drawn: the character apart from the rest of its word
      expect(painter.width('regular', 11, '\ufb01ne')).toBeCloseTo(painter.width('regular', 11, '\ufb01') + painter.width('regular', 11, 'ne'), 9);
    }
  });

  it('measures a text of several words that holds such a character a word at a time, so the words beside it keep their own glyphs (fuzz seed 4493: "first" read "\ufb01rst")', async () => {
    const d = await doc();
    const painter = new TextPainter(d);
    const face = (d._fontFamilies as unknown as Record<string, { unicode: number[][] }>).italic!;
    // a heading measured whole, then its words drawn
    const whole = painter.width('italic', 11, '\ufb01ne first');
    const parts = ['\ufb01ne', ' ', 'first'].reduce((sum, p) => sum + painter.width('italic', 11, p), 0);
    expect(whole).toBeCloseTo(parts, 9);
    const out: string[] = [];
    painter.runOps(out, '', 'italic', 11, ['first'], 10, 10);
    const lig = parseInt(out.find((o) => o.endsWith('TJ'))!.match(/<([0-9a-f]{4})/)![1]!, 16);
    expect(face.unicode[lig]).toEqual([0x66, 0x69]);
  });

  it('shows a right-to-left word\'s glyphs in the order it is read, each where fontkit places it (seen from the left: "\u0628\u0627\u062a\u0643")', async () => {
    const d = await doc();
    const painter = new TextPainter(d);
    const face = (d._fontFamilies as unknown as Record<string, { unicode: number[][] }>).mono!;
    const word = '\u0643\u062a\u0627\u0628'; // كتاب
    const out: string[] = [];
    painter.runOps(out, '', 'mono', 10, ['x ', word, ' y'], 10, 10);
    const shown = out.filter((o) => / Tj$/.test(o)).map((o) => parseInt(o.slice(1, 5), 16));
    const xs = out.filter((o) => / Tm$/.test(o)).map((o) => Number(o.split(' ')[4]));
    const text = shown.map((id) => String.fromCodePoint(...face.unicode[id]!)).join('');
    expect(text).toBe(`x ${word} y`);
    // the run's own text matrix, x and its space, then the word from its right end leftwards, then
    // the space and y after the whole word
    const w = xs.slice(3, 7);
    expect(w).toEqual([...w].sort((a, b) => b - a));
    expect(xs[7]).toBeGreaterThan(w[0]!);
    // measured as before: the glyphs' advances
    expect(painter.width('mono', 10, word)).toBeCloseTo(4 * painter.width('mono', 10, 'x'), 6);
  });

  it('sets the words of a right-to-left phrase from the right, read in the order they are written; a number ends the phrase', async () => {
    const d = await doc();
    const painter = new TextPainter(d);
    const face = (d._fontFamilies as unknown as Record<string, { unicode: number[][] }>).mono!;
    const text = '\u0639\u0627\u0645 2021 \u0643\u062a\u0627\u0628 \u062c\u062f\u064a\u062f'; // عام 2021 كتاب جديد
    const out: string[] = [];
    painter.runOps(out, '', 'mono', 10, [text], 10, 10);
    const shown: { x: number; ch: string }[] = [];
    let x = 0;
    for (const o of out) {
      if (o.endsWith(' Tm')) x = Number(o.split(' ')[4]);
      if (o.endsWith(' Tj')) shown.push({ x, ch: String.fromCodePoint(...face.unicode[parseInt(o.slice(1, 5), 16)]!) });
    }
    expect(shown.map((s) => s.ch).join('')).toBe(text);
    // one glyph a character here: the glyphs of each word, by where the word is in the text
    expect(shown).toHaveLength(text.length);
    const xOf = (word: string) => shown.slice(text.indexOf(word), text.indexOf(word) + word.length).map((s) => s.x);
    const [year, book, fresh] = [xOf('2021'), xOf('\u0643\u062a\u0627\u0628'), xOf('\u062c\u062f\u064a\u062f')];
    // "كتاب جديد": its first word stands right of its second; the number before them stays left
    expect(Math.min(...book)).toBeGreaterThan(Math.max(...fresh));
    expect(Math.max(...year)).toBeLessThan(Math.min(...fresh));
  });

  it('registers the font on the page it draws on', async () => {
    const d = await doc();
    new TextPainter(d).draw('bold', 11, 'Bold', 10, 10);
    const fonts = (d.page as unknown as { fonts: Record<string, unknown> }).fonts;
    expect(Object.keys(fonts)).toHaveLength(1);
  });
});

/**
 * A typographic cover made from the title and creators, when the manuscript brings none. The
 * letters are turned into outlines with fontkit (DejaVu Serif, the PDF's font), so the cover looks
 * the same everywhere: the EPUB gets it as an SVG image, the PDF draws the same outlines as
 * vectors on its first page. Its alternative text says what it shows.
 */
import type { BookMeta, ImageAsset } from '../model/book.js';
import type { FontFiles } from '../effects.js';
import { openFont, type FontkitFont as FkFont } from '../font-tables.js';
import { creatorLine } from './front-matter.js';
import { RTL_CHARACTER, visualRuns } from '../unicode-bidi.js';

const W = 600;
const H = 900;
const BACKGROUND = '#1d3557';
const INK = '#ffffff';
const ACCENT = '#f1c453';

export const COVER_ID = 'cover-image';

interface Shape { readonly d: string; readonly fill: string }

/**
 * Each text laid out once per cover: fitting the title tries every size from 64 down, and wrapping
 * measures each line as it grows, so the same strings came back many times (fontkit lays a string
 * out anew on every call). A size only scales the advances, with the same arithmetic as before.
 */
class Runs {
  private readonly runs = new Map<FkFont, Map<string, { run: ReturnType<FkFont['layout']>; advance: number }>>();

  of(font: FkFont, text: string): { run: ReturnType<FkFont['layout']>; advance: number } {
    let byText = this.runs.get(font);
    if (!byText) { byText = new Map(); this.runs.set(font, byText); }
    let r = byText.get(text);
    if (!r) {
      const run = font.layout(text);
      r = { run, advance: run.positions.reduce((s, p) => s + p.xAdvance, 0) };
      byText.set(text, r);
    }
    return r;
  }
}

/** A face of the cover and, opened when a text first needs it, the face that draws what it lacks
 * (DejaVu Sans, as in the PDF: render/pdf/fonts.ts FALLBACK). */
interface Face { readonly font: FkFont; readonly fallback: () => FkFont; readonly pieces: Map<string, { font: FkFont; text: string }[]> }

/** `text` as runs of the face's font and of its fallback's (one run when the font draws it all);
 * kept, as fitting and wrapping measure the same texts again. */
function pieces(face: Face, text: string): { font: FkFont; text: string }[] {
  let out = face.pieces.get(text);
  if (out) return out;
  out = [];
  face.pieces.set(text, out);
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    const font = face.font.hasGlyphForCodePoint(cp) || !face.fallback().hasGlyphForCodePoint(cp) ? face.font : face.fallback();
    const last = out[out.length - 1];
    if (last && last.font === font) last.text += ch;
    else out.push({ font, text: ch });
  }
  return out;
}

function textWidth(runs: Runs, face: Face, text: string, size: number): number {
  let w = 0;
  for (const p of pieces(face, text)) w += runs.of(p.font, p.text).advance * size / p.font.unitsPerEm;
  return w;
}

/** Greedy word wrap to a width; a word longer than the width stands on its own line. */
function wrap(runs: Runs, face: Face, text: string, size: number, width: number): string[] {
  const lines: string[] = [];
  let cur = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = cur ? `${cur} ${word}` : word;
    if (cur && textWidth(runs, face, next, size) > width) { lines.push(cur); cur = word; } else cur = next;
  }
  if (cur) lines.push(cur);
  return lines;
}

/**
 * Outlines of one centred line of text with its baseline at y. A line with right-to-left text
 * (a Persian title, a name) is drawn in the order it is seen, as the PDF's lines are: its runs of
 * one embedding level placed by the bidirectional algorithm (unicode-bidi.ts), each laid out by
 * fontkit (which shows a right-to-left run's glyphs from the right), its base direction that of
 * its first letter.
 */
function line(runs: Runs, face: Face, text: string, size: number, y: number, fill: string): Shape {
  let x = (W - textWidth(runs, face, text, size)) / 2;
  let d = '';
  const spans = RTL_CHARACTER.test(text) ? visualRuns(text) : [{ start: 0, end: text.length, level: 0 }];
  for (const span of spans) {
    const parts = pieces(face, text.slice(span.start, span.end));
    // the pieces of one face within a run that reads from the right stand from the right
    for (const p of span.level % 2 === 1 ? [...parts].reverse() : parts) {
      const { run } = runs.of(p.font, p.text);
      const scale = size / p.font.unitsPerEm;
      run.glyphs.forEach((g, i) => {
        // font units (y up) -> cover units (y down), placed at the pen position
        d += g.path.transform(scale, 0, 0, -scale, x, y).toSVG();
        x += run.positions[i]!.xAdvance * scale;
      });
    }
  }
  return { d, fill };
}

function fitTitle(runs: Runs, face: Face, title: string): { size: number; lines: string[] } {
  for (let size = 64; size >= 22; size -= 2) {
    const lines = wrap(runs, face, title, size, W - 120);
    if (lines.length <= 6 && lines.every((l) => textWidth(runs, face, l, size) <= W - 80)) return { size, lines };
  }
  return { size: 22, lines: wrap(runs, face, title, 22, W - 120).slice(0, 10) };
}

export function coverAlt(meta: BookMeta): string {
  const by = creatorLine(meta);
  return `Cover: ${meta.title}${meta.subtitle ? ` ${meta.subtitle}` : ''}${by ? `, ${by}` : ''}${meta.publisher ? `. ${meta.publisher}` : ''}`;
}

export function generateCover(meta: BookMeta, fonts: FontFiles): ImageAsset {
  // fonts of its own, never the PDF's (font-tables.ts: its outlines would change the PDF's text)
  const face = (file: Uint8Array, fallbackFile: Uint8Array): Face => {
    let fallback: FkFont | undefined;
    return { font: openFont(file), fallback: () => (fallback ??= openFont(fallbackFile)), pieces: new Map() };
  };
  const bold = face(fonts.bold, fonts.sansBold);
  const regular = face(fonts.regular, fonts.sans);
  const shapes: Shape[] = [{ d: `M0 0H${W}V${H}H0Z`, fill: BACKGROUND }, { d: `M60 ${H * 0.2}H${W - 60}V${H * 0.2 + 4}H60Z`, fill: ACCENT }];
  const runs = new Runs();
  const title = fitTitle(runs, bold, meta.title);
  let y = H * 0.2 + 40 + title.size;
  for (const l of title.lines) { shapes.push(line(runs, bold, l, title.size, y, INK)); y += title.size * 1.2; }
  if (meta.subtitle) {
    for (const l of wrap(runs, regular, meta.subtitle, 28, W - 120)) { y += 8; shapes.push(line(runs, regular, l, 28, y, INK)); y += 34; }
  }
  y += 40;
  for (const l of wrap(runs, regular, creatorLine(meta), 30, W - 120)) { shapes.push(line(runs, regular, l, 30, y, ACCENT)); y += 38; }
  if (meta.publisher) shapes.push(line(runs, regular, meta.publisher, 22, H - 70, INK));
  const alt = coverAlt(meta);
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const svg = `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" version="1.1" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(alt)}">
<title>${esc(alt)}</title>
${shapes.map((s) => `<path fill="${s.fill}" d="${s.d}"/>`).join('\n')}
</svg>
`;
  return {
    id: COVER_ID,
    source: '<lectern:cover>',
    href: 'images/cover-image.svg',
    mediaType: 'image/svg+xml',
    width: W,
    height: H,
    bytes: new TextEncoder().encode(svg),
    vector: { width: W, height: H, shapes },
  };
}

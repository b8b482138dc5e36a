/**
 * Tables, built by hand (not doc.table: stack-notes): Table > Caption? > THead > TR > TH
 * (Scope Column) and TBody > TR > TH (Scope Row) / TD. A row is never split across pages. On a
 * new page the header rows are drawn again as a Pagination artifact: the structure keeps one
 * THead (PDF/UA allows one), a sighted reader still sees the column heads. Rules are artifacts.
 */
import type { Inline, TableBlock, TableCell, TableRow } from '../../model/book.js';
import { warning } from '../../model/diagnostic.js';
import { artifact, drawRule } from './artifacts.js';
import type { Env } from './blocks.js';
import { flattenInlines, type Item } from './inlines.js';
import type { Layout, Lazy } from './layout.js';
import type { Line } from './lines.js';
import type { SourceRef } from './page-map.js';
import { childOffsets } from '../../model/plain-text.js';
import { CAPTION, TABLE_CELL, TABLE_HEAD, type TextStyle } from './styles.js';
import { bidiFragments } from './bidi.js';

const PAD_X = 4;
const PAD_Y = 3;

interface CellLayout { cell: TableCell | undefined; lines: Line[]; style: TextStyle }
interface RowLayout { cells: CellLayout[]; height: number }

interface Prepared {
  widths: number[];
  head: RowLayout[];
  body: RowLayout[];
  capLines: Line[];
  capH: number;
}

function cellStyle(head: boolean, cell: TableCell | undefined): TextStyle {
  return head || cell?.header ? TABLE_HEAD : TABLE_CELL;
}

function prepare(L: Layout, block: TableBlock, env: Env): Prepared {
  const offs = childOffsets(block);
  const keys = { chapterId: env.chapter.id, keys: L.keys };
  const items = (inl: readonly Inline[], style: TextStyle): Item[] => flattenInlines(inl, style, keys, offs.get(inl) ?? 0);
  const rows: { row: TableRow; head: boolean }[] = [
    ...block.head.map((row) => ({ row, head: true })),
    ...block.body.map((row) => ({ row, head: false })),
  ];
  const ncols = Math.max(1, ...rows.map((r) => r.row.cells.length));
  const cellItems = rows.map((r) => Array.from({ length: ncols }, (_, c) => {
    const cell = r.row.cells[c];
    const style = cellStyle(r.head, cell);
    return { cell, style, items: cell ? items(cell.children, style) : [] };
  }));
  // column widths from each column's natural (one-line) and minimal (longest word) widths
  const maxW = new Array<number>(ncols).fill(2 * PAD_X + 12);
  const minW = new Array<number>(ncols).fill(2 * PAD_X + 12);
  for (const row of cellItems) {
    row.forEach((c, i) => {
      const one = L.breakLines(c.items, Number.POSITIVE_INFINITY);
      const natural = Math.max(0, ...one.map((l) => l.width));
      const word = Math.max(0, ...one.flatMap((l) => l.frags.filter((f) => /\S/.test(f.text)).map((f) => f.width)));
      maxW[i] = Math.max(maxW[i]!, natural + 2 * PAD_X);
      minW[i] = Math.max(minW[i]!, Math.min(word, 120) + 2 * PAD_X);
    });
  }
  const avail = env.width;
  const sum = (a: number[]): number => a.reduce((s, v) => s + v, 0);
  let widths: number[];
  if (sum(maxW) <= avail) widths = maxW.map((w) => (w * avail) / sum(maxW));
  else if (sum(minW) <= avail) {
    const slack = sum(maxW) - sum(minW);
    widths = minW.map((m, i) => m + (slack > 0 ? ((maxW[i]! - m) * (avail - sum(minW))) / slack : 0));
  } else widths = minW.map((m) => (m * avail) / sum(minW));

  const layoutRow = (row: typeof cellItems[number]): RowLayout => {
    const cells = row.map((c, i) => ({ cell: c.cell, style: c.style, lines: L.breakLines(c.items, widths[i]! - 2 * PAD_X) }));
    const height = Math.max(...cells.map((c) => c.lines.reduce((s, l) => s + L.lineHeight(l, c.style), 0) || c.style.size * c.style.leading)) + 2 * PAD_Y;
    return { cells, height };
  };
  const laid = cellItems.map(layoutRow);
  const capLines = block.caption ? L.breakLines(items(block.caption, CAPTION), env.width) : [];
  const capH = capLines.reduce((s, l) => s + L.lineHeight(l, CAPTION), 0);
  return { widths, head: laid.slice(0, block.head.length), body: laid.slice(block.head.length), capLines, capH };
}

export function tableMinHeight(L: Layout, block: TableBlock, env: Env): number {
  const p = prepare(L, block, env);
  return p.capH + p.head.reduce((s, r) => s + r.height, 0) + (p.body[0]?.height ?? 0) + 8;
}

/** A cell's alignment: as the Markdown gives it, else the start of its line (the right, in a
 * table that reads from the right). */
function alignOf(cell: TableCell | undefined, rtl: boolean): 'left' | 'center' | 'right' {
  return cell?.align ?? (rtl ? 'right' : 'left');
}

/** The left edge of each column: from the left, or, in a table that reads from the right (its
 * document's direction: bidi.ts), from the right, the first column rightmost. */
function columnLefts(widths: readonly number[], env: Env): number[] {
  const rtl = env.base === 'rtl';
  let x = rtl ? env.x + env.width : env.x;
  return widths.map((w) => { if (rtl) x -= w; const left = x; if (!rtl) x += w; return left; });
}

function drawRow(L: Layout, row: RowLayout, widths: number[], env: Env, parent: Lazy, head: boolean, src: SourceRef, at: TableBlock['at']): void {
  const tr = L.lazy('TR', parent);
  const lefts = columnLefts(widths, env);
  const rtl = env.base === 'rtl';
  const top = L.y;
  row.cells.forEach((c, i) => {
    const w = widths[i]!;
    const x = lefts[i]!;
    const scope = head ? 'Column' : c.cell?.header ? 'Row' : undefined;
    const el = L.lazy(head || c.cell?.header ? 'TH' : 'TD', tr, scope ? { scope } : {});
    L.ensure(el); // every cell exists, even an empty one, so rows stay regular
    let y = top + PAD_Y;
    for (const line of c.lines) {
      const lh = L.lineHeight(line, c.style);
      L.drawLineAt(line, x + PAD_X, y, lh, { owner: el, x: x + PAD_X, width: w - 2 * PAD_X, style: c.style, src, align: alignOf(c.cell, rtl), at, ...(rtl ? { base: 'rtl' as const } : {}) });
      y += lh;
    }
    L.end(el);
  });
  L.end(tr);
  L.y = top + row.height;
}

/** The header rows again, on a continuation page, as an artifact. */
function drawHeadArtifact(L: Layout, p: Prepared, env: Env): void {
  const lefts = columnLefts(p.widths, env);
  const rtl = env.base === 'rtl';
  artifact(L.doc, 'Pagination', () => {
    for (const row of p.head) {
      row.cells.forEach((c, i) => {
        const x = lefts[i]!;
        let y = L.y + PAD_Y;
        for (const line of c.lines) {
          const lh = L.lineHeight(line, c.style);
          const baseline = L.baselineOf(line, c.style, y, lh);
          // placed as drawRow's drawLineAt places them: aligned, and in a table that reads from
          // the right, by the bidirectional algorithm
          const free = Math.max(p.widths[i]! - 2 * PAD_X - line.width, 0);
          const align = alignOf(c.cell, rtl);
          const dx = align === 'center' ? free / 2 : align === 'right' ? free : 0;
          for (const f of rtl ? bidiFragments(line.frags, L.measure, 'rtl') : line.frags) {
            // an inline image is drawn again too (its Figure is in the first head only)
            if (f.image?.box.draw) f.image.box.draw(x + PAD_X + dx + f.x, baseline - f.image.box.height);
            if (f.text === '') continue;
            L.painter.draw(f.piece.font, f.piece.size, f.text, x + PAD_X + dx + f.x, baseline - L.painter.ascender(f.piece.font, f.piece.size));
          }
          y += lh;
        }
      });
      L.y += row.height;
    }
  });
  drawRule(L.doc, env.x, env.x + env.width, L.y, 0.6);
}

export function renderTable(L: Layout, block: TableBlock, env: Env, src: SourceRef, dests: readonly string[]): void {
  const p = prepare(L, block, env);
  const headH = p.head.reduce((s, r) => s + r.height, 0);
  L.space(6);
  L.ensureSpace(p.capH + headH + (p.body[0]?.height ?? 0) + 4);
  for (const d of dests) L.dest(d);
  const table = L.lazy('Table', env.parent);
  if (p.capLines.length > 0) {
    const cap = L.lazy('Caption', table);
    L.drawText(p.capLines, { owner: cap, x: env.x, width: env.width, style: CAPTION, src, align: env.base === 'rtl' ? 'right' : 'left', at: block.at, ...(env.base ? { base: env.base } : {}) });
    L.end(cap);
    L.y += 2;
  }
  drawRule(L.doc, env.x, env.x + env.width, L.y, 0.8);
  if (p.head.length > 0) {
    const thead = L.lazy('THead', table);
    for (const row of p.head) drawRow(L, row, p.widths, env, thead, true, src, block.at);
    L.end(thead);
    drawRule(L.doc, env.x, env.x + env.width, L.y, 0.6);
  }
  if (p.body.length > 0) {
    const tbody = L.lazy('TBody', table);
    for (const row of p.body) {
      if (L.y + row.height > L.bottom + 0.01) {
        L.newPage();
        if (p.head.length > 0) drawHeadArtifact(L, p, env);
        if (row.height > L.bottom - L.y) {
          L.warnOnce(`row:${block.at.line}`, warning('X-PDF', 'a table row is taller than a page; its end is cut off in the PDF edition', block.at));
        }
      }
      drawRow(L, row, p.widths, env, tbody, false, src, block.at);
    }
    L.end(tbody);
  }
  if (!table.el) L.ensure(table);
  drawRule(L.doc, env.x, env.x + env.width, L.y, 0.8);
  L.end(table);
  L.y += 8;
}

/**
 * Block nodes -> structure elements and lines. One function per block kind; every node kind of
 * the model is handled here (tables in tables.ts, images in figures.ts).
 */
import type { Block, Book, Chapter, DefinitionListBlock, ListBlock, RightsBlock } from '../../model/book.js';
import { artifact, drawRule } from './artifacts.js';
import { styleOfParagraphLike } from './fonts.js';
import { renderFigure } from './figures.js';
import { flattenInlines, flattenVerbatim, type Item } from './inlines.js';
import type { Layout, Lazy } from './layout.js';
import { type SourceRef } from './page-map.js';
import { chapterOffsets, childOffsets } from '../../model/plain-text.js';
import { inToc, tocLabel } from '../../enrich/navigation.js';
import { BODY, CODE, NOTE, TERM, headingStyle, fontKey, type TextStyle } from './styles.js';
import { renderTable, tableMinHeight } from './tables.js';
import { inlinePlainText } from '../../model/plain-text.js';

export interface Env {
  readonly book: Book;
  readonly chapter: Chapter;
  /** Inside a note: smaller type. */
  readonly note: boolean;
  readonly parent: Lazy;
  readonly x: number;
  readonly width: number;
  /** Source of the enclosing block (or the chapter) for blocks without an id. */
  readonly src: SourceRef;
  readonly align: 'left' | 'center';
  /** The base direction of the block being drawn (a paragraph or heading with `dir`: bidi.ts). */
  readonly base?: 'ltr' | 'rtl';
}

/** A block's own language (its element's /Lang) and direction: a right-to-left block is set from
 * the right margin (but on a centred page), with right to left as its base direction. */
function ownLanguage(block: { readonly lang?: string; readonly dir?: 'ltr' | 'rtl' }, env: Env): { options: { lang?: string }; env: Env } {
  if (!block.lang && !block.dir) return { options: {}, env };
  return { options: block.lang ? { lang: block.lang } : {}, env: block.dir ? { ...env, base: block.dir } : env };
}

function alignOf(env: Env): 'left' | 'center' | 'right' {
  return env.align === 'left' && env.base === 'rtl' ? 'right' : env.align;
}

export function srcFor(block: Block, env: Env, offsetInParent: number): SourceRef {
  if (block.id !== undefined) return { chapterId: env.chapter.id, blockId: block.id, base: 0 };
  return { ...env.src, base: env.src.base + offsetInParent };
}

function fc(L: Layout, env: Env): { chapterId: string; keys: { next: number } } {
  return { chapterId: env.chapter.id, keys: L.keys };
}

function bodyStyle(env: Env): TextStyle {
  return env.note ? NOTE : BODY;
}

/** A rough height of the first unit of a block (keep-with-next for headings). */
function minHeight(L: Layout, block: Block | undefined, env: Env): number {
  if (!block) return 0;
  const body = bodyStyle(env);
  switch (block.kind) {
    case 'heading': {
      const s = headingStyle(block.level, env.chapter.role);
      return s.size * s.leading * 2 + body.size * body.leading * 2;
    }
    case 'list': {
      const first = block.items[0]?.children[0];
      return first ? minHeight(L, first, env) : body.size * body.leading;
    }
    case 'blockquote': return minHeight(L, block.children[0], env);
    case 'table': return tableMinHeight(L, block, env);
    case 'figure': return 120;
    case 'codeBlock': return CODE.size * CODE.leading * 2;
    case 'thematicBreak': return 12;
    default: return body.size * body.leading * 2;
  }
}

export function renderBlocks(L: Layout, blocks: readonly Block[], env: Env, offsets: ReadonlyMap<object, number>): void {
  blocks.forEach((b, i) => renderBlock(L, b, env, offsets.get(b) ?? 0, blocks[i + 1]));
}

function renderBlock(L: Layout, block: Block, env: Env, offsetInParent: number, next: Block | undefined): void {
  const src = srcFor(block, env, offsetInParent);
  const dests = block.id !== undefined ? [block.id] : [];
  switch (block.kind) {
    case 'heading': {
      const style = headingStyle(block.level, env.chapter.role);
      const items = flattenInlines(block.children, style, fc(L, env));
      const lines = L.breakLines(items, env.width);
      const h = lines.reduce((s, l) => s + L.lineHeight(l, style), 0);
      L.space(block.level === 1 ? style.size * 0.5 : style.size * 1.1);
      L.ensureSpace(h + style.size * 0.45 + minHeight(L, next, env));
      const level = Math.min(Math.max(block.level, 1), 6);
      const own = ownLanguage(block, env);
      const el = L.lazy(`H${level}`, env.parent, own.options);
      // one bookmark per entry of the book's table of contents (the EPUB's toc nav lists the same)
      if (inToc(env.chapter, block)) L.outline.add(level, tocLabel(env.chapter, block.children), L.y);
      L.drawText(lines, { owner: el, x: env.x, width: env.width, style, src, dests, align: alignOf(own.env), at: block.at, ...(own.env.base ? { base: own.env.base } : {}) });
      L.end(el);
      L.y += style.size * 0.45;
      return;
    }
    case 'paragraph': {
      const style = styleOfParagraphLike(block, env);
      const items = flattenInlines(block.children, style, fc(L, env));
      const own = ownLanguage(block, env);
      paragraph(L, items, style, L.lazy('P', env.parent, own.options), own.env, src, dests, block.at);
      return;
    }
    case 'codeBlock': {
      const items = flattenVerbatim(block.value, CODE);
      L.space(2);
      paragraph(L, items, CODE, L.lazy('P', env.parent), { ...env, x: env.x + 10, width: env.width - 10 }, src, dests, block.at);
      L.space(2);
      return;
    }
    case 'thematicBreak': {
      L.space(6);
      L.ensureSpace(14);
      const mid = env.x + env.width / 2;
      drawRule(L.doc, mid - env.width / 6, mid + env.width / 6, L.y + 6);
      for (const d of dests) L.dest(d);
      L.y += 18;
      return;
    }
    case 'rights': return renderRights(L, block, env, src, dests);
    case 'list': return renderList(L, block, env, src, dests);
    case 'blockquote': {
      const own = ownLanguage(block, env);
      const el = L.lazy('BlockQuote', env.parent, own.options);
      for (const d of dests) L.dest(d);
      const offs = childOffsets(block);
      const startPage = L.pageIndex;
      const startY = L.y;
      // indented from the side it starts on: the left, or the right for a right-to-left quotation
      const rtl = own.env.base === 'rtl';
      renderBlocks(L, block.children, { ...own.env, parent: el, x: env.x + (rtl ? 12 : 18), width: env.width - 30, src }, offs);
      L.end(el);
      // a bar beside the quotation (on its last page), as an artifact
      const top = L.pageIndex === startPage ? startY : L.top;
      if (L.y - top > 4) drawBar(L, rtl ? env.x + env.width - 6 : env.x + 6, top + 2, L.y - 6);
      return;
    }
    case 'definitionList': return renderDefinitions(L, block, env, src, dests);
    case 'table': return renderTable(L, block, env, src, dests);
    case 'figure': return renderFigure(L, block.image, block.caption, env, src, dests);
  }
}

function drawBar(L: Layout, x: number, y0: number, y1: number): void {
  artifact(L.doc, 'Layout', () => {
    L.doc.save();
    L.doc.strokeColor('#999999');
    L.doc.lineWidth(1.5);
    L.doc.moveTo(x, y0).lineTo(x, y1).stroke();
    L.doc.restore();
  });
}

/** One P (or H, Caption, Lbl…) of inline text, spanning pages if it must. */
export function paragraph(L: Layout, items: readonly Item[], style: TextStyle, el: Lazy, env: Env, src: SourceRef, dests: readonly string[], at: Block['at']): void {
  const lines = L.breakLines(items, env.width);
  L.drawText(lines, { owner: el, x: env.x, width: env.width, style, src, dests, align: alignOf(env), at, ...(env.base ? { base: env.base } : {}) });
  L.end(el);
  L.y += style.size * 0.45;
}

function renderRights(L: Layout, block: RightsBlock, env: Env, src: SourceRef, dests: readonly string[]): void {
  const style = bodyStyle(env);
  const div = L.lazy('Div', env.parent, block.lang ? { lang: block.lang } : {});
  let offset = 0;
  let first = true;
  for (const line of block.lines) {
    if (line === '') {
      L.space(style.size * style.leading);
    } else {
      const items = flattenVerbatim(line, style, offset);
      const hang = style.size * 1.5;
      const lines = L.breakLines(items, env.width, hang);
      // left-aligned, one P per manuscript line, wrapped only at ordinary spaces; a wrapped
      // continuation is indented so the manuscript's own line breaks stay visible
      L.drawText(lines, { owner: L.lazy('P', div), x: env.x, width: env.width, style, src, dests: first ? dests : [], align: 'left', hang, at: block.at });
      first = false;
      L.closeInline();
    }
    offset += line.length + 1;
  }
  L.end(div);
  L.y += style.size * 0.45;
}

function labelWidth(L: Layout, text: string, style: TextStyle): number {
  return L.painter.width(fontKey(style), style.size, text);
}

/** Draws a list label (a Lbl with text) on the line where its item's content starts. */
function drawLabel(L: Layout, li: import('./pdfkit.js').StructElement, label: string, style: TextStyle, rightEdge: number, base?: 'rtl'): void {
  const lbl = L.doc.struct('Lbl');
  li.add(lbl);
  const w = labelWidth(L, label, style);
  const baseline = L.lineBaseline;
  lbl.add(() => {
    const asc = L.painter.ascender(fontKey(style), style.size);
    // in a list that reads from the right, "1." is seen as ".1", as a reading system shows it
    L.painter.draw(fontKey(style), style.size, `${label} `, rightEdge - w, baseline - asc, base);
  });
  lbl.end();
}

function renderList(L: Layout, block: ListBlock, env: Env, src: SourceRef, dests: readonly string[]): void {
  const style = bodyStyle(env);
  const labels = block.items.map((_, i) => (block.ordered ? `${(block.start ?? 1) + i}.` : '\u2022'));
  const widest = Math.max(0, ...labels.map((l) => labelWidth(L, l, style)));
  const indent = Math.max(16, widest + 7);
  const own = ownLanguage(block, env);
  const list = L.lazy('L', env.parent, own.options);
  const offs = childOffsets(block);
  // a right-to-left list has its labels at the right, its items' text indented from the right
  const rtl = own.env.base === 'rtl';
  if (dests.length) { L.ensureSpace(style.size * style.leading); for (const d of dests) L.dest(d); }
  block.items.forEach((item, i) => {
    const label = labels[i]!;
    const labelEnd = rtl ? env.x + env.width - indent + 6 + labelWidth(L, label, style) : env.x + indent - 6;
    const li = L.lazy('LI', list, {}, { onCreate: (el) => drawLabel(L, el, label, style, labelEnd, rtl ? 'rtl' : undefined) });
    const body = L.lazy('LBody', li);
    renderBlocks(L, item.children, { ...own.env, parent: body, x: rtl ? env.x : env.x + indent, width: env.width - indent, src }, offs);
    if (!body.el) {
      // an empty item: still an LI with its label and an (empty) LBody
      const lh = style.size * style.leading;
      L.ensureSpace(lh);
      L.lineTop = L.y;
      L.lineBaseline = L.y + lh / 2 + style.size * 0.34;
      L.ensure(body);
      L.y += lh;
    }
    L.end(li);
  });
  if (block.items.length === 0) L.ensure(list);
  L.end(list);
  L.y += style.size * 0.2;
}

function renderDefinitions(L: Layout, block: DefinitionListBlock, env: Env, src: SourceRef, dests: readonly string[]): void {
  // PDF 1.7 has no definition list: L > LI > Lbl (the term) + LBody (its definitions).
  const list = L.lazy('L', env.parent);
  const offs = childOffsets(block);
  block.items.forEach((item, i) => {
    const li = L.lazy('LI', list);
    const termStyle = env.note ? { ...NOTE, bold: true } : TERM;
    const items = flattenInlines(item.term, termStyle, fc(L, env), offs.get(item.term) ?? 0);
    const lbl = L.lazy('Lbl', li);
    const lines = L.breakLines(items, env.width);
    // keep the term with the first line of its definition
    const h = lines.reduce((s, l) => s + L.lineHeight(l, termStyle), 0);
    L.ensureSpace(h + termStyle.size * termStyle.leading * 2);
    L.drawText(lines, { owner: lbl, x: env.x, width: env.width, style: termStyle, src, dests: i === 0 ? dests : [], align: 'left', at: block.at });
    L.end(lbl);
    const body = L.lazy('LBody', li);
    for (const def of item.definitions) {
      renderBlocks(L, def, { ...env, parent: body, x: env.x + 18, width: env.width - 18, src }, offs);
    }
    if (!body.el) L.ensure(body);
    L.end(li);
  });
  if (block.items.length === 0) L.ensure(list);
  L.end(list);
}

/** The chapter's notes, after its text: Note elements with a unique /ID each. */
export function renderNotes(L: Layout, env: Env): void {
  const notes = env.chapter.notes;
  if (notes.length === 0) return;
  const style = NOTE;
  // in a document that reads from the right, the rule, the numbers and the notes' text are
  // at the right
  const rtl = env.base === 'rtl';
  L.space(14);
  L.ensureSpace(style.size * style.leading * 3);
  drawRule(L.doc, rtl ? env.x + env.width * 2 / 3 : env.x, rtl ? env.x + env.width : env.x + env.width / 3, L.y);
  L.y += 8;
  const offsets = chapterOffsets(env.chapter);
  const widest = Math.max(...notes.map((n) => labelWidth(L, `${n.label}.`, style)));
  const indent = widest + 8;
  for (const note of notes) {
    const label = `${note.label}.`;
    const labelX = rtl ? env.x + env.width - labelWidth(L, label, style) : env.x;
    const el = L.lazy('Note', env.parent, {}, {
      id: note.id,
      onCreate: (noteEl) => {
        const baseline = L.lineBaseline;
        noteEl.add(() => {
          const asc = L.painter.ascender(fontKey(style), style.size);
          L.painter.draw(fontKey(style), style.size, `${label} `, labelX, baseline - asc);
        });
      },
    });
    L.ensureSpace(style.size * style.leading * 2);
    L.dest(note.id);
    const page = L.doc.page;
    const top = L.y;
    renderBlocks(L, note.children, { ...env, note: true, parent: el, x: rtl ? env.x : env.x + indent, width: env.width - indent, src: { chapterId: env.chapter.id, base: 0 } }, offsets);
    if (!el.el) {
      // Nothing in the note is read: it has no text ("[^1]:" and nothing after it, L-FOOTNOTE),
      // or only a rule, an empty code block or block quote. Its number is shown where the
      // reference leads, but read as nothing, as the EPUB's note is (its back-link is
      // navigation): a Note element with only its number would read "1." in the PDF alone.
      L.closeInline();
      const y = L.doc.page === page ? top : L.top;
      artifact(L.doc, 'Layout', () => { L.painter.draw(fontKey(style), style.size, label, labelX, y); });
      L.y = Math.max(L.y, y + style.size * style.leading);
    }
    L.end(el);
  }
}

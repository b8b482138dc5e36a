/**
 * The structure tree as a screen reader walks it: elements in tree order, each with its text
 * (the text of its MCIDs, decoded exactly; /ActualText replaces content; Figure, Formula and Form
 * read their /Alt). Block-level elements (P, H, H1–H6, Caption, Lbl, TH, TD, Figure, Formula,
 * Form, TOCI) are reported with all the text beneath them; content directly inside another
 * element (e.g. a Note's label) is reported under that element's role.
 */
import { pageText } from './content.js';
import { PdfDict, PdfRef, PdfString, name, RawPdf, rawPdf, type PdfValue } from './raw.js';

export interface StructNode {
  readonly role: string;
  readonly dict: PdfDict;
  readonly children: (StructNode | { readonly page: number; readonly mcid: number } | { readonly objr: PdfValue })[];
}

/** MCIDs by page index (a set of numbers per page: no string made per MCID). */
export class McidSet {
  private readonly byPage = new Map<number, Set<number>>();

  add(page: number, mcid: number): void {
    let s = this.byPage.get(page);
    if (!s) { s = new Set(); this.byPage.set(page, s); }
    s.add(mcid);
  }

  has(page: number, mcid: number): boolean {
    return this.byPage.get(page)?.has(mcid) ?? false;
  }
}

export interface StructureInfo {
  readonly root: StructNode | undefined;
  /** Every MCID the tree references, by page index. */
  readonly referenced: McidSet;
  readonly roleMap: Map<string, string>;
}

const STANDARD = new Set(('Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private P H H1 H2 H3 H4 H5 H6 ' +
  'L LI Lbl LBody Table TR TH TD THead TBody TFoot Span Quote Note Reference BibEntry Code Link Annot Ruby RB RT RP ' +
  'Warichu WT WP Figure Formula Form').split(' '));

export const BLOCK_ROLES = new Set(['P', 'H', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'Caption', 'Lbl', 'TH', 'TD', 'Figure', 'Formula', 'Form', 'TOCI']);

const structures = new WeakMap<RawPdf, StructureInfo>();
const texts = new WeakMap<RawPdf, { role: string; text: string }[]>();

/** The structure tree, read once per parsed PDF (the checks and the parity reading share it). */
export function readStructure(pdf: RawPdf): StructureInfo {
  let s = structures.get(pdf);
  if (!s) { s = walkStructure(pdf); structures.set(pdf, s); }
  return s;
}

function walkStructure(pdf: RawPdf): StructureInfo {
  const catalog = pdf.catalog();
  const str = pdf.dict(catalog.get('StructTreeRoot'));
  const referenced = new McidSet();
  const roleMap = new Map<string, string>();
  if (!str) return { root: undefined, referenced, roleMap };
  const rm = pdf.dict(str.get('RoleMap'));
  if (rm) for (const [k, v] of rm) { const n = name(pdf.resolve(v)); if (n) roleMap.set(k, n); }
  const pageIndex = new Map<number, number>();
  pdf.pages().forEach((p, i) => pageIndex.set(p.num, i));
  const seen = new Set<number>();
  const mapRole = (r: string): string => {
    let cur = r;
    for (let i = 0; i < 16 && !STANDARD.has(cur) && roleMap.has(cur); i++) cur = roleMap.get(cur)!;
    return cur;
  };
  const pageOf = (v: PdfValue | undefined): number => (v instanceof PdfRef ? pageIndex.get(v.num) ?? -1 : -1);

  const walk = (ref: PdfValue, role: string, inheritedPage: number, depth: number): StructNode | undefined => {
    if (depth > 256) return undefined;
    if (ref instanceof PdfRef) { if (seen.has(ref.num)) return undefined; seen.add(ref.num); }
    const d = pdf.dict(ref);
    if (!d) return undefined;
    const pg = d.has('Pg') ? pageOf(d.get('Pg')) : inheritedPage;
    const node: StructNode = { role, dict: d, children: [] };
    const kids = pdf.resolve(d.get('K'));
    const list = Array.isArray(kids) ? kids : kids === null ? [] : [d.get('K')!];
    for (const k of list) {
      const kv = typeof k === 'number' ? k : pdf.resolve(k);
      if (typeof kv === 'number') {
        node.children.push({ page: pg, mcid: kv });
        referenced.add(pg, kv);
      } else if (kv instanceof PdfDict) {
        const type = name(kv.get('Type'));
        if (type === 'MCR') {
          const mcid = pdf.resolve(kv.get('MCID'));
          const p = kv.has('Pg') ? pageOf(kv.get('Pg')) : pg;
          if (typeof mcid === 'number') { node.children.push({ page: p, mcid }); referenced.add(p, mcid); }
        } else if (type === 'OBJR') node.children.push({ objr: kv.get('Obj') ?? null });
        else {
          const s = name(kv.get('S'));
          const child = walk(k, mapRole(s ?? 'NonStruct'), pg, depth + 1);
          if (child) node.children.push(child);
        }
      }
    }
    return node;
  };
  const root: StructNode = { role: 'StructTreeRoot', dict: str, children: [] };
  const k = pdf.resolve(str.get('K'));
  const top = Array.isArray(k) ? k : k === null ? [] : [str.get('K')!];
  for (const e of top) {
    const d = pdf.dict(e);
    const child = d ? walk(e, mapRole(name(d.get('S')) ?? 'NonStruct'), -1, 0) : undefined;
    if (child) root.children.push(child);
  }
  return { root, referenced, roleMap };
}

const pageMcids = new WeakMap<RawPdf, { readonly pages: readonly { dict: PdfDict }[]; readonly texts: Map<number, Map<number, string>> }>();

/** The text of one MCID on one page (by index), decoded exactly; each page's are read when first asked. */
function mcidText(pdf: RawPdf, page: number, mcid: number): string | undefined {
  let read = pageMcids.get(pdf);
  if (!read) { read = { pages: pdf.pages(), texts: new Map() }; pageMcids.set(pdf, read); }
  let texts = read.texts.get(page);
  if (!texts) {
    texts = new Map();
    const p = read.pages[page];
    for (const run of p ? pageText(pdf, p.dict).runs : []) {
      if (run.mcid === undefined || run.artifact) continue;
      texts.set(run.mcid, (texts.get(run.mcid) ?? '') + run.text);
    }
    read.texts.set(page, texts);
  }
  return texts.get(mcid);
}

function str(v: PdfValue | undefined): string | undefined {
  return v instanceof PdfString ? v.text() : undefined;
}

/** What normalizeSpaces must collapse: ASCII white space other than single spaces. */
const COLLAPSIBLE = /[\t\n\r\f\v]| {2}/;

/**
 * Collapses ASCII whitespace runs to one space (U+00A0 is kept) and trims. Most blocks only end
 * in a space (every line keeps its trailing space): those are sliced, not scanned by a regular
 * expression that tries every position for a space at the string's end.
 */
export function normalizeSpaces(s: string): string {
  return withoutEndSpaces(COLLAPSIBLE.test(s) ? s.replace(/[ \t\n\r\f\v]+/g, ' ') : s);
}

/** A text whose space runs are single spaces, without the one space it may have at either end. */
export function withoutEndSpaces(t: string): string {
  const from = t.charCodeAt(0) === 0x20 ? 1 : 0;
  const to = t.length > from && t.charCodeAt(t.length - 1) === 0x20 ? t.length - 1 : t.length;
  return from === 0 && to === t.length ? t : t.slice(from, to);
}

/** An element placed inline in its line (/A /Placement /Inline: an image inside text), read as part of the text around it. */
function inline(pdf: RawPdf, node: StructNode): boolean {
  return name(pdf.dict(node.dict.get('A'))?.get('Placement')) === 'Inline';
}

/** Whether a UTF-16 code unit is white space as a regular expression's \s has it. */
export function isSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a)
    || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

function textOf(pdf: RawPdf, node: StructNode): string {
  const actual = str(pdf.resolve(node.dict.get('ActualText')));
  if (actual !== undefined) return actual;
  if (node.role === 'Figure' || node.role === 'Formula' || node.role === 'Form') {
    const alt = str(pdf.resolve(node.dict.get('Alt')));
    if (alt !== undefined) return alt;
  }
  let out = '';
  // whether `out` ends in white space, kept as it grows (a test of `out` itself would flatten it
  // each time: a block's text is built from many pieces)
  let endsInSpace = false;
  for (const c of node.children) {
    let t = '';
    if ('mcid' in c) t = mcidText(pdf, c.page, c.mcid) ?? '';
    else if ('role' in c) t = textOf(pdf, c);
    if (t === '') continue;
    if (out && !endsInSpace && !isSpace(t.charCodeAt(0)) && 'role' in c && BLOCK_ROLES.has(c.role) && !inline(pdf, c)) out += ' ';
    out += t;
    endsInSpace = isSpace(t.charCodeAt(t.length - 1));
  }
  return out;
}

/** What a screen reader reads, block by block (computed once per parsed PDF; do not mutate). */
export function structureText(pdf: RawPdf): readonly { role: string; text: string }[] {
  let t = texts.get(pdf);
  if (!t) { t = [...structureBlocks(pdf)]; texts.set(pdf, t); }
  return t;
}

/**
 * The blocks of structureText one at a time, each read when it is asked for: a search that stops
 * early (the rights block is usually near the front) reads only the pages before it.
 */
export function* structureBlocks(pdf: RawPdf): Generator<{ role: string; text: string }, void, undefined> {
  const done = texts.get(pdf);
  if (done) { yield* done; return; }
  const { root } = readStructure(pdf);
  if (!root) throw new Error('the PDF has no structure tree');
  function* visit(node: StructNode): Generator<{ role: string; text: string }, void, undefined> {
    if (BLOCK_ROLES.has(node.role)) {
      yield { role: node.role, text: normalizeSpaces(textOf(pdf, node)) };
      return;
    }
    let direct = '';
    const flushed = (): { role: string; text: string } | undefined => {
      const t = normalizeSpaces(direct);
      direct = '';
      return t ? { role: node.role, text: t } : undefined;
    };
    for (const c of node.children) {
      if ('mcid' in c) direct += mcidText(pdf, c.page, c.mcid) ?? '';
      else if ('role' in c) {
        if (BLOCK_ROLES.has(c.role) || c.children.some((g) => 'role' in g)) {
          const f = flushed();
          if (f) yield f;
          yield* visit(c);
        } else direct += textOf(pdf, c); // inline (Span, Link…) directly in a grouping element
      }
    }
    const f = flushed();
    if (f) yield f;
  }
  yield* visit(root);
}

/** What a screen reader reads, block by block, in structure-tree order. */
export async function readPdfStructureText(bytes: Uint8Array): Promise<{ role: string; text: string }[]> {
  return [...structureText(rawPdf(bytes))];
}

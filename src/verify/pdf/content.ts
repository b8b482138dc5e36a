/**
 * Page content streams -> text runs, each with the marked content it sits in (MCID, Artifact),
 * decoded through the fonts' ToUnicode maps exactly (U+00A0 stays U+00A0). Form XObjects are
 * followed. Also counts text shown outside any MCID or Artifact.
 */
import { Lexer, PdfDict, PdfKeyword, PdfRef, PdfStream, PdfString, name, type PdfValue, type RawPdf } from './raw.js';

export interface TextRun {
  /** Decoded when first read: most runs are only asked whether they are tagged. */
  readonly text: string;
  /** MCID of the innermost marked-content sequence with one, if any. */
  readonly mcid: number | undefined;
  readonly artifact: boolean;
  /** Font resource name, for ToUnicode checks. */
  readonly font: string;
}

export interface PageText {
  readonly runs: TextRun[];
  /** Fonts (by resource name) that have no ToUnicode map. */
  readonly noToUnicode: Set<string>;
}

export interface FontInfo {
  /** Bytes per character code. */
  readonly width: 1 | 2;
  readonly map: Map<number, string> | undefined;
}

function hexNum(s: PdfValue): number | undefined {
  return s instanceof PdfString ? s.bytes.reduce((a, b) => a * 256 + b, 0) : undefined;
}

function utf16(s: PdfString): string {
  let out = '';
  for (let i = 0; i + 1 < s.bytes.length; i += 2) out += String.fromCharCode((s.bytes[i]! << 8) | s.bytes[i + 1]!);
  return out;
}

/** Parses bfchar/bfrange entries of a ToUnicode CMap. */
export function parseToUnicode(data: Uint8Array): Map<number, string> {
  const map = new Map<number, string>();
  const lx = new Lexer(data);
  const stack: (PdfValue | PdfKeyword)[] = [];
  let mode: 'char' | 'range' | undefined;
  for (let t = lx.next(); t !== undefined; t = lx.next()) {
    if (t instanceof PdfKeyword) {
      if (t.word === 'beginbfchar') { mode = 'char'; stack.length = 0; continue; }
      if (t.word === 'beginbfrange') { mode = 'range'; stack.length = 0; continue; }
      if (t.word === 'endbfchar' || t.word === 'endbfrange') {
        const vals = stack.splice(0);
        if (mode === 'char') {
          for (let i = 0; i + 1 < vals.length; i += 2) {
            const src = hexNum(vals[i] as PdfValue);
            const dst = vals[i + 1];
            if (src !== undefined && dst instanceof PdfString) map.set(src, utf16(dst));
          }
        } else if (mode === 'range') {
          for (let i = 0; i + 2 < vals.length; i += 3) {
            const lo = hexNum(vals[i] as PdfValue);
            const hi = hexNum(vals[i + 1] as PdfValue);
            const dst = vals[i + 2];
            if (lo === undefined || hi === undefined || hi < lo || hi - lo > 0xffff) continue;
            if (Array.isArray(dst)) dst.forEach((d, k) => { if (d instanceof PdfString) map.set(lo + k, utf16(d)); });
            else if (dst instanceof PdfString) {
              const base = utf16(dst);
              const last = base.charCodeAt(base.length - 1);
              for (let c = lo; c <= hi; c++) map.set(c, base.slice(0, -1) + String.fromCharCode(last + (c - lo)));
            }
          }
        }
        mode = undefined;
        continue;
      }
      if (t.word === '[' || t.word === ']') continue;
      continue;
    }
    if (mode) stack.push(t);
  }
  return map;
}

const fontInfos = new WeakMap<PdfDict, FontInfo>();

/** A font's code width and ToUnicode map, read once per font (not once per page that uses it). */
function fontInfo(pdf: RawPdf, fontDict: PdfDict | undefined): FontInfo {
  if (!fontDict) return { width: 1, map: undefined };
  let info = fontInfos.get(fontDict);
  if (!info) { info = readFontInfo(pdf, fontDict); fontInfos.set(fontDict, info); }
  return info;
}

function readFontInfo(pdf: RawPdf, fontDict: PdfDict): FontInfo {
  const width = name(fontDict.get('Subtype')) === 'Type0' ? 2 : 1;
  const tu = fontDict.get('ToUnicode');
  let map: Map<number, string> | undefined;
  if (tu !== undefined) {
    const data = pdf.streamData(tu);
    if (data) map = parseToUnicode(data);
  }
  return { width, map };
}

/** A run of shown text whose text is decoded when it is first read (the untagged-text check
 * asks only runs outside marked content; the text of the others is read for parity and the
 * rights block, when it is). */
class ShownRun implements TextRun {
  private decoded: string | undefined;
  constructor(private readonly shown: Uint8Array, private readonly start: number, private readonly length: number,
    private readonly fontInfo: FontInfo, readonly mcid: number | undefined, readonly artifact: boolean, readonly font: string) {}

  get text(): string {
    return (this.decoded ??= decode(this.shown.subarray(this.start, this.start + this.length), this.fontInfo));
  }
}

/**
 * Per font, each character code's one UTF-16 code unit, or 0 where decoding takes more (a code
 * mapped to several units, or to U+0000): most runs are then decoded by table, not map by map.
 */
const unitTables = new WeakMap<FontInfo, Uint16Array>();

function unitTable(f: FontInfo): Uint16Array {
  let t = unitTables.get(f);
  if (!t) {
    t = new Uint16Array(f.width === 2 ? 0x10000 : 0x100);
    // an unmapped code: its byte as a character (one-byte codes), else U+FFFD
    t.fill(0xfffd);
    if (f.width === 1) for (let c = 0; c < 0x100; c++) t[c] = c;
    for (const [code, u] of f.map ?? []) if (code < t.length) t[code] = u.length === 1 ? u.charCodeAt(0) : 0;
    unitTables.set(f, t);
  }
  return t;
}

/** The longest run decoded by table in one call of String.fromCharCode. */
const TABLE_RUN = 4096;

/** The text of shown bytes in a font: each code through its ToUnicode map (exported for its test). */
export function decode(bytes: Uint8Array, f: FontInfo): string {
  const n = Math.floor(bytes.length / f.width);
  if (n <= TABLE_RUN) {
    const table = unitTable(f);
    const units = new Array<number>(n);
    let plain = true;
    for (let i = 0, k = 0; k < n; i += f.width, k++) {
      const u = table[f.width === 2 ? (bytes[i]! << 8) | bytes[i + 1]! : bytes[i]!]!;
      if (u === 0) { plain = false; break; }
      units[k] = u;
    }
    if (plain) return String.fromCharCode.apply(null, units);
  }
  // parts joined once: a flat string, not a chain of one-character concatenations
  const parts: string[] = [];
  for (let i = 0; i + f.width <= bytes.length; i += f.width) {
    const code = f.width === 2 ? (bytes[i]! << 8) | bytes[i + 1]! : bytes[i]!;
    const u = f.map?.get(code);
    parts.push(u ?? (f.width === 1 ? String.fromCharCode(code) : '\ufffd'));
  }
  return parts.join('');
}

interface Mark { mcid: number | undefined; artifact: boolean }

/**
 * A content stream's text operators, lexed without looking at any resource: what the page shows
 * (bytes in the current font), which font it selects, where marked content begins and ends, and
 * which XObjects it paints. `interpret` later decodes it with the page's fonts, so a stream can be
 * lexed as soon as its bytes exist (stream-read.ts does that while the PDF is still being written).
 *
 * Compact, because the read-back thread keeps every page's operators from when the page is written
 * until the file is complete (500k words: 165,000 operators on 1,830 pages): three numbers per
 * operator in one array and the shown bytes in one buffer, not an object and a byte array each
 * (that was some 30 MB more on that thread, and its garbage collections marked them all).
 */
export interface LexedContent {
  /** Three numbers per operator: its kind (FONT … DO below) and two operands. */
  readonly ops: Float64Array;
  /** The bytes of every shown string, one after another (a show's operands: start, length). */
  readonly text: Uint8Array;
  /** Font, XObject and property-list names, which operands refer to by index. */
  readonly names: readonly string[];
}

const FONT = 0; // name
const SHOW = 1; // start, length in `text`
const BEGIN = 2; // artifact (1 or 0), MCID (NaN: none)
const BEGIN_NAMED = 3; // artifact, property list name
const END = 4;
const DO = 5; // name

/** One operator of LexedContent, spelled out (contentOps). */
export type ContentOp =
  | { readonly op: 'font'; readonly name: string }
  | { readonly op: 'show'; readonly bytes: Uint8Array }
  | { readonly op: 'begin'; readonly artifact: boolean; readonly mcid?: number; readonly properties?: string }
  | { readonly op: 'end' }
  | { readonly op: 'do'; readonly name: string };

/** The operators of lexed content as objects (for tests and for reading it by eye). */
export function contentOps(c: LexedContent): ContentOp[] {
  const out: ContentOp[] = [];
  for (let i = 0; i < c.ops.length; i += 3) {
    const a = c.ops[i + 1]!, b = c.ops[i + 2]!;
    switch (c.ops[i]) {
      case FONT: out.push({ op: 'font', name: c.names[a]! }); break;
      case SHOW: out.push({ op: 'show', bytes: c.text.slice(a, a + b) }); break;
      case BEGIN: out.push(Number.isNaN(b) ? { op: 'begin', artifact: a === 1 } : { op: 'begin', artifact: a === 1, mcid: b }); break;
      case BEGIN_NAMED: out.push({ op: 'begin', artifact: a === 1, properties: c.names[b]! }); break;
      case END: out.push({ op: 'end' }); break;
      case DO: out.push({ op: 'do', name: c.names[a]! }); break;
    }
  }
  return out;
}

export function lexContent(data: Uint8Array): LexedContent {
  const ops: number[] = [];
  const names: string[] = [];
  const nameIndex = new Map<string, number>();
  const nameOf = (n: string): number => {
    let i = nameIndex.get(n);
    if (i === undefined) { i = names.length; names.push(n); nameIndex.set(n, i); }
    return i;
  };
  let text = new Uint8Array(Math.max(256, data.length >> 2));
  let textLength = 0;
  const append = (bytes: Uint8Array): void => {
    if (textLength + bytes.length > text.length) {
      const grown = new Uint8Array(Math.max(text.length * 2, textLength + bytes.length));
      grown.set(text.subarray(0, textLength));
      text = grown;
    }
    text.set(bytes, textLength);
    textLength += bytes.length;
  };
  /** One run of shown text: the strings among `operands`, one after another (a TJ array's
   * spacing numbers are not text); nothing when there is no string. */
  const show = (...shown: (PdfValue | undefined)[]): void => {
    const start = textLength;
    let any = false;
    for (const s of shown) if (s instanceof PdfString) { append(s.bytes); any = true; }
    if (any) ops.push(SHOW, start, textLength - start);
  };
  const lx = new Lexer(data);
  const operands: PdfValue[] = [];
  for (;;) {
    let t: PdfValue | PdfKeyword | undefined;
    try { t = lx.next(true); } catch { break; }
    if (t === undefined) break;
    if (!(t instanceof PdfKeyword)) { operands.push(t); continue; }
    switch (t.word) {
      case 'Tf': ops.push(FONT, nameOf(name(operands[0]) ?? ''), 0); break;
      case 'Tj': case "'": show(operands[operands.length - 1]); break;
      case '"': show(operands[2]); break;
      case 'TJ': {
        // one font for the whole array: its strings are one run of text
        const arr = operands[0];
        if (Array.isArray(arr)) show(...arr);
        break;
      }
      case 'BMC': ops.push(BEGIN, name(operands[0]) === 'Artifact' ? 1 : 0, NaN); break;
      case 'BDC': {
        const artifact = name(operands[0]) === 'Artifact' ? 1 : 0;
        const props = operands[1];
        if (props instanceof PdfDict) {
          const mcid = props.get('MCID');
          ops.push(BEGIN, artifact, typeof mcid === 'number' ? mcid : NaN);
        } else ops.push(BEGIN_NAMED, artifact, nameOf(name(props) ?? ''));
        break;
      }
      case 'EMC': ops.push(END, 0, 0); break;
      case 'Do': ops.push(DO, nameOf(name(operands[0]) ?? ''), 0); break;
      case 'BI': {
        // skip inline image data up to EI
        const b = lx.b;
        let i = lx.pos;
        while (i < b.length && !(b[i] === 0x45 && b[i + 1] === 0x49 && (i + 2 >= b.length || b[i + 2]! <= 0x20) && b[i - 1]! <= 0x20)) i++;
        lx.pos = i + 2;
        break;
      }
      default: break;
    }
    operands.length = 0;
  }
  return { ops: Float64Array.from(ops), text: text.slice(0, textLength), names };
}

const pageCache = new WeakMap<PdfDict, PageText>();
const lexedStreams = new WeakMap<RawPdf, ReadonlyMap<number, LexedContent>>();

/**
 * Content streams already lexed (by object number) for this PDF, e.g. while it was written.
 * Only streams whose object sits where the file's cross-reference table says are used.
 */
export function useLexedStreams(pdf: RawPdf, streams: ReadonlyMap<number, { readonly offset: number; readonly content: LexedContent }>): void {
  const ok = new Map<number, LexedContent>();
  for (const [num, s] of streams) if (pdf.offsetOf(num) === s.offset) ok.set(num, s.content);
  lexedStreams.set(pdf, ok);
}

/** Extracts the text runs of one page (following form XObjects); each page is read once. */
export function pageText(pdf: RawPdf, page: PdfDict): PageText {
  let t = pageCache.get(page);
  if (!t) { t = readPageText(pdf, page); pageCache.set(page, t); }
  return t;
}

function readPageText(pdf: RawPdf, page: PdfDict): PageText {
  const runs: TextRun[] = [];
  const noToUnicode = new Set<string>();
  const fontCache = new Map<PdfDict, Map<string, FontInfo>>();

  const interpret = (content: LexedContent, resources: PdfDict | undefined, marks: Mark[], depth: number): void => {
    if (depth > 8) return;
    const fontsDict = pdf.dict(resources?.get('Font'));
    const xobjects = pdf.dict(resources?.get('XObject'));
    let cache = resources ? fontCache.get(resources) : undefined;
    if (!cache) { cache = new Map(); if (resources) fontCache.set(resources, cache); }
    let font: FontInfo = { width: 1, map: undefined };
    let fontName = '';
    const { ops, text, names } = content;
    for (let i = 0; i < ops.length; i += 3) {
      const a = ops[i + 1]!, b = ops[i + 2]!;
      switch (ops[i]) {
        case FONT: {
          const n = names[a]!;
          fontName = n;
          let info = n ? cache.get(n) : undefined;
          if (!info && n) {
            const fd = pdf.dict(fontsDict?.get(n));
            info = fontInfo(pdf, fd);
            if (!info.map) noToUnicode.add(n);
            cache.set(n, info);
          }
          font = info ?? { width: 1, map: undefined };
          break;
        }
        case SHOW: {
          let top: Mark | undefined;
          let artifact = false;
          for (let m = marks.length - 1; m >= 0; m--) {
            const mark = marks[m]!;
            if (!top && (mark.mcid !== undefined || mark.artifact)) top = mark;
            if (mark.artifact) artifact = true;
          }
          runs.push(new ShownRun(text, a, b, font, top?.mcid, artifact, fontName));
          break;
        }
        case BEGIN: marks.push({ mcid: Number.isNaN(b) ? undefined : b, artifact: a === 1 }); break;
        case BEGIN_NAMED: {
          const list = pdf.dict(resources?.get('Properties'));
          const v = pdf.dict(list?.get(names[b]!))?.get('MCID');
          marks.push({ mcid: typeof v === 'number' ? v : undefined, artifact: a === 1 });
          break;
        }
        case END: marks.pop(); break;
        case DO: {
          const xo = pdf.resolve(xobjects?.get(names[a]!));
          if (xo instanceof PdfStream && name(xo.dict.get('Subtype')) === 'Form') {
            const d = pdf.streamData(xo);
            if (d) interpret(lexContent(d), pdf.dict(xo.dict.get('Resources')) ?? resources, [...marks], depth + 1);
          }
          break;
        }
      }
    }
  };

  const contents = page.get('Contents');
  const resources = pdf.dict(page.get('Resources'));
  const lexed = contents instanceof PdfRef ? lexedStreams.get(pdf)?.get(contents.num) : undefined;
  if (lexed) {
    interpret(lexed, resources, [], 0);
    return { runs, noToUnicode };
  }
  const streams = Array.isArray(pdf.resolve(contents)) ? pdf.array(contents) : [contents];
  const parts: Uint8Array[] = [];
  for (const s of streams) {
    if (s === undefined || !(s instanceof PdfRef || s instanceof PdfStream)) continue;
    const d = pdf.streamData(s);
    if (d) parts.push(d, new Uint8Array([0x0a]));
  }
  const all = Buffer.concat(parts);
  interpret(lexContent(new Uint8Array(all.buffer, all.byteOffset, all.byteLength)), resources, [], 0);
  return { runs, noToUnicode };
}

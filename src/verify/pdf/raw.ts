/**
 * A small reader of PDF objects, for what pdf.js does not expose (catalog MarkInfo,
 * ViewerPreferences, Lang, page Tabs, fonts, the structure tree with its MCIDs) and for exact
 * text (pdf.js turns U+00A0 into U+0020). It reads classic xref tables, falls back to scanning
 * for `N G obj`, and inflates FlateDecode streams. Object streams are not supported: objects it
 * cannot find read as null, so checks fail closed.
 */
import { inflateSync } from 'node:zlib';

export class PdfName { constructor(readonly name: string) {} }
export class PdfRef { constructor(readonly num: number, readonly gen: number) {} }
export class PdfString {
  constructor(readonly bytes: Uint8Array) {}
  /** Text string: UTF-16BE with BOM, UTF-8 with BOM, else PDFDocEncoding (read as Latin-1). */
  text(): string {
    const b = this.bytes;
    if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) {
      let s = '';
      for (let i = 2; i + 1 < b.length; i += 2) s += String.fromCharCode((b[i]! << 8) | b[i + 1]!);
      return s;
    }
    if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return new TextDecoder().decode(b.subarray(3));
    return Buffer.from(b).toString('latin1');
  }
}
export class PdfKeyword { constructor(readonly word: string) {} }
/** Names, like keywords, repeat endlessly (/S /P /K /Pg …): one immutable object per name. */
const NAMES = new Map<string, PdfName>();
function pdfName(raw: string): PdfName {
  let n = NAMES.get(raw);
  if (!n) {
    n = new PdfName(raw.includes('#') ? raw.replace(/#([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))) : raw);
    if (NAMES.size < 65536) NAMES.set(raw, n);
  }
  return n;
}

/** Keywords (operators) are few and immutable: one object per word, not one per occurrence. */
const KEYWORDS = new Map<string, PdfKeyword>();
function keyword(word: string): PdfKeyword {
  let k = KEYWORDS.get(word);
  if (!k) { k = new PdfKeyword(word); if (KEYWORDS.size < 4096) KEYWORDS.set(word, k); }
  return k;
}
/**
 * A dictionary, read-only: its keys and values side by side in one array made at its size. (A Map
 * per dictionary made up a quarter of the heap of a parsed book PDF; most have under ten keys.)
 * A key given twice keeps its first place and its last value, as a Map would.
 */
export class PdfDict implements Iterable<[string, PdfValue]> {
  private readonly kv: readonly (string | PdfValue)[];
  constructor(entries: readonly (string | PdfValue)[] | Iterable<readonly [string, PdfValue]> = []) {
    if (Array.isArray(entries)) { this.kv = entries; return; }
    const kv: (string | PdfValue)[] = [];
    for (const [k, v] of entries as Iterable<readonly [string, PdfValue]>) kv.push(k, v);
    this.kv = kv;
  }

  get(key: string): PdfValue | undefined {
    const kv = this.kv;
    for (let i = 0; i < kv.length; i += 2) if (kv[i] === key) return kv[i + 1] as PdfValue;
    return undefined;
  }

  has(key: string): boolean {
    const kv = this.kv;
    for (let i = 0; i < kv.length; i += 2) if (kv[i] === key) return true;
    return false;
  }

  get size(): number { return this.kv.length / 2; }

  *keys(): IterableIterator<string> {
    for (let i = 0; i < this.kv.length; i += 2) yield this.kv[i] as string;
  }

  *entries(): IterableIterator<[string, PdfValue]> {
    for (let i = 0; i < this.kv.length; i += 2) yield [this.kv[i] as string, this.kv[i + 1] as PdfValue];
  }

  [Symbol.iterator](): IterableIterator<[string, PdfValue]> { return this.entries(); }
}
export class PdfStream {
  constructor(readonly dict: PdfDict, readonly raw: Uint8Array) {}
}
export type PdfValue = null | boolean | number | PdfName | PdfRef | PdfString | PdfValue[] | PdfDict | PdfStream;

const WS = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]);
const DELIM = new Set([0x28, 0x29, 0x3c, 0x3e, 0x5b, 0x5d, 0x7b, 0x7d, 0x2f, 0x25]);
/** Byte classes for the lexer: 0 regular, 1 white space, 2 delimiter. */
const CLASS = new Uint8Array(256);
for (const c of WS) CLASS[c] = 1;
for (const c of DELIM) CLASS[c] = 2;

/** The values of the arrays being parsed, nested ones on top (each array is then made at its size:
 * a parsed file keeps tens of thousands of short arrays, and one grown by pushes has room for 16). */
const ITEMS: (string | PdfValue)[] = [];

/** Tokenizer + parser over bytes; used for file objects and for content streams. */
export class Lexer {
  pos: number;
  /**
   * `refs`: the references already read from this file, by object number (generation 0), so that
   * each object is referred to by one PdfRef however many times it is named (a parsed book PDF
   * names its objects about 180,000 times).
   */
  constructor(readonly b: Uint8Array, pos = 0, private readonly refs?: Map<number, PdfRef>) { this.pos = pos; }

  skipWs(): void {
    const b = this.b;
    while (this.pos < b.length) {
      const c = b[this.pos]!;
      if (CLASS[c] === 1) this.pos++;
      else if (c === 0x25) { while (this.pos < b.length && b[this.pos] !== 0x0a && b[this.pos] !== 0x0d) this.pos++; }
      else break;
    }
  }

  private regular(): string {
    const b = this.b;
    const start = this.pos;
    let p = start;
    while (p < b.length && CLASS[b[p]!] === 0) p++;
    this.pos = p;
    // tokens are short: building the string directly beats a Buffer per token
    let s = '';
    for (let i = start; i < p; i++) s += String.fromCharCode(b[i]!);
    return s;
  }

  /**
   * The next object, or a keyword (operator, `obj`, `R`, …); undefined at the end. With
   * `numbersAsZero`, a number token is skipped and read as 0 (text extraction needs no operand
   * numbers, and not boxing them saves most of the garbage); numbers inside arrays and
   * dictionaries (MCIDs) are always read.
   */
  next(numbersAsZero = false): PdfValue | PdfKeyword | undefined {
    this.skipWs();
    const b = this.b;
    if (this.pos >= b.length) return undefined;
    const c = b[this.pos]!;
    if (c === 0x2f) { // name
      this.pos++;
      const raw = this.regular();
      return pdfName(raw);
    }
    if (c === 0x28) return this.literal();
    if (c === 0x3c) {
      if (b[this.pos + 1] === 0x3c) { this.pos += 2; return this.dict(); }
      return this.hex();
    }
    if (c === 0x5b) {
      this.pos++;
      const base = ITEMS.length;
      try {
        for (;;) {
          this.skipWs();
          if (this.pos >= b.length) throw new Error('unterminated array');
          if (b[this.pos] === 0x5d) { this.pos++; return ITEMS.slice(base) as PdfValue[]; }
          ITEMS.push(this.value());
        }
      } finally {
        ITEMS.length = base;
      }
    }
    if (c === 0x5d || c === 0x3e || c === 0x29 || c === 0x7b || c === 0x7d) { this.pos++; return keyword(String.fromCharCode(c)); }
    if ((c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2b || c === 0x2e) {
      // numbers are most of a content stream: read them straight from the bytes
      let p = this.pos;
      let sign = 1;
      if (c === 0x2d) { sign = -1; p++; } else if (c === 0x2b) p++;
      let int = 0;
      let frac = 0;
      let scale = 1;
      let digits = 0;
      let dot = false;
      for (; p < b.length; p++) {
        const d = b[p]!;
        if (d >= 0x30 && d <= 0x39) { digits++; if (dot) { scale /= 10; frac += (d - 0x30) * scale; } else int = int * 10 + (d - 0x30); }
        else if (d === 0x2e && !dot) dot = true;
        else break;
      }
      if (digits > 0 && (p >= b.length || CLASS[b[p]!] !== 0)) { this.pos = p; return numbersAsZero ? 0 : sign * (int + frac); }
    }
    const word = this.regular();
    if (word === '') { this.pos++; return keyword(String.fromCharCode(c)); }
    const f = word.charCodeAt(0);
    if (((f >= 0x30 && f <= 0x39) || f === 0x2b || f === 0x2d || f === 0x2e) && /^[+-]?(\d+\.?\d*|\.\d+)$/.test(word)) return Number(word);
    if (word === 'true') return true;
    if (word === 'false') return false;
    if (word === 'null') return null;
    return keyword(word);
  }

  /** A value, folding `n g R` into a reference. */
  value(): PdfValue {
    const v = this.next();
    if (v === undefined) throw new Error('unexpected end of data');
    if (v instanceof PdfKeyword) throw new Error(`unexpected keyword ${v.word}`);
    if (typeof v === 'number' && Number.isInteger(v)) {
      // `n g R` in its plain form (digits, white space, R) read straight from the bytes: a big
      // book's structure tree, page tree and parent tree are hundreds of thousands of them. Any
      // other form (a comment between, a sign, a fraction) is read the general way below.
      const b = this.b;
      let p = this.pos;
      if (p < b.length && CLASS[b[p]!] === 1) {
        while (p < b.length && CLASS[b[p]!] === 1) p++;
        let g = 0;
        const digitsFrom = p;
        while (p < b.length && b[p]! >= 0x30 && b[p]! <= 0x39) { g = g * 10 + (b[p]! - 0x30); p++; }
        if (p > digitsFrom && p < b.length && CLASS[b[p]!] === 1) {
          while (p < b.length && CLASS[b[p]!] === 1) p++;
          if (b[p] === 0x52 && (p + 1 >= b.length || CLASS[b[p + 1]!] !== 0)) { this.pos = p + 1; return this.ref(v, g); }
        }
      }
      const save = this.pos;
      const g = this.next();
      if (typeof g === 'number' && Number.isInteger(g)) {
        const r = this.next();
        if (r instanceof PdfKeyword && r.word === 'R') return this.ref(v, g);
      }
      this.pos = save;
    }
    return v;
  }

  private ref(num: number, gen: number): PdfRef {
    if (!this.refs || gen !== 0) return new PdfRef(num, gen);
    let r = this.refs.get(num);
    if (!r) { r = new PdfRef(num, 0); this.refs.set(num, r); }
    return r;
  }

  private dict(): PdfDict {
    const base = ITEMS.length;
    try {
      for (;;) {
        this.skipWs();
        if (this.b[this.pos] === 0x3e && this.b[this.pos + 1] === 0x3e) { this.pos += 2; return new PdfDict(ITEMS.slice(base)); }
        const k = this.next();
        if (!(k instanceof PdfName)) throw new Error('dictionary key is not a name');
        const v = this.value();
        let at = base;
        while (at < ITEMS.length && ITEMS[at] !== k.name) at += 2;
        if (at < ITEMS.length) ITEMS[at + 1] = v; // a key given again: its last value
        else ITEMS.push(k.name, v);
      }
    } finally {
      ITEMS.length = base;
    }
  }

  private hex(): PdfString {
    const b = this.b;
    const start = this.pos + 1;
    let end = start;
    while (end < b.length && b[end] !== 0x3e) end++;
    const out = new Uint8Array((end - start + 1) >> 1);
    let n = 0;
    let high = -1;
    for (let p = start; p < end; p++) {
      const c = b[p]!;
      const v = c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x41 && c <= 0x46 ? c - 0x37 : c >= 0x61 && c <= 0x66 ? c - 0x57 : -1;
      if (v < 0) continue;
      if (high < 0) high = v; else { out[n++] = high * 16 + v; high = -1; }
    }
    if (high >= 0) out[n++] = high * 16;
    this.pos = end + 1;
    return new PdfString(n === out.length ? out : out.subarray(0, n));
  }

  private literal(): PdfString {
    this.pos++;
    const out: number[] = [];
    let depth = 1;
    const b = this.b;
    while (this.pos < b.length) {
      const c = b[this.pos++]!;
      if (c === 0x5c) {
        const n = b[this.pos++]!;
        const map: Record<number, number> = { 0x6e: 0x0a, 0x72: 0x0d, 0x74: 0x09, 0x62: 0x08, 0x66: 0x0c, 0x28: 0x28, 0x29: 0x29, 0x5c: 0x5c };
        if (map[n] !== undefined) out.push(map[n]!);
        else if (n >= 0x30 && n <= 0x37) {
          let oct = n - 0x30;
          for (let i = 0; i < 2 && b[this.pos]! >= 0x30 && b[this.pos]! <= 0x37; i++) oct = oct * 8 + (b[this.pos++]! - 0x30);
          out.push(oct & 0xff);
        } else if (n === 0x0d) { if (b[this.pos] === 0x0a) this.pos++; }
        else if (n !== 0x0a) out.push(n);
      } else if (c === 0x28) { depth++; out.push(c); }
      else if (c === 0x29) { if (--depth === 0) break; out.push(c); }
      else out.push(c);
    }
    return new PdfString(Uint8Array.from(out));
  }
}

export function name(v: PdfValue | undefined): string | undefined {
  return v instanceof PdfName ? v.name : undefined;
}

const parsed = new WeakMap<Uint8Array, RawPdf>();

/** Drops what rawPdf keeps for these bytes (the build calls it once its checks are done). */
export function forgetPdf(bytes: Uint8Array): void {
  parsed.delete(bytes);
}

/** One parse per PDF: the checks and the parity comparison read the same bytes. */
export function rawPdf(bytes: Uint8Array): RawPdf {
  let r = parsed.get(bytes);
  if (!r) { r = new RawPdf(bytes); parsed.set(bytes, r); }
  return r;
}

export class RawPdf {
  private readonly offsets = new Map<number, number>();
  private readonly cache = new Map<number, PdfValue>();
  /** One PdfRef per object number (Lexer). */
  private readonly refs = new Map<number, PdfRef>();
  readonly trailer: PdfDict;

  constructor(readonly bytes: Uint8Array) {
    const latin1 = (from: number, to = bytes.length): string => Buffer.from(bytes.buffer, bytes.byteOffset + from, Math.max(0, to - from)).toString('latin1');
    if (latin1(0, 5) !== '%PDF-') throw new Error('not a PDF (no %PDF- header)');
    let trailer: PdfDict | undefined;
    try { trailer = this.readXref(latin1); } catch { trailer = undefined; }
    if (!trailer || this.offsets.size === 0) {
      // fallback: scan for objects, the last definition wins
      const text = latin1(0);
      this.offsets.clear();
      for (const m of text.matchAll(/(?:^|[\r\n\s])(\d+)\s+(\d+)\s+obj\b/g)) this.offsets.set(Number(m[1]), m.index + m[0].indexOf(m[1]!));
      const t = text.lastIndexOf('trailer');
      if (t < 0) throw new Error('no trailer');
      const lx = new Lexer(bytes, t + 7, this.refs);
      const v = lx.value();
      if (!(v instanceof PdfDict)) throw new Error('malformed trailer');
      trailer = v;
    }
    this.trailer = trailer;
  }

  /**
   * The trailer of the cross-reference table that `startxref` points to. `startxref` is looked
   * for in the file's last kilobytes first (where a writer puts it), so the file is not turned
   * into one string, as big as the file, to find it.
   */
  private readXref(latin1: (from: number, to?: number) => string): PdfDict | undefined {
    const tailStart = Math.max(0, this.bytes.length - 4096);
    let tail = latin1(tailStart);
    let sx = tail.lastIndexOf('startxref');
    // none there: the last one in the whole file, as before
    if (sx < 0 && tailStart > 0) { tail = latin1(0); sx = tail.lastIndexOf('startxref'); }
    if (sx < 0) return undefined;
    const off = Number(/startxref\s+(\d+)/.exec(tail.slice(sx))?.[1]);
    if (!Number.isFinite(off) || off + 4 > this.bytes.length || latin1(off, off + 4) !== 'xref') return undefined;
    const lx = new Lexer(this.bytes, off + 4, this.refs);
    for (;;) {
      const a = lx.next();
      if (a instanceof PdfKeyword && a.word === 'trailer') {
        const t = lx.value();
        return t instanceof PdfDict ? t : undefined;
      }
      const count = lx.next();
      if (typeof a !== 'number' || typeof count !== 'number') return undefined;
      for (let i = 0; i < count; i++) {
        const o = lx.next();
        lx.next();
        const kind = lx.next();
        if (typeof o === 'number' && kind instanceof PdfKeyword && kind.word === 'n') this.offsets.set(a + i, o);
      }
    }
  }

  /**
   * Objects parsed before (stream-read.ts, from these same bytes): each is used only if it
   * started where the cross-reference table puts its object, so it is the object this reader
   * would parse there.
   */
  adopt(objects: ReadonlyMap<number, { readonly offset: number; readonly value: PdfValue }>): void {
    for (const [num, o] of objects) if (this.offsets.get(num) === o.offset && !this.cache.has(num)) this.cache.set(num, o.value);
  }

  /** Where object `num` starts, by the cross-reference table (or the fallback scan). */
  offsetOf(num: number): number | undefined {
    return this.offsets.get(num);
  }

  /** The object with number `num` (streams included), or null. */
  object(num: number): PdfValue {
    if (this.cache.has(num)) return this.cache.get(num)!;
    const off = this.offsets.get(num);
    let v: PdfValue = null;
    if (off !== undefined) {
      try {
        const lx = new Lexer(this.bytes, off, this.refs);
        lx.next(); lx.next();
        const kw = lx.next();
        if (!(kw instanceof PdfKeyword) || kw.word !== 'obj') throw new Error('no obj keyword');
        v = lx.value();
        const save = lx.pos;
        const k = lx.next();
        if (v instanceof PdfDict && k instanceof PdfKeyword && k.word === 'stream') {
          let start = lx.pos;
          if (this.bytes[start] === 0x0d) start++;
          if (this.bytes[start] === 0x0a) start++;
          const lenV = this.resolve(v.get('Length'));
          let end = typeof lenV === 'number' ? start + lenV : -1;
          const tail = Buffer.from(this.bytes.subarray(end >= 0 ? end : start, (end >= 0 ? end : start) + 32)).toString('latin1');
          if (end < 0 || !/^\s*endstream/.test(tail)) {
            end = Buffer.from(this.bytes).indexOf('endstream', start, 'latin1');
            if (end < 0) throw new Error('no endstream');
          }
          v = new PdfStream(v, this.bytes.subarray(start, end));
        } else lx.pos = save;
      } catch {
        v = null;
      }
    }
    this.cache.set(num, v);
    return v;
  }

  resolve(v: PdfValue | undefined): PdfValue {
    let cur: PdfValue | undefined = v;
    for (let i = 0; i < 32 && cur instanceof PdfRef; i++) cur = this.object(cur.num);
    return cur === undefined || cur instanceof PdfRef ? null : cur;
  }

  dict(v: PdfValue | undefined): PdfDict | undefined {
    const r = this.resolve(v);
    if (r instanceof PdfDict) return r;
    if (r instanceof PdfStream) return r.dict;
    return undefined;
  }

  array(v: PdfValue | undefined): PdfValue[] {
    const r = this.resolve(v);
    return Array.isArray(r) ? r : [];
  }

  /** A stream's data, FlateDecode inflated (other filters: raw bytes). */
  streamData(v: PdfValue | undefined): Uint8Array | undefined {
    const s = this.resolve(v);
    if (!(s instanceof PdfStream)) return undefined;
    const f = this.resolve(s.dict.get('Filter'));
    const filters = Array.isArray(f) ? f.map((x) => name(x)) : [name(f)];
    if (filters[0] === 'FlateDecode') return new Uint8Array(inflateSync(s.raw));
    if (filters[0] === undefined) return s.raw;
    throw new Error(`unsupported stream filter ${filters.join(',')}`);
  }

  catalog(): PdfDict {
    const c = this.dict(this.trailer.get('Root'));
    if (!c) throw new Error('no catalog');
    return c;
  }

  /** Page dictionaries in order, with their object numbers. */
  pages(): { num: number; dict: PdfDict }[] {
    const out: { num: number; dict: PdfDict }[] = [];
    const walk = (ref: PdfValue | undefined, depth: number): void => {
      if (depth > 64) return;
      const d = this.dict(ref);
      if (!d) return;
      if (name(d.get('Type')) === 'Pages' || d.has('Kids')) {
        for (const k of this.array(d.get('Kids'))) walk(k, depth + 1);
      } else if (ref instanceof PdfRef) out.push({ num: ref.num, dict: d });
    };
    walk(this.catalog().get('Pages'), 0);
    return out;
  }
}

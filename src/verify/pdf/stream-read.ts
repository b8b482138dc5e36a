/**
 * Reads a PDF while it is being written: pdfkit writes each page's dictionary as soon as the next
 * page begins (and Lectern its content stream a few pages later: render/pdf/document.ts
 * flushPages), and each structure element, link annotation
 * and destination when it is done, so most of the file can be parsed long before it is finished.
 * The read-back thread does this with the chunks the renderer sends it, in parallel with the
 * layout: it lexes each page's text operators and parses every other object. When the file is
 * complete, the ordinary read-back runs on the whole file and uses these results only for
 * objects that sit where the file's cross-reference table says (content.ts useLexedStreams,
 * raw.ts RawPdf.adopt), so nothing is taken on trust.
 *
 * Anything this reader does not expect (an indirect /Length, a filter other than Flate, bytes
 * that are not an object) makes it stop: the read-back then lexes those pages itself.
 */
import { inflateSync } from 'node:zlib';
import { lexContent, type LexedContent } from './content.js';
import { Lexer, PdfDict, PdfKeyword, PdfRef, PdfStream, name, type PdfValue } from './raw.js';

export interface LexedStream { readonly offset: number; readonly content: LexedContent }
/** An object parsed ahead, with where it started. */
export interface ParsedObject { readonly offset: number; readonly value: PdfValue }

/** What was read while the file was written. */
export interface ReadAhead {
  /** Page content streams, lexed (by object number). */
  readonly streams: ReadonlyMap<number, LexedStream>;
  /** Every other object, parsed (by object number). */
  readonly objects: ReadonlyMap<number, ParsedObject>;
}

export class PdfStreamReader implements ReadAhead {
  private buf: Uint8Array = new Uint8Array(0);
  private length = 0;
  /** Where the next object (or the cross-reference table) starts. */
  private pos = 0;
  private stopped = false;
  /** Content streams named by the page dictionaries seen so far. */
  private readonly contents = new Set<number>();
  readonly streams = new Map<number, LexedStream>();
  readonly objects = new Map<number, ParsedObject>();
  /** One PdfRef per object number (Lexer). */
  private readonly refs = new Map<number, PdfRef>();

  /** The file's memory, when it is shared with the thread that writes it (share()). */
  private shared: SharedArrayBuffer | undefined;

  /**
   * Reads the file from `buffer`, the memory the renderer writes it into (a growable
   * SharedArrayBuffer: render/pdf/document.ts), from its first byte: advance() then says how much
   * of it is written. Nothing is copied. Only before anything has been pushed.
   */
  share(buffer: SharedArrayBuffer): void {
    if (this.length > 0) throw new Error('the reader already holds bytes of its own');
    this.shared = buffer;
  }

  /** Whether this reader reads the writer's own memory (share()), not copies pushed to it. */
  readsShared(): boolean {
    return this.shared !== undefined;
  }

  /** The file's first `length` bytes are in the shared buffer (share()): reads every object they complete. */
  advance(length: number): void {
    if (!this.shared) throw new Error('no shared buffer to read');
    if (length < this.length) throw new Error(`the file cannot shrink (from ${this.length} to ${length} bytes)`);
    this.buf = new Uint8Array(this.shared, 0, length);
    this.length = length;
    while (!this.stopped && this.readObject());
  }

  /** Appends the next bytes of the file and reads every object they complete. */
  push(chunk: Uint8Array): void {
    if (this.shared) throw new Error('the reader reads a shared buffer: advance(), not push()');
    if (this.length + chunk.length > this.buf.length) {
      const next = new Uint8Array(Math.max(1 << 20, this.buf.length * 2, this.length + chunk.length));
      next.set(this.buf.subarray(0, this.length));
      this.buf = next;
    }
    this.buf.set(chunk, this.length);
    this.length += chunk.length;
    while (!this.stopped && this.readObject());
  }

  /** All the bytes received. */
  bytes(): Uint8Array {
    return this.buf.subarray(0, this.length);
  }

  /** Reads one object at `pos`; false when it is not complete yet (or reading has stopped). */
  private readObject(): boolean {
    const b = this.buf;
    const end = this.length;
    let p = this.pos;
    // white space and comments (the header) between objects
    for (;;) {
      while (p < end && (b[p] === 0x20 || b[p] === 0x0a || b[p] === 0x0d || b[p] === 0x09 || b[p] === 0x0c || b[p] === 0x00)) p++;
      if (p < end && b[p] === 0x25) {
        while (p < end && b[p] !== 0x0a && b[p] !== 0x0d) p++;
        if (p >= end) return false;
        continue;
      }
      break;
    }
    if (p >= end) return false;
    if (!(b[p]! >= 0x30 && b[p]! <= 0x39)) { this.stopped = true; return false; } // xref, or not an object
    const data = b.subarray(0, end);
    const lx = new Lexer(data, p, this.refs);
    let num: PdfValue | PdfKeyword | undefined;
    let value: PdfValue;
    let next: PdfValue | PdfKeyword | undefined;
    // A token that touches the end of what has arrived may be cut short ("12" of "123", "endo"):
    // then the object is not complete yet, and reading waits for more bytes.
    try {
      num = lx.next();
      lx.next();
      const kw = lx.next();
      if (lx.pos >= end) return false;
      if (typeof num !== 'number' || !(kw instanceof PdfKeyword) || kw.word !== 'obj') { this.stopped = true; return false; }
      value = lx.value();
      next = lx.next();
      if (lx.pos >= end) return false;
    } catch {
      return false; // the object is not all here yet
    }
    if (!(next instanceof PdfKeyword)) { this.stopped = true; return false; }
    if (next.word === 'endobj') {
      this.page(value);
      this.objects.set(num, { offset: p, value });
      this.pos = lx.pos;
      return true;
    }
    if (next.word !== 'stream' || !(value instanceof PdfDict)) { this.stopped = true; return false; }
    let start = lx.pos;
    if (start < end && data[start] === 0x0d) start++;
    if (start >= end) return false;
    if (data[start] === 0x0a) start++;
    const len = value.get('Length');
    if (typeof len !== 'number') { this.stopped = true; return false; }
    const after = new Lexer(data, start + len);
    let endstream: PdfValue | PdfKeyword | undefined;
    let endobj: PdfValue | PdfKeyword | undefined;
    try {
      endstream = after.next();
      endobj = after.next();
      if (after.pos >= end) return false;
    } catch {
      return false;
    }
    if (!(endstream instanceof PdfKeyword && endstream.word === 'endstream' && endobj instanceof PdfKeyword && endobj.word === 'endobj')) {
      this.stopped = true;
      return false;
    }
    if (this.contents.has(num)) {
      const filter = value.get('Filter');
      const raw = data.subarray(start, start + len);
      if (filter !== undefined && name(filter) !== 'FlateDecode') { this.stopped = true; return false; }
      // lexContent copies what it keeps: the inflated stream is garbage once it is lexed
      this.streams.set(num, { offset: p, content: lexContent(filter === undefined ? raw : inflateSync(raw)) });
    } else {
      // its own bytes: the buffer they arrived in is replaced as the file grows (or is shared)
      this.objects.set(num, { offset: p, value: new PdfStream(value, data.slice(start, start + len)) });
    }
    this.pos = after.pos;
    return true;
  }

  private page(value: PdfValue): void {
    if (!(value instanceof PdfDict) || name(value.get('Type')) !== 'Page') return;
    const c = value.get('Contents');
    if (c instanceof PdfRef) this.contents.add(c.num);
  }
}

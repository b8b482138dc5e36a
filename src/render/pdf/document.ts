/**
 * pdfkit set-up for PDF/UA-1: version 1.7, tagged, catalog Lang, DisplayDocTitle, fixed dates
 * (so two renders are byte-identical), /PageLabels, and an XMP writer that escapes what pdfkit
 * 0.20.2 interpolates raw (lib/mixins/metadata.js) and adds dc:creator per creator and dc:rights.
 */
import type { Book } from '../../model/book.js';
import { PDFDocument, type FontkitFont, type PdfDoc, type PdfDocCtor } from './pdfkit.js';
import { CONTENT_LAG, inlineDeflater, type Deflater, type DeflateJob } from './deflate.js';
import { growableSharedBuffer } from './shared-memory.js';
import { PAGE } from './styles.js';

/** XML text escaping; drops characters XML 1.0 does not allow. */
export function xmlEscape(s: string): string {
  return s
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r/g, '&#xD;');
}

export interface XmpFields {
  readonly title: string;
  readonly creators: readonly string[];
  readonly rights?: string;
  readonly description?: string;
  readonly language: string;
  readonly identifier: string;
  readonly subjects: readonly string[];
  /** ISO 8601, UTC. */
  readonly date: string;
  readonly producer: string;
  readonly creatorTool: string;
}

/** The XMP rdf:Description elements Lectern writes (pdfkit adds pdfuaid:part itself). */
export function xmpDescriptions(f: XmpFields): string {
  const e = xmlEscape;
  const alt = (v: string): string => `<rdf:Alt><rdf:li xml:lang="x-default">${e(v)}</rdf:li></rdf:Alt>`;
  const dc = [
    '<dc:format>application/pdf</dc:format>',
    `<dc:title>${alt(f.title)}</dc:title>`,
    f.creators.length ? `<dc:creator><rdf:Seq>${f.creators.map((c) => `<rdf:li>${e(c)}</rdf:li>`).join('')}</rdf:Seq></dc:creator>` : '',
    f.description ? `<dc:description>${alt(f.description)}</dc:description>` : '',
    f.rights !== undefined ? `<dc:rights>${alt(f.rights)}</dc:rights>` : '',
    `<dc:language><rdf:Bag><rdf:li>${e(f.language)}</rdf:li></rdf:Bag></dc:language>`,
    `<dc:identifier>${e(f.identifier)}</dc:identifier>`,
    f.subjects.length ? `<dc:subject><rdf:Bag>${f.subjects.map((s) => `<rdf:li>${e(s)}</rdf:li>`).join('')}</rdf:Bag></dc:subject>` : '',
  ].filter(Boolean).join('\n');
  return [
    `<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">`,
    `<xmp:CreateDate>${e(f.date)}</xmp:CreateDate>`,
    `<xmp:ModifyDate>${e(f.date)}</xmp:ModifyDate>`,
    `<xmp:MetadataDate>${e(f.date)}</xmp:MetadataDate>`,
    `<xmp:CreatorTool>${e(f.creatorTool)}</xmp:CreatorTool>`,
    `</rdf:Description>`,
    `<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">`,
    dc,
    `</rdf:Description>`,
    `<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">`,
    `<pdf:Producer>${e(f.producer)}</pdf:Producer>`,
    f.subjects.length ? `<pdf:Keywords>${e(f.subjects.join(', '))}</pdf:Keywords>` : '',
    `</rdf:Description>`,
  ].filter(Boolean).join('\n');
}

/** Where GrowingBytes keeps its bytes: `grow` gives a buffer of at least `size` bytes holding the
 * first `keep` bytes of the last one. */
interface Store {
  grow(size: number, keep: number): Buffer;
}

/** A new buffer each time, twice as big, the bytes copied over (pdfkit's pages: small, reused). */
function doublingStore(first: number, alloc: (size: number) => Buffer): Store {
  let buf: Buffer | undefined;
  return {
    grow(size, keep) {
      const grown = alloc(Math.max(first, (buf?.length ?? 0) * 2, size));
      if (buf) buf.copy(grown, 0, 0, keep);
      buf = grown;
      return grown;
    },
  };
}

/** The most a shared file buffer may grow to (address space reserved, not memory). */
const SHARED_MAX_BYTES = 2 ** 31 - 1;
/** The step a shared file buffer grows by: the memory it holds beyond the file's end is at most this. */
const SHARED_STEP = 1 << 20;

/**
 * One growable SharedArrayBuffer that grows in place, a megabyte at a time: nothing is copied as
 * the file grows, no outgrown buffer waits for the collector, and the file is a view of it that
 * the PDF's read-back thread sees without a copy (pipeline/verify-pdf.ts). Undefined where such a
 * buffer cannot be made (a runtime without growable SharedArrayBuffers, or no address space for
 * the reservation): then the file grows by doubling.
 */
function sharedStore(): Store | undefined {
  const sab = growableSharedBuffer(SHARED_STEP, SHARED_MAX_BYTES);
  if (!sab) return undefined;
  return {
    grow(size) {
      if (size > sab.byteLength) {
        if (size > SHARED_MAX_BYTES) throw new RangeError(`the PDF would exceed ${SHARED_MAX_BYTES} bytes`);
        sab.grow(Math.min(SHARED_MAX_BYTES, Math.max(size, sab.byteLength + SHARED_STEP)));
      }
      // a view of the whole buffer as it now is (grown in place: the bytes stay where they were)
      return Buffer.from(sab, 0, sab.byteLength);
    },
  };
}

/**
 * Bytes appended to one buffer that grows as it fills. A string is written as pdfkit writes one:
 * with a line feed after it, each code unit's low byte.
 */
class GrowingBytes {
  private buf: Buffer | undefined;
  length = 0;

  constructor(private readonly store: Store) {}

  /** Appends; returns where the data begins. */
  append(data: string | Uint8Array): number {
    const text = data instanceof Uint8Array ? undefined : `${data}\n`;
    const n = text === undefined ? (data as Uint8Array).length : text.length;
    const at = this.length;
    if (!this.buf || at + n > this.buf.length) this.buf = this.store.grow(at + n, at);
    if (text === undefined) this.buf.set(data as Uint8Array, at);
    else this.buf.write(text, at, n, 'latin1');
    this.length = at + n;
    return at;
  }

  /** The bytes from `start` (a view: after the next append it may no longer be the buffer's). */
  view(start = 0): Uint8Array {
    return this.buf ? this.buf.subarray(start, this.length) : new Uint8Array(0);
  }
}

export type LecternPdfDoc = PdfDoc & { onBytes(sink: (chunk: Uint8Array) => void): void; bytes(): { bytes: Uint8Array; shared: boolean } };

/** The parts of pdfkit's indirect object (PDFReference) that a page's content stream uses. */
interface ContentRef {
  buffer: Uint8Array[];
  compress: boolean;
  end(chunk?: string | Uint8Array): void;
  write(chunk: string | Uint8Array): void;
  finalize(): void;
}

/** A page's content stream, ended by its page, whose bytes are written later (flushPages). */
interface DeferredContent {
  readonly ref: ContentRef;
  /** Undefined for a page with no content (pdfkit then writes an object with no stream). */
  readonly job: DeflateJob | undefined;
}

/**
 * pdfkit's document with Lectern's XMP writer in place of the unescaped one, its bytes written into
 * one growing buffer, and each page's content stream deflated by a Deflater (flushPages).
 */
class LecternPdfDocument extends (PDFDocument as PdfDocCtor) {
  constructor(options: Record<string, unknown>, private readonly xmp: XmpFields, deflater: Deflater) {
    super(options);
    this.deflater = deflater;
  }

  /** Replaces MetadataMixin._addInfo (pdfkit 0.20.2), which interpolates Title etc. raw. */
  _addInfo(): void {
    this.appendXML(xmpDescriptions(this.xmp));
  }

  // No initialisers: the constructor of pdfkit's document writes the header before they would run.
  declare private out: GrowingBytes | undefined;
  declare private sink: ((chunk: Uint8Array) => void) | undefined;
  declare private pageContent: GrowingBytes | undefined;
  declare private deflater: Deflater;
  /** Content streams ended but not yet written, in page order. */
  declare private deferred: DeferredContent[] | undefined;
  declare private _pageBuffer: { content: ContentRef }[];

  /**
   * Passes every byte of the file to `sink` as it is written. The stream's 'data' events only
   * arrive once the synchronous layout has ended; this sees each page as soon as pdfkit writes it.
   */
  onBytes(sink: (chunk: Uint8Array) => void): void {
    if (this.out && this.out.length > 0) sink(this.out.view());
    this.sink = sink;
  }

  /**
   * pdfkit turns every piece of a page's content into a byte array of its own, and the page keeps
   * them all until it ends: pieces that live through several young-generation collections (at 500k
   * words, a quarter of what the layout's collections copy). Here a page's content gathers in one
   * buffer, reused page after page, and reaches the page as one piece when it ends: the same bytes
   * (a string gets a line feed, and each code unit's low byte, as pdfkit writes it).
   */
  override addContent(data: string | Uint8Array): this {
    if (!this.page) return super.addContent(data) as this;
    (this.pageContent ??= new GrowingBytes(doublingStore(1 << 16, (n) => Buffer.allocUnsafe(n)))).append(data);
    return this;
  }

  /**
   * Ends the pages laid out since the last call, as pdfkit does, except that each one's content
   * stream is handed to the deflater (deflate.ts), and written here once CONTENT_LAG more pages
   * have ended (or the document has): its object comes after those pages' objects instead of
   * after its own page's, and its bytes are pdfkit's. The deflater's thread meanwhile deflates it.
   */
  flushPages(): void {
    this.writeDeferred(CONTENT_LAG - 1);
    if (this.pageContent && this.pageContent.length > 0) {
      // a copy: the page keeps it until it is written (and pdfkit's own closing EMCs follow it)
      this.page.write(Buffer.from(this.pageContent.view()));
      this.pageContent.length = 0;
    }
    for (const page of this._pageBuffer) this.defer(page.content);
    (PDFDocument.prototype as unknown as { flushPages(this: unknown): void }).flushPages.call(this);
  }

  /** Makes the page's end hand its content stream over instead of writing it. */
  private defer(ref: ContentRef): void {
    if (!ref.compress) return;
    const deferred = (this.deferred ??= []);
    const deflater = this.deflater;
    ref.end = (chunk) => {
      if (chunk) ref.write(chunk);
      deferred.push({ ref, job: ref.buffer.length > 0 ? deflater.submit(ref.buffer) : undefined });
      ref.buffer = [];
    };
  }

  /** Writes the content streams handed over, in page order: each is pdfkit's object, its stream deflated. */
  private writeDeferred(keep = 0): void {
    const deferred = this.deferred;
    if (!deferred || deferred.length <= keep) return;
    for (const { ref, job } of deferred.splice(0, deferred.length - keep)) {
      if (job) {
        ref.buffer = [job.take()];
        ref.compress = false; // deflated already (write() set /Filter /FlateDecode)
      }
      ref.finalize();
    }
  }

  /** pdfkit's end, then the last pages' content streams; the cross-reference table follows the last. */
  override end(): void {
    super.end();
    this.writeDeferred();
    this.deflater.close();
  }

  /**
   * The whole file, once the document has ended. `shared`: the file is a view of a growable
   * SharedArrayBuffer (sharedStore), holding at most a megabyte more than the file; else a view of
   * a buffer up to twice the file's size.
   */
  bytes(): { bytes: Uint8Array; shared: boolean } {
    const bytes = this.out ? this.out.view() : new Uint8Array(0);
    return { bytes, shared: typeof SharedArrayBuffer === 'function' && bytes.buffer instanceof SharedArrayBuffer };
  }

  /**
   * pdfkit's `_write` pushes every write (each object, each line of the cross-reference table) onto
   * its stream as a separate Buffer, kept until the layout ends: 150,000 of them for a 500k-word
   * book. Here they go straight into one growing buffer, strings converted natively (the same
   * bytes: each code unit's low byte), and only the stream's end is signalled.
   */
  override _write(data: string | Uint8Array): void {
    const out = (this.out ??= new GrowingBytes(sharedStore() ?? doublingStore(1 << 20, (n) => Buffer.allocUnsafeSlow(n))));
    const at = out.append(data);
    (this as unknown as { _offset: number })._offset += out.length - at;
    this.sink?.(out.view(at));
  }
}

export const PRODUCER = 'Lectern (pdfkit 0.20.2)';

/** The build time as a Date; falls back to the epoch so output stays deterministic. */
export function buildDate(modified: string): Date {
  const d = new Date(modified);
  return Number.isNaN(d.getTime()) ? new Date(0) : d;
}

/** `deflater`: what deflates the pages' content streams (default: this thread, as each is written). */
export function createDocument(book: Book, regular: FontkitFont, deflater: Deflater = inlineDeflater()): LecternPdfDoc {
  const m = book.meta;
  const date = buildDate(m.modified);
  const creators = m.creators.map((c) => c.name);
  const info: Record<string, unknown> = {
    Title: m.title,
    Creator: 'Lectern',
    Producer: PRODUCER,
    CreationDate: date,
    ModDate: date,
  };
  if (creators.length) info.Author = creators.join('; ');
  if (m.description) info.Subject = m.description;
  if (m.subjects.length) info.Keywords = m.subjects.join(', ');
  const xmp: XmpFields = {
    title: m.title,
    creators,
    ...(book.rights ? { rights: book.rights.lines.join('\n') } : {}),
    ...(m.description ? { description: m.description } : {}),
    language: m.language,
    identifier: m.pdfIdentifier,
    subjects: m.subjects,
    date: date.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    producer: PRODUCER,
    creatorTool: 'Lectern',
  };
  const doc = new LecternPdfDocument({
    pdfVersion: '1.7',
    subset: 'PDF/UA',
    tagged: true,
    lang: m.language,
    displayTitle: true,
    autoFirstPage: false,
    bufferPages: false,
    font: regular,
    size: [PAGE.width, PAGE.height],
    margins: { top: PAGE.marginTop, bottom: PAGE.marginBottom, left: PAGE.marginLeft, right: PAGE.marginRight },
    info,
  }, xmp, deflater);
  // Page labels: decimal from 1, the same numbers the footer prints (E-PAGE-2).
  doc._root.data.PageLabels = { Nums: [0, { S: 'D', St: 1 }] };
  // a book in a language written right to left is read with its pages from right to left
  if (book.dir === 'rtl') (doc._root.data.ViewerPreferences as { data: Record<string, unknown> }).data.Direction = 'R2L';
  return doc;
}

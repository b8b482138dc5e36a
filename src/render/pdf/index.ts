/**
 * The tagged PDF edition (PDF/UA-1), read from the Book model only.
 *
 * renderPdf lays the book out once (6 × 9 in, DejaVu Serif 11 pt) and returns the bytes, the
 * page map (for the EPUB page-list) and diagnostics. A character the fonts cannot show is an
 * L-GLYPH error found before layout; then no PDF is written (bytes is empty).
 */
import type { Book } from '../../model/book.js';
import { error, hasErrors, type Diagnostic } from '../../model/diagnostic.js';
import type { Effects } from '../../effects.js';
import { openFont } from '../../font-tables.js';
import { renderBlocks, renderNotes, type Env } from './blocks.js';
import { createDocument, type LecternPdfDoc } from './document.js';
import { inlineDeflater, threadDeflater, type Deflater } from './deflate.js';
import { checkGlyphs, registerFallback, registerFonts } from './fonts.js';
import { painterFor } from './text-run.js';
import { inlineImageBox } from './figures.js';
import { Layout } from './layout.js';
import { untitledEntry } from '../../enrich/navigation.js';
import { chapterDest, knownDestinations } from './links.js';
import type { PageMap } from './page-map.js';
import { chapterOffsets } from '../../model/plain-text.js';
import type { PdfDoc } from './pdfkit.js';

export type { PageMap, PageMapEntry, PageStart } from './page-map.js';
export { blockPlainText, chapterPlainText, inlinePlainText } from '../../model/plain-text.js';

export interface PdfResult {
  readonly bytes: Uint8Array;
  readonly pageMap: PageMap;
  readonly diagnostics: Diagnostic[];
}

/** The file's bytes, once pdfkit has ended the document (document.ts gathers them as written). */
function finished(doc: LecternPdfDoc): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    // the file itself when its buffer is shared (at most a megabyte bigger than the file, and the
    // read-back thread reads the same memory); else a copy the size of the file, not of the
    // buffer it doubled in; a plain Uint8Array either way, never the Buffer it was written with
    doc.on('end', () => { const { bytes, shared } = doc.bytes(); resolve(shared ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length) : new Uint8Array(bytes)); });
    doc.on('error', reject);
    doc.resume(); // nothing reads the stream: let it flow so that it ends
  });
}

/** StructTreeRoot /IDTree for the elements that carry an /ID (notes). */
function writeIdTree(doc: PdfDoc, ids: { id: string; el: { dictionary: unknown } }[]): void {
  if (ids.length === 0) return;
  const root = doc._root.data.StructTreeRoot as { data: Record<string, unknown> };
  const sorted = [...ids].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  root.data.IDTree = { Names: sorted.flatMap((e) => [new String(e.id), e.el.dictionary]) };
}

export interface PdfRenderOptions {
  /** Receives the file's bytes as they are written, page by page, during the layout. */
  readonly onBytes?: (chunk: Uint8Array) => void;
  /**
   * Deflate the pages' content on a thread of their own, while the layout goes on (deflate.ts):
   * for big books, where the thread's start-up is worth it. The same bytes either way.
   */
  readonly deflateOnThread?: boolean;
}

export async function renderPdf(book: Book, effects: Effects, options: PdfRenderOptions = {}): Promise<PdfResult> {
  const files = await effects.fonts();
  if (book.chapters.length === 0) {
    return { bytes: new Uint8Array(0), pageMap: { pages: [] }, diagnostics: [error('I-BUG', 'the PDF renderer was given a book without documents')] };
  }
  const deflater = (options.deflateOnThread && threadDeflater()) || inlineDeflater();
  try {
    return await layOut(book, files, deflater, options);
  } finally {
    deflater.close(); // the document closes it as it ends; this when the layout failed
  }
}

async function layOut(book: Book, files: Awaited<ReturnType<Effects['fonts']>>, deflater: Deflater, options: PdfRenderOptions): Promise<PdfResult> {
  const empty: PdfResult = { bytes: new Uint8Array(0), pageMap: { pages: [] }, diagnostics: [] };
  const doc = createDocument(book, openFont(files.regular), deflater);
  if (options.onBytes) doc.onBytes(options.onBytes);
  const done = finished(doc);
  const fonts = registerFonts(doc, files);
  // DejaVu Sans is opened and registered only for a book with characters the other faces lack
  const { diagnostics: glyphErrors, fallback } = checkGlyphs(book, fonts, (key) => registerFallback(doc, files, key));
  if (hasErrors(glyphErrors)) {
    // nothing was drawn; finish the stream so nothing dangles, and return no PDF
    doc.addPage();
    doc.end();
    await done;
    return { ...empty, diagnostics: glyphErrors };
  }

  if (fallback.size > 0) painterFor(doc).fallback = fallback;
  const L = new Layout(doc, knownDestinations(book));
  L.runningTitle = book.meta.title;
  L.inlineImage = (ref, maxWidth) => inlineImageBox(L, book.images, ref, maxWidth);
  for (const chapter of book.chapters) {
    L.chapter = chapter;
    L.newPage();
    L.dest(chapterDest(chapter.id));
    const untitled = untitledEntry(chapter);
    if (untitled !== undefined) L.outline.add(1, untitled, L.y);
    const sect = L.lazy('Sect', null, { ...(chapter.lang ? { lang: chapter.lang } : {}), title: chapter.title });
    const env: Env = {
      book,
      chapter,
      note: false,
      parent: sect,
      x: L.left,
      width: L.width,
      src: { chapterId: chapter.id, base: 0 },
      align: chapter.role === 'titlepage' || chapter.role === 'cover' ? 'center' : 'left',
      ...(chapter.dir ? { base: chapter.dir } : {}),
    };
    if (chapter.role === 'titlepage') L.y = L.top + (L.bottom - L.top) * 0.22;
    renderBlocks(L, chapter.blocks, env, chapterOffsets(chapter));
    renderNotes(L, env);
    if (!sect.el) L.ensure(sect);
    L.end(sect);
  }
  L.closeInline();
  L.root.end();
  writeIdTree(doc, L.ids);
  doc.end();
  const bytes = await done;
  return { bytes, pageMap: L.pageMap.result(), diagnostics: L.diagnostics };
}

/**
 * The build: load -> parse -> enrich -> render -> verify -> write. Returns diagnostics instead
 * of throwing for anything the manuscript got wrong; only a complete, verified build is written.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Book } from '../model/book.js';
import { error, hasErrors, type Diagnostic } from '../model/diagnostic.js';
import { nodeEffects, type Effects } from '../effects.js';
import { sha256 } from '../digest.js';
import { loadManuscript } from '../manuscript/load.js';
import { enrich } from '../enrich/index.js';
import { renderEpub } from '../render/epub/index.js';
import type { PdfResult } from '../render/pdf/index.js';
import { renderWebPage } from '../render/web/index.js';
import { pageBreaksFrom } from './pagination.js';
import { readBackEpub } from '../verify/epub/check.js';
import { forgetEpub } from '../verify/epub/read.js';
import { compareReadings, parityFailure } from '../verify/parity.js';
import { pdfVerifier, wantsWorker, type PdfVerifier } from './verify-pdf.js';
import { sourcePosition } from '../verify/source-map.js';
import { check } from './check.js';
import { sweepStale, writeAtomically, type OutputFile } from './output.js';
import { removeSuperseded } from './superseded.js';
import { EDITION_FORMATS, type EditionFormat } from './formats.js';

export type Stage = 'load' | 'enrich' | 'pdf' | 'epub' | 'verify' | 'write';

export { EDITION_FORMATS, type EditionFormat } from './formats.js';

export interface BuildOptions {
  /** The manuscript folder (book.yaml and chapters). */
  readonly manuscript: string;
  /** Where the editions go; nothing is written when the build fails. */
  readonly out: string;
  readonly effects?: Effects;
  /** Called when a stage ends (for progress output). */
  readonly onStage?: (stage: Stage, ms: number) => void;
  /** Render and verify but write nothing. */
  readonly dryRun?: boolean;
  /**
   * Also run EPUBCheck and DAISY Ace on the EPUB before writing; their findings fail the build and
   * point at the manuscript. Always on when book.yaml attests an accessibility review, because the
   * conformance claim then rests on them. Nothing to do when `formats` leaves the EPUB out (the
   * command refuses that combination).
   */
  readonly validate?: boolean;
  /**
   * Read the PDF back on a worker thread, while it is laid out and the EPUB is rendered; the EPUB
   * is read back once that thread has ended. Default: for books of WORKER_MIN_BLOCKS blocks or
   * more (a worker's start-up costs more on small books). `false` (the command's `--low-memory`)
   * reads it back here, after the EPUB's read-back: one heap instead of two, and a slower build.
   * The command's `--low-memory` also holds V8's heap growth (src/cli/low-memory.ts), which this
   * library never does: 500k words from the command line peak at 270-280 MiB that way, and at
   * 350-360 MiB the default way.
   */
  readonly verifyOnWorker?: boolean;
  /**
   * The editions to make; default both. With one, the other is neither rendered nor written (a
   * copy already in the output folder is left as it is), the parity check between the two cannot
   * run, and an EPUB made alone has no page-list or page-break markers: those give the PDF
   * edition's page numbers, and only laying the PDF out finds them.
   */
  readonly formats?: readonly EditionFormat[];
  /**
   * For a big book (one whose PDF is read back on a worker by default: WORKER_MIN_BLOCKS), called
   * on a later turn of the event loop after enrichment and after the PDF's layout, when much of
   * what the build held has just died (the parse's tokens; the layout's document and caches). The
   * command line passes V8's full collection (src/cli/low-memory.ts): the heap is then sized from
   * what is live, not from what the layout left, and 500k words peak 40-60 MiB lower. This library
   * never collects unasked.
   */
  readonly collect?: () => void;
}

export interface BuiltFile {
  readonly format: 'epub' | 'pdf' | 'html';
  readonly path: string;
  readonly bytes: number;
  readonly sha256: string;
}

export interface BuildResult {
  readonly ok: boolean;
  readonly files: readonly BuiltFile[];
  readonly diagnostics: readonly Diagnostic[];
  readonly timings: Readonly<Partial<Record<Stage, number>>>;
  readonly book?: Book;
  /** The rendered bytes, by format (also when dryRun). */
  readonly outputs?: { readonly epub?: Uint8Array; readonly pdf?: Uint8Array };
  /** Where the PDF edition was read back: on a worker thread during the layout, or on the main
   * thread after the EPUB (BuildOptions.verifyOnWorker). Absent when no PDF was to be made. */
  readonly pdfReadBack?: 'worker' | 'main';
  /** The editions this manuscript's earlier builds wrote to the output folder under other names
   * (an older title) that the build removed, unchanged since (superseded.ts). */
  readonly removed?: readonly string[];
}

export async function build(options: BuildOptions): Promise<BuildResult> {
  const effects = options.effects ?? nodeEffects();
  const diagnostics: Diagnostic[] = [];
  const timings: Partial<Record<Stage, number>> = {};
  let t0 = performance.now();
  const lap = (stage: Stage) => {
    const now = performance.now();
    timings[stage] = Math.round((now - t0) * 10) / 10;
    options.onStage?.(stage, timings[stage]!);
    t0 = now;
  };
  let pdfReadBack: BuildResult['pdfReadBack'];
  const failed = (book?: Book): BuildResult => ({ ok: false, files: [], diagnostics, timings, ...(book ? { book } : {}), ...(pdfReadBack ? { pdfReadBack } : {}) });

  const formats = new Set(options.formats ?? EDITION_FORMATS);
  if (formats.size === 0 || [...formats].some((f) => !EDITION_FORMATS.includes(f))) {
    throw new RangeError(`formats must be one or more of ${EDITION_FORMATS.join(', ')}; got ${[...formats].join(', ') || 'none'}`);
  }
  const wantEpub = formats.has('epub');
  const wantPdf = formats.has('pdf');
  let verifier: PdfVerifier | undefined;
  try {
    const loaded = await loadManuscript(options.manuscript, effects);
    if (!loaded.ok) { diagnostics.push(...loaded.diagnostics); return failed(); }
    diagnostics.push(...loaded.manuscript.diagnostics);
    // a big book's PDF is read back on a thread that starts now, while the book is laid out
    if (wantPdf) {
      const onWorker = options.verifyOnWorker ?? wantsWorker(loaded.manuscript.chapters);
      verifier = pdfVerifier(onWorker);
      pdfReadBack = onWorker ? 'worker' : 'main';
    }
    lap('load');
    const given = options.collect && wantsWorker(loaded.manuscript.chapters) ? options.collect : undefined;
    // only a help to memory: a collection that fails never fails the build
    const collect = given && (() => { try { given(); } catch { /* the heap stays as V8 sizes it */ } });

    const { book, diagnostics: enrichDiagnostics } = enrich(loaded.manuscript, {
      sourceDateEpoch: effects.sourceDateEpoch, coverFonts: await effects.fonts(), pageList: wantPdf,
    });
    diagnostics.push(...enrichDiagnostics);
    if (hasErrors(diagnostics)) return failed(book);
    lap('enrich');
    if (collect) setImmediate(collect);

    // The PDF is laid out first: its page map places the EPUB's page-break markers.
    let pdf: PdfResult | undefined;
    if (verifier) {
      // pdfkit and fontkit's layout engine load only when a PDF is made
      const { renderPdf } = await import('../render/pdf/index.js');
      // a big book's pages are deflated on a thread of their own too (unless memory comes first)
      pdf = await renderPdf(book, effects, { ...(verifier.feed ? { onBytes: verifier.feed } : {}), deflateOnThread: pdfReadBack === 'worker' });
      diagnostics.push(...pdf.diagnostics);
      if (hasErrors(diagnostics)) return failed(book);
      lap('pdf');
      if (collect) setImmediate(collect);
    }

    // The PDF's read-back starts now (on a worker thread for big books) and runs while the EPUB
    // is rendered here; parity then compares what a screen reader gets from each.
    const rightsLines = book.rights?.lines;
    const expect = rightsLines ? { rightsLines } : {};
    // what a screen reader gets from the PDF is read only to compare it with the EPUB's
    const pending = pdf && verifier?.start(pdf.bytes, expect, { reading: wantEpub });
    let epub: Awaited<ReturnType<typeof renderEpub>> | undefined;
    if (wantEpub) {
      epub = await renderEpub(book, effects, pdf ? pageBreaksFrom(book, pdf.pageMap) : undefined);
      lap('epub');
    }

    // Read back on a worker, the PDF's result comes first: the EPUB is read back once that thread
    // has ended, so the two read-backs' memory is never held at once (500k words: 351-360 MiB
    // that way, 411-437 MiB the EPUB's read-back beside the thread, though that holds one content
    // document's tree at a time, verify/epub/check.ts). Read back here, on the main thread, the
    // PDF comes after the EPUB, whose unzipped entries are let go first (500k words with
    // --low-memory: 269-278 MiB that way, 311-323 the other).
    const pdfFirst = pdfReadBack === 'worker';
    // the digest the build reports, taken while the thread finishes (it is sent none: it reads the
    // file's own memory)
    if (pdf && pending && pdfFirst) sha256(pdf.bytes);
    let pdfChecked = pending && pdfFirst ? await pending.result() : undefined;
    // the EPUB's reading is only asked for to compare it with the PDF's
    const epubBack = epub ? await readBackEpub(epub.bytes, expect, { reading: pdf !== undefined }) : undefined;
    if (epub) forgetEpub(epub.bytes); // the unzipped entries (validators re-read the bytes)
    if (pending && !pdfFirst) pdfChecked = await pending.result();
    diagnostics.push(...(epubBack?.diagnostics ?? []), ...(pdfChecked?.diagnostics ?? []));
    const epubRead = epubBack?.reading;
    if (epubRead && 'err' in epubRead) diagnostics.push(parityFailure(epubRead.err));
    else if (epubRead && pdfChecked?.reading) diagnostics.push(...compareReadings(epubRead.r, pdfChecked.reading));
    if (hasErrors(diagnostics)) return failed(book);
    if (epub && (options.validate || book.meta.review)) {
      const why = book.meta.review ? 'book.yaml attests an accessibility review, and the conformance claim rests on it' : 'validation was asked for';
      const r = await check(`${book.meta.slug}.epub`, epub.bytes, { external: true, requireExternal: true });
      for (const v of r.validators) {
        if (!v.ran) diagnostics.push(error('X-VALIDATOR', `${v.tool} must run (${why}) but could not: ${v.diagnostics[0]?.message ?? ''}`));
        else for (const f of v.findings) {
          const at = f.path ? sourcePosition(book, epub.documents, f.path, f.line ?? Number.MAX_SAFE_INTEGER) : undefined;
          diagnostics.push(at ? { ...f.diagnostic, at } : f.diagnostic);
        }
      }
      if (hasErrors(diagnostics)) return failed(book);
    }
    lap('verify');

    const epubName = `${book.meta.slug}.epub`;
    const pdfName = `${book.meta.slug}.pdf`;
    const page = await renderWebPage(book, {
      ...(epub ? { epub: { name: epubName, bytes: epub.bytes.length } } : {}),
      ...(pdf ? { pdf: { name: pdfName, bytes: pdf.bytes.length, pages: pdf.pageMap.pages.length } } : {}),
    }, effects);
    const files: OutputFile[] = [
      ...(epub ? [{ name: epubName, bytes: epub.bytes }] : []),
      ...(pdf ? [{ name: pdfName, bytes: pdf.bytes }] : []),
      // The download page goes last: it names the editions, so it must not arrive before them.
      { name: 'index.html', bytes: new TextEncoder().encode(page) },
    ];
    const built: BuiltFile[] = files.map((f) => ({
      format: f.name.endsWith('.epub') ? 'epub' : f.name.endsWith('.pdf') ? 'pdf' : 'html',
      path: path.join(path.resolve(options.out), f.name),
      bytes: f.bytes.length,
      sha256: sha256(f.bytes),
    }));
    let removed: string[] = [];
    if (!options.dryRun) {
      await writeAtomically(options.out, files);
      await sweepStale(path.resolve(options.out), await readdir(path.resolve(options.out)));
      // the editions are in place: what the record cannot do leaves old editions, as before it
      try {
        removed = await removeSuperseded(options.out, options.manuscript, built.filter((f) => f.format !== 'html').map((f) => ({ name: path.basename(f.path), sha256: f.sha256 })));
      } catch { /* an output folder Lectern can write editions to but not a record in */ }
      lap('write');
    }
    return {
      ok: true, files: built, diagnostics, timings, book, outputs: { ...(epub ? { epub: epub.bytes } : {}), ...(pdf ? { pdf: pdf.bytes } : {}) },
      ...(pdfReadBack ? { pdfReadBack } : {}), ...(removed.length > 0 ? { removed } : {}),
    };
  } catch (e) {
    diagnostics.push(error('I-BUG', `${(e as Error).stack ?? String(e)}`));
    return failed();
  } finally {
    verifier?.close();
  }
}

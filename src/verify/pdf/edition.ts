/**
 * Everything the build verifies on the PDF edition alone, in one call that can run on another
 * thread (edition-worker.ts): Lectern's PDF/UA checks and the rights block (checkPdf), and what a
 * screen reader gets from it (the reading that parity compares with the EPUB's).
 */
import type { Diagnostic } from '../../model/diagnostic.js';
import { parityFailure, pdfReading, type EditionReading } from '../parity.js';
import { checkPdf, type PdfExpectations } from './index.js';
import { useLexedStreams } from './content.js';
import { forgetPdf, rawPdf } from './raw.js';
import type { LexedStream } from './stream-read.js';

export interface PdfVerification {
  readonly diagnostics: readonly Diagnostic[];
  /** Absent when the PDF could not be read; `diagnostics` then says why (X-PARITY). */
  readonly reading?: EditionReading;
}

/**
 * `lexed`: content streams already lexed while the file was written (stream-read.ts); used only
 * where the file's cross-reference table puts those objects.
 */
export async function verifyPdfEdition(bytes: Uint8Array, expect: PdfExpectations, lexed?: ReadonlyMap<number, LexedStream>): Promise<PdfVerification> {
  try {
    if (lexed) {
      try { useLexedStreams(rawPdf(bytes), lexed); } catch { /* unreadable: checkPdf says why */ }
    }
    const diagnostics = [...await checkPdf(bytes, expect, { independentReader: false })];
    try {
      return { diagnostics, reading: pdfReading(bytes) };
    } catch (err) {
      return { diagnostics: [...diagnostics, parityFailure(err)] };
    }
  } finally {
    forgetPdf(bytes); // the parsed objects are not needed after this
  }
}

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
import type { ReadAhead } from './stream-read.js';

export interface PdfVerification {
  readonly diagnostics: readonly Diagnostic[];
  /** Absent when the PDF could not be read (`diagnostics` then says why: X-PARITY), or was not
   * asked for (PdfVerificationOptions). */
  readonly reading?: EditionReading;
}

export interface PdfVerificationOptions {
  /** Also read what a screen reader gets (`reading`), for parity with the EPUB. Default true; a
   * build of the PDF alone has nothing to compare it with (500k words: 0.35 s spared). */
  readonly reading?: boolean;
}

/**
 * `ahead`: content streams lexed and objects parsed while the file was written (stream-read.ts);
 * each used only where the file's cross-reference table puts its object.
 */
export async function verifyPdfEdition(bytes: Uint8Array, expect: PdfExpectations, ahead?: Partial<ReadAhead>, options: PdfVerificationOptions = {}): Promise<PdfVerification> {
  try {
    if (ahead) {
      try {
        const pdf = rawPdf(bytes);
        if (ahead.streams) useLexedStreams(pdf, ahead.streams);
        if (ahead.objects) pdf.adopt(ahead.objects);
      } catch { /* unreadable: checkPdf says why */ }
    }
    const diagnostics = [...await checkPdf(bytes, expect, { independentReader: false })];
    if (options.reading === false) return { diagnostics };
    try {
      return { diagnostics, reading: pdfReading(bytes) };
    } catch (err) {
      return { diagnostics: [...diagnostics, parityFailure(err)] };
    }
  } finally {
    forgetPdf(bytes); // the parsed objects are not needed after this
  }
}

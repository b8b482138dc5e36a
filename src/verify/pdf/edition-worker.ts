/**
 * A worker thread that verifies one PDF edition (edition.ts). It receives the file's bytes as
 * the renderer writes them and lexes each page's content stream meanwhile (stream-read.ts); when
 * the file is complete it verifies the whole file and posts the result.
 */
import { parentPort } from 'node:worker_threads';
import { verifyPdfEdition, type PdfVerificationOptions } from './edition.js';
import type { PdfExpectations } from './index.js';
import { PdfStreamReader } from './stream-read.js';

type Message =
  | { readonly type: 'chunk'; readonly data: Uint8Array }
  | { readonly type: 'end'; readonly bytes: Uint8Array; readonly expect: PdfExpectations; readonly options: PdfVerificationOptions };

let reader: PdfStreamReader | undefined = new PdfStreamReader();

parentPort?.on('message', async (m: Message) => {
  if (m.type === 'chunk') {
    try {
      reader?.push(m.data);
    } catch {
      reader = undefined; // reading ahead is only a head start: the verification reads everything anyway
    }
    return;
  }
  // the streamed bytes must be the file's bytes, or nothing read ahead is used (compared in place)
  const view = (b: Uint8Array): Buffer => Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  // what was read ahead, without the reader and the copy of the file it grew (objects own their bytes)
  const ahead = reader && view(reader.bytes()).equals(view(m.bytes)) ? { streams: reader.streams, objects: reader.objects } : undefined;
  reader = undefined;
  parentPort?.postMessage(await verifyPdfEdition(m.bytes, m.expect, ahead, m.options));
});

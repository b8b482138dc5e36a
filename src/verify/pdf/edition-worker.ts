/**
 * A worker thread that verifies one PDF edition (edition.ts). It reads the file's bytes as the
 * renderer writes them and lexes each page's content stream meanwhile (stream-read.ts); when the
 * file is complete it verifies the whole file and posts the result. The bytes come in the memory
 * the renderer writes them into (a growable SharedArrayBuffer, with how much is written), or, where
 * that memory is not shared, as copied chunks. The file itself is sent only if what was read
 * differs from it (by its length where it is that memory, else by SHA-256): at 500k words that
 * spares a 12 MB copy on each thread.
 */
import { parentPort } from 'node:worker_threads';
import { sha256 } from '../../digest.js';
import { verifyPdfEdition, type PdfVerification, type PdfVerificationOptions } from './edition.js';
import type { PdfExpectations } from './index.js';
import { PdfStreamReader } from './stream-read.js';

type Message =
  | { readonly type: 'chunk'; readonly data: Uint8Array }
  /** The file is written into this memory from its first byte (instead of chunks). */
  | { readonly type: 'shared'; readonly buffer: SharedArrayBuffer }
  /** So many bytes of the shared file are written. */
  | { readonly type: 'length'; readonly length: number }
  /**
   * The file is complete: `sha256` is its digest, or `length` says it is the first `length` bytes
   * of the shared memory this thread reads; the bytes come only if this thread asks.
   */
  | { readonly type: 'end'; readonly sha256?: string; readonly length?: number; readonly expect: PdfExpectations; readonly options: PdfVerificationOptions }
  | { readonly type: 'bytes'; readonly bytes: Uint8Array };

/** What this thread posts: the verification, or a request for the file's bytes. */
export type EditionWorkerReply = { readonly type: 'result'; readonly result: PdfVerification } | { readonly type: 'need-bytes' };

let reader: PdfStreamReader | undefined = new PdfStreamReader();
let job: Extract<Message, { type: 'end' }> | undefined;

const reply = (r: EditionWorkerReply): void => { parentPort?.postMessage(r); };

parentPort?.on('message', async (m: Message) => {
  if (m.type === 'chunk' || m.type === 'shared' || m.type === 'length') {
    try {
      if (m.type === 'chunk') reader?.push(m.data);
      else if (m.type === 'shared') reader?.share(m.buffer);
      else reader?.advance(m.length);
    } catch {
      reader = undefined; // reading ahead is only a head start: the verification reads everything anyway
    }
    return;
  }
  if (m.type === 'end') {
    job = m;
    // The bytes fed while the file was written are the file when their digest is its digest (or
    // they are the file's own memory, as far as it is written): then
    // they are verified here, with what was read ahead, and the file is never sent a second time.
    const fed = reader?.bytes();
    if (reader && fed && (m.length !== undefined ? reader.readsShared() && fed.length === m.length : sha256(fed) === m.sha256)) {
      // what was read ahead, without the reader (objects own their bytes)
      const ahead = { streams: reader.streams, objects: reader.objects };
      reader = undefined;
      reply({ type: 'result', result: await verifyPdfEdition(fed, m.expect, ahead, m.options) });
      return;
    }
    reader = undefined; // not the file: nothing read ahead is used
    reply({ type: 'need-bytes' });
    return;
  }
  if (!job) return;
  reply({ type: 'result', result: await verifyPdfEdition(m.bytes, job.expect, undefined, job.options) });
});

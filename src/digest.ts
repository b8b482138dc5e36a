/**
 * SHA-256 of an edition's bytes, in hex. The build needs it twice for the PDF (the read-back
 * thread checks by it that the bytes it was fed are the file, and the build reports it), so it is
 * kept per byte array: the file is hashed once.
 */
import { createHash } from 'node:crypto';

const digests = new WeakMap<Uint8Array, string>();

export function sha256(bytes: Uint8Array): string {
  let d = digests.get(bytes);
  if (d === undefined) { d = createHash('sha256').update(bytes).digest('hex'); digests.set(bytes, d); }
  return d;
}

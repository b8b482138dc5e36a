/**
 * Reads a zip container back with Node's own zlib: the central directory names the entries, each
 * entry's local header is checked against it, deflated data is inflated natively, and every
 * entry's CRC-32 and size must match. Anything else (encryption, ZIP64, other methods, a
 * truncated file) throws: the read-back fails closed.
 */
import { crc32, inflateRawSync } from 'node:zlib';

export interface UnzippedEntry {
  readonly name: string;
  readonly bytes: Uint8Array;
  /** Deflated in the container (false: stored). */
  readonly compressed: boolean;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

export function unzip(zip: Uint8Array): UnzippedEntry[] {
  const dv = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const u16 = (at: number): number => dv.getUint16(at, true);
  const u32 = (at: number): number => dv.getUint32(at, true);
  const need = (at: number, n: number, what: string): void => {
    if (at < 0 || at + n > zip.length) throw new Error(`the zip is truncated (${what})`);
  };
  // the end-of-central-directory record: the last one, after at most a 64 KiB comment
  let eocd = -1;
  for (let p = zip.length - 22; p >= Math.max(0, zip.length - 22 - 0xffff); p--) {
    if (u32(p) === EOCD) { eocd = p; break; }
  }
  if (eocd < 0) throw new Error('not a zip file (no end of central directory)');
  const count = u16(eocd + 10);
  let p = u32(eocd + 16);
  if (count === 0xffff || p === 0xffffffff) throw new Error('ZIP64 containers are not supported');
  const names = new TextDecoder('utf-8', { fatal: true });
  const out: UnzippedEntry[] = [];
  for (let i = 0; i < count; i++) {
    need(p, 46, 'central directory');
    if (u32(p) !== CENTRAL) throw new Error('the zip central directory is damaged');
    const flags = u16(p + 8);
    const method = u16(p + 10);
    const crc = u32(p + 16);
    const size = u32(p + 20);
    const plain = u32(p + 24);
    const nameLen = u16(p + 28);
    const extraLen = u16(p + 30);
    const commentLen = u16(p + 32);
    const local = u32(p + 42);
    need(p + 46, nameLen, 'entry name');
    const name = names.decode(zip.subarray(p + 46, p + 46 + nameLen));
    p += 46 + nameLen + extraLen + commentLen;
    if (flags & 1) throw new Error(`${name} is encrypted`);
    if (method !== 0 && method !== 8) throw new Error(`${name} uses compression method ${method}`);
    need(local, 30, name);
    if (u32(local) !== LOCAL) throw new Error(`${name}: no local header where the central directory says`);
    const start = local + 30 + u16(local + 26) + u16(local + 28);
    need(start, size, name);
    if (name.endsWith('/')) continue; // a folder
    const data = zip.subarray(start, start + size);
    const bytes = method === 8 ? new Uint8Array(inflateRawSync(data)) : data.slice();
    if (bytes.length !== plain) throw new Error(`${name}: ${bytes.length} bytes where the zip says ${plain}`);
    if (crc32(bytes) !== crc) throw new Error(`${name}: CRC-32 mismatch`);
    out.push({ name, bytes, compressed: method === 8 });
  }
  return out;
}

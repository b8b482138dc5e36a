/**
 * Writes the EPUB's zip container with Node's own zlib (native DEFLATE and CRC-32). epub-gen-memory
 * assembles the entries in a jszip object; jszip's pure-JavaScript DEFLATE at level 9 took most of
 * the EPUB stage on big books (500k words: 0.7–0.8 s, against 0.18 s here).
 *
 * What OCF (EPUB 3.3 §4.2) asks of the container: `mimetype` first, stored, with no extra field;
 * every other entry stored or deflated; names in UTF-8. Entry times come from the UTC fields of
 * the build date, so the bytes are the same in every time zone.
 */
import { crc32, deflateRawSync } from 'node:zlib';

export interface ZipEntry {
  readonly name: string;
  readonly data: Uint8Array;
  /** Store without compression (the `mimetype` entry, and folders). */
  readonly store: boolean;
  readonly dir: boolean;
}

function dosTime(d: Date): { time: number; date: number } {
  const year = Math.min(Math.max(d.getUTCFullYear(), 1980), 2107);
  return {
    time: (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | Math.floor(d.getUTCSeconds() / 2),
    date: ((year - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate(),
  };
}

export function writeZip(entries: readonly ZipEntry[], when: Date): Uint8Array {
  const { time, date } = dosTime(when);
  const chunks: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const method = e.store || e.dir ? 0 : 8;
    const body = method === 8 ? deflateRawSync(e.data, { level: 9 }) : e.data;
    const crc = e.dir ? 0 : crc32(e.data);
    const utf8 = /[^\x20-\x7e]/.test(e.name) ? 0x0800 : 0;
    // the fields a local header and its central directory record share, in the same order
    const fields = (b: Buffer, at: number): void => {
      b.writeUInt16LE(method === 8 ? 20 : 10, at); // version needed
      b.writeUInt16LE(utf8, at + 2);
      b.writeUInt16LE(method, at + 4);
      b.writeUInt16LE(time, at + 6);
      b.writeUInt16LE(date, at + 8);
      b.writeUInt32LE(crc, at + 10);
      b.writeUInt32LE(body.length, at + 14);
      b.writeUInt32LE(e.data.length, at + 18);
      b.writeUInt16LE(name.length, at + 22);
    };
    const local = Buffer.alloc(30); // extra field length (28) stays 0
    local.writeUInt32LE(0x04034b50, 0);
    fields(local, 4);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(20, 4); // made by: MS-DOS, 2.0
    fields(cd, 6);
    // extra, comment, disk: 0; internal attributes 0; external: the DOS folder bit
    cd.writeUInt32LE(e.dir ? 0x10 : 0, 38);
    cd.writeUInt32LE(offset, 42);
    chunks.push(local, name, body);
    central.push(cd, name);
    offset += local.length + name.length + body.length;
  }
  const cdSize = central.reduce((s, c) => s + c.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cdSize, 12);
  end.writeUInt32LE(offset, 16);
  const all = Buffer.concat([...chunks, ...central, end]);
  return new Uint8Array(all.buffer, all.byteOffset, all.byteLength);
}

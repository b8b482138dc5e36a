/**
 * Writes the EPUB's zip container with Node's own zlib (native DEFLATE and CRC-32). epub-gen-memory
 * assembles the entries in a jszip object; jszip's pure-JavaScript DEFLATE at level 9 took most of
 * the EPUB stage on big books (500k words: 0.7–0.8 s, against 0.18 s here).
 *
 * The entries are deflated at once on libuv's thread pool, not one after another on the calling
 * thread, at zlib's default level (6): the same bytes whatever order they finish in. At 500k words
 * the entries take 0.14 s to deflate at level 6 and 0.19 s at level 9, for a container 0.4%
 * bigger; and the build's thread, which would wait for the PDF's read-back thread after this
 * anyway, waits for both at once.
 *
 * What OCF (EPUB 3.3 §4.2) asks of the container: `mimetype` first, stored, with no extra field;
 * every other entry stored or deflated; names in UTF-8. Entry times come from the UTC fields of
 * the build date, so the bytes are the same in every time zone.
 */
import { promisify } from 'node:util';
import { crc32, deflateRaw } from 'node:zlib';

const deflateRawAsync = promisify(deflateRaw);

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

/**
 * Each entry's deflated data (or its data, stored), deflated IN_FLIGHT at a time: every deflate
 * holds about 270 KB of zlib's state from its start, and 500k words make over a hundred entries.
 */
async function deflateAll(entries: readonly ZipEntry[]): Promise<Uint8Array[]> {
  const bodies: Uint8Array[] = entries.map((e) => e.data);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < entries.length) {
      const i = next++;
      const e = entries[i]!;
      if (!e.store && !e.dir) bodies[i] = await deflateRawAsync(e.data, { level: 6 });
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
  return bodies;
}

/** Deflates at once: libuv's thread pool has four threads unless UV_THREADPOOL_SIZE says otherwise. */
const IN_FLIGHT = 4;

export async function writeZip(entries: readonly ZipEntry[], when: Date): Promise<Uint8Array> {
  const { time, date } = dosTime(when);
  const chunks: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  const bodies = await deflateAll(entries);
  for (const [i, e] of entries.entries()) {
    const name = Buffer.from(e.name, 'utf8');
    const method = e.store || e.dir ? 0 : 8;
    const body = bodies[i]!;
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

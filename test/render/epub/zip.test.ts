import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeZip } from '../../../src/render/epub/zip.js';

const enc = (s: string) => new TextEncoder().encode(s);
const when = new Date('2021-07-18T23:30:10Z');

describe('writeZip (the EPUB container)', () => {
  const entries = [
    { name: 'mimetype', data: enc('application/epub+zip'), store: true, dir: false },
    { name: 'OEBPS/', data: new Uint8Array(0), store: false, dir: true },
    { name: 'OEBPS/ch.xhtml', data: enc('<p>Friendship of Azerbaijan and Pakistan. '.repeat(200)), store: false, dir: false },
    { name: 'OEBPS/é.css', data: enc(''), store: false, dir: false },
  ];
  let bytes: Uint8Array;
  beforeAll(async () => { bytes = await writeZip(entries, when); });

  it('starts with an uncompressed mimetype entry with no extra field (OCF)', () => {
    const b = Buffer.from(bytes);
    expect(b.readUInt32LE(0)).toBe(0x04034b50);
    expect(b.readUInt16LE(8)).toBe(0); // stored
    expect(b.readUInt16LE(28)).toBe(0); // no extra field
    expect(b.subarray(30, 38).toString()).toBe('mimetype');
    expect(b.subarray(38, 58).toString()).toBe('application/epub+zip');
  });

  it('is read back by jszip, CRCs checked, in order, contents and UTC dates intact', async () => {
    const zip = await JSZip.loadAsync(bytes, { checkCRC32: true });
    expect(Object.keys(zip.files)).toEqual(entries.map((e) => e.name));
    for (const e of entries) {
      const f = zip.files[e.name]!;
      expect(f.dir).toBe(e.dir);
      if (!e.dir) expect(Buffer.from(await f.async('uint8array')).equals(Buffer.from(e.data))).toBe(true);
      // DOS time has a two-second step
      expect(f.date.toISOString()).toBe('2021-07-18T23:30:10.000Z');
    }
    // the text compressed, the mimetype not
    expect(bytes.length).toBeLessThan(entries[2]!.data.length / 4);
  });

  it('gives the same bytes for the same entries', async () => {
    expect(Buffer.from(await writeZip(entries, when)).equals(Buffer.from(bytes))).toBe(true);
  });

  it('keeps the entries in order, each with its own bytes, however many are deflated at once', async () => {
    const many = [
      entries[0]!,
      ...Array.from({ length: 60 }, (_, i) => ({ name: `OEBPS/ch${i}.xhtml`, data: enc(`<p>chapter ${i} </p>`.repeat(50 + 400 * (i % 7))), store: false, dir: false })),
    ];
    const zip = await JSZip.loadAsync(await writeZip(many, when), { checkCRC32: true });
    expect(Object.keys(zip.files)).toEqual(many.map((e) => e.name));
    for (const e of many) expect(Buffer.from(await zip.files[e.name]!.async('uint8array')).equals(Buffer.from(e.data))).toBe(true);
  });
});

import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { writeZip } from '../../../src/render/epub/zip.js';
import { unzip } from '../../../src/verify/epub/unzip.js';

const enc = (s: string) => new TextEncoder().encode(s);
const TEXT = '<p>Friendship of Azerbaijan and Pakistan. © 2021</p>\n'.repeat(300);

async function jszipped(streamFiles: boolean): Promise<Uint8Array> {
  const zip = new JSZip();
  zip.file('mimetype', 'application/epub+zip', { compression: 'STORE' });
  zip.folder('OEBPS');
  zip.file('OEBPS/ch.xhtml', TEXT, { compression: 'DEFLATE' });
  zip.file('OEBPS/é.css', '');
  return zip.generateAsync({ type: 'uint8array', streamFiles });
}

describe('unzip (the EPUB read-back)', () => {
  it('reads what Lectern writes: names in order, bytes, and which entries were deflated', async () => {
    const bytes = await writeZip([
      { name: 'mimetype', data: enc('application/epub+zip'), store: true, dir: false },
      { name: 'OEBPS/', data: new Uint8Array(0), store: false, dir: true },
      { name: 'OEBPS/ch.xhtml', data: enc(TEXT), store: false, dir: false },
    ], new Date(0));
    const got = unzip(bytes);
    expect(got.map((e) => [e.name, e.compressed])).toEqual([['mimetype', false], ['OEBPS/ch.xhtml', true]]);
    expect(new TextDecoder().decode(got[1]!.bytes)).toBe(TEXT);
  });

  it.each([false, true])('reads another writer\'s zip (jszip, data descriptors: %s)', async (streamFiles) => {
    const got = unzip(await jszipped(streamFiles));
    expect(got.map((e) => e.name)).toEqual(['mimetype', 'OEBPS/ch.xhtml', 'OEBPS/é.css']);
    expect(new TextDecoder().decode(got[0]!.bytes)).toBe('application/epub+zip');
    expect(new TextDecoder().decode(got[1]!.bytes)).toBe(TEXT);
    expect(got[2]!.bytes.length).toBe(0);
  });

  it('fails closed on damage: a changed byte (CRC-32), a cut file, not a zip, encryption', async () => {
    const good = await jszipped(false);
    // a byte of the stored mimetype entry's data: inflating cannot notice, the CRC must
    const stored = good.slice();
    const at = 30 + 'mimetype'.length + 3;
    stored[at] = stored[at]! ^ 0x20;
    expect(() => unzip(stored)).toThrow(/mimetype: CRC-32 mismatch/);
    expect(() => unzip(good.subarray(0, good.length - 30))).toThrow(/not a zip file|truncated|damaged/);
    expect(() => unzip(enc('PK but no zip at all, just some text long enough to scan'))).toThrow(/not a zip file/);
    const encrypted = good.slice();
    const dv = new DataView(encrypted.buffer);
    const cd = dv.getUint32(encrypted.length - 22 + 16, true);
    dv.setUint16(cd + 8, dv.getUint16(cd + 8, true) | 1, true);
    expect(() => unzip(encrypted)).toThrow(/mimetype is encrypted/);
  });
});

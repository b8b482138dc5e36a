/**
 * scripts/zlib-inflate.cjs stands in for tiny-inflate in the command's bundle: it must give what
 * tiny-inflate gives, on the data the bundle inflates (the Unicode tries of unicode-properties,
 * linebreak and fontkit) and at the edges of its contract. The bundle's editions are compared
 * byte for byte with the library's in test/pipeline/independent-builds.test.ts.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { REPO } from '../support/build-helpers.js';

const require = createRequire(import.meta.url);
type Inflate = (source: Uint8Array, dest: Uint8Array) => Uint8Array;
const tiny = require('tiny-inflate') as Inflate;
const viaZlib = require(path.join(REPO, 'scripts', 'zlib-inflate.cjs')) as Inflate;

/** The tries' data, as the three packages carry it (base64, inside their code). */
function trieData(): { from: string; bytes: Buffer }[] {
  const out: { from: string; bytes: Buffer }[] = [];
  for (const pkg of ['unicode-properties', 'linebreak', 'fontkit']) {
    const code = readFileSync(require.resolve(pkg), 'utf8');
    for (const m of code.matchAll(/\("([A-Za-z0-9+/]{100,}={0,2})"\)/g)) out.push({ from: pkg, bytes: Buffer.from(m[1]!, 'base64') });
  }
  return out;
}

/** What unicode-trie does with the data: a header, then the table deflated twice. */
function unpack(bytes: Buffer, inflate: Inflate): Uint8Array {
  const length = bytes.readUInt32LE(8);
  const once = inflate(bytes.subarray(12), new Uint8Array(length));
  return inflate(once, new Uint8Array(length));
}

describe('zlib-inflate (tiny-inflate in the bundle)', () => {
  const tries = trieData();

  it('finds the five tries the bundle inflates', () => {
    expect(tries.map((t) => t.from)).toEqual(['unicode-properties', 'linebreak', 'fontkit', 'fontkit', 'fontkit']);
  });

  it.each(trieData().map((t, i) => [`${t.from} #${i}`, t.bytes] as const))('inflates %s to the bytes tiny-inflate gives', (_name, bytes) => {
    const want = unpack(bytes, tiny);
    expect(want.length).toBeGreaterThan(1000);
    expect(Buffer.from(unpack(bytes, viaZlib)).equals(Buffer.from(want))).toBe(true);
  });

  it('returns the destination itself when the data fills it, its first part when it is bigger', () => {
    const data = new TextEncoder().encode('Friendship of Azerbaijan and Pakistan. '.repeat(50));
    const packed = deflateRawSync(data);
    for (const inflate of [tiny, viaZlib]) {
      const exact = new Uint8Array(data.length);
      expect(inflate(packed, exact)).toBe(exact);
      expect(Buffer.from(exact).equals(Buffer.from(data))).toBe(true);
      const roomy = inflate(packed, new Uint8Array(data.length + 10));
      expect(roomy.length).toBe(data.length);
      expect(Buffer.from(roomy).equals(Buffer.from(data))).toBe(true);
    }
  });

  it('refuses data that is not DEFLATE, and data bigger than its destination', () => {
    expect(() => viaZlib(new Uint8Array([0xff, 0xff, 0xff, 0xff]), new Uint8Array(10))).toThrow();
    expect(() => tiny(new Uint8Array([0xff, 0xff, 0xff, 0xff]), new Uint8Array(10))).toThrow();
    // tiny-inflate would cut the data short without a word; the bundle's says so
    expect(() => viaZlib(deflateRawSync(new Uint8Array(100)), new Uint8Array(10))).toThrow('Data error');
  });
});

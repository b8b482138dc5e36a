/** Lexing content streams into compact operators, and reading them back as what a page shows. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contentOps, decode, lexContent, type FontInfo } from '../../../src/verify/pdf/content.js';

const lex = (s: string) => lexContent(new TextEncoder().encode(s));
const bytes = (...b: number[]) => new Uint8Array(b);

describe('lexContent', () => {
  it('keeps every text operator, in order, with its operands', () => {
    const c = lex([
      '/Artifact BMC /F1 9 Tf (12) Tj EMC',
      '/P << /MCID 3 >> BDC BT /F2 11 Tf [<0001> 86.9 <00020003> -12 <>] TJ ET EMC',
      '/Span /MC0 BDC (a) \' 1 2 (b) " EMC',
      '/Artifact << /Type /Pagination >> BDC /X1 Do EMC',
      '/Span << /Lang (en) >> BDC (c) Tj EMC',
      'BI /W 1 /H 1 ID \x00EI\n EI (d) Tj',
    ].join('\n'));
    expect(contentOps(c)).toEqual([
      { op: 'begin', artifact: true },
      { op: 'font', name: 'F1' },
      { op: 'show', bytes: bytes(0x31, 0x32) },
      { op: 'end' },
      { op: 'begin', artifact: false, mcid: 3 },
      { op: 'font', name: 'F2' },
      // a TJ array's strings are one run: its spacing numbers are not text
      { op: 'show', bytes: bytes(0, 1, 0, 2, 0, 3) },
      { op: 'end' },
      { op: 'begin', artifact: false, properties: 'MC0' },
      { op: 'show', bytes: bytes(0x61) },
      { op: 'show', bytes: bytes(0x62) },
      { op: 'end' },
      { op: 'begin', artifact: true },
      { op: 'do', name: 'X1' },
      { op: 'end' },
      // marked content with properties but no MCID
      { op: 'begin', artifact: false },
      { op: 'show', bytes: bytes(0x63) },
      { op: 'end' },
      // inline image data is skipped, not read as operators
      { op: 'show', bytes: bytes(0x64) },
    ]);
  });

  it('holds the shown bytes in one buffer and each name once', () => {
    const c = lex('/F1 9 Tf (ab) Tj /F2 9 Tf (c) Tj /F1 9 Tf (de) Tj');
    expect(Buffer.from(c.text).toString('latin1')).toBe('abcde');
    expect(c.names).toEqual(['F1', 'F2']);
    expect(c.ops.length).toBe(6 * 3);
    // the lexed bytes are its own: changing the stream afterwards changes nothing
    const data = new TextEncoder().encode('(xy) Tj');
    const own = lexContent(data);
    data.fill(0x20);
    expect(contentOps(own)).toEqual([{ op: 'show', bytes: bytes(0x78, 0x79) }]);
  });

  it('keeps an MCID exactly, and an MCID that is not a number is none', () => {
    expect(contentOps(lex('/P << /MCID 70000 >> BDC EMC /P << /MCID /X >> BDC EMC'))).toEqual([
      { op: 'begin', artifact: false, mcid: 70000 }, { op: 'end' },
      { op: 'begin', artifact: false }, { op: 'end' },
    ]);
  });
});

describe('decode (a run of shown bytes as text)', () => {
  /** Code by code through the map, as the read-back always did. */
  const slow = (b: Uint8Array, f: FontInfo): string => {
    let out = '';
    for (let i = 0; i + f.width <= b.length; i += f.width) {
      const code = f.width === 2 ? (b[i]! << 8) | b[i + 1]! : b[i]!;
      out += f.map?.get(code) ?? (f.width === 1 ? String.fromCharCode(code) : '\ufffd');
    }
    return out;
  };

  it('gives what the map gives, code by code: one unit, several (ligatures), none, U+0000, unmapped codes, an odd byte', () => {
    const targets = fc.constantFrom('a', 'é', '\u00a0', 'fi', 'ffl', '\u0000', '\ud83d\ude00', '\ud800', '', '\ufffd');
    fc.assert(fc.property(
      fc.constantFrom<1 | 2>(1, 2),
      fc.option(fc.array(fc.tuple(fc.integer({ min: 0, max: 40 }), targets), { maxLength: 30 }), { nil: undefined }),
      fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 60 }),
      fc.boolean(),
      (width, entries, codes, odd) => {
        const f: FontInfo = { width, map: entries && new Map(entries) };
        const b = new Uint8Array(codes.length * width + (odd ? 1 : 0));
        codes.forEach((c, i) => { if (width === 2) { b[2 * i] = c >> 3; b[2 * i + 1] = c; } else b[i] = c; });
        expect(decode(b, f)).toBe(slow(b, f));
      },
    ), { numRuns: 2000, seed: 29 });
  });

  it('decodes a run longer than one table call the same way', () => {
    const f: FontInfo = { width: 2, map: new Map([[1, 'a'], [2, 'b']]) };
    const b = new Uint8Array(2 * 10_000).map((_, i) => (i % 2 ? 1 + ((i >> 1) % 2) : 0));
    expect(decode(b, f)).toBe('ab'.repeat(5_000));
  });
});

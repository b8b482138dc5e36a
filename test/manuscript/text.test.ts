/** decodeText: strict UTF-8; BOM dropped; CRLF and CR become LF; bad bytes and control characters located. */
import { describe, expect, it } from 'vitest';
import { decodeText } from '../../src/manuscript/text.js';

const bytes = (...parts: (string | number[])[]): Uint8Array => {
  const chunks = parts.map((p) => (typeof p === 'string' ? new TextEncoder().encode(p) : new Uint8Array(p)));
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) { out.set(c, at); at += c.length; }
  return out;
};

const ok = (b: Uint8Array): string => {
  const r = decodeText(b, 'ch.md');
  if (!r.ok) throw new Error(r.diagnostic.message);
  return r.text;
};

const bad = (b: Uint8Array) => {
  const r = decodeText(b, 'ch.md');
  expect(r.ok).toBe(false);
  if (r.ok) throw new Error('unreachable');
  return r.diagnostic;
};

describe('decodeText: good text', () => {
  it('drops a UTF-8 BOM', () => {
    expect(ok(bytes([0xef, 0xbb, 0xbf], '# Title\n'))).toBe('# Title\n');
  });

  it('keeps a U+FEFF that is not at the start', () => {
    expect(ok(bytes('a\ufeffb'))).toBe('a\ufeffb');
  });

  it('turns CRLF and lone CR into LF', () => {
    expect(ok(bytes('a\r\nb\rc\n\r\nd'))).toBe('a\nb\nc\n\nd');
  });

  it('keeps non-ASCII letters, U+00A0, ©, tabs as they are (no normalisation)', () => {
    const s = 'Azərbaycan ğ ı ş ç ö ü — Κασπία Каспий\u00a0©\tx e\u0301';
    expect(ok(bytes(s))).toBe(s);
  });

  it('decodes an empty file to an empty string', () => {
    expect(ok(new Uint8Array(0))).toBe('');
  });
});

describe('decodeText: invalid UTF-8 (L-UTF8) with its position', () => {
  it('a lone Latin-1 byte: line 3, column after the valid text', () => {
    const d = bad(bytes('# Title\n\nIn the caf', [0xe9], ' we sat.\n'));
    expect(d.code).toBe('L-UTF8');
    expect(d.at).toEqual({ file: 'ch.md', line: 3, column: 11 });
    expect(d.message).toMatch(/not valid UTF-8/);
  });

  it('counts columns in characters, not bytes, after multi-byte letters', () => {
    const d = bad(bytes('ab\nəğı', [0xff], 'x'));
    expect(d.at).toEqual({ file: 'ch.md', line: 2, column: 4 });
  });

  it('finds the right line after lines of multi-byte letters (Azerbaijani text before the bad byte)', () => {
    expect(bad(bytes('əəə\nəəə\nəəə\n', [0xff], 'x\n')).at).toEqual({ file: 'ch.md', line: 4, column: 1 });
    expect(bad(bytes('ç\nç\nç\nç\nç\nç\n', [0xff])).at).toEqual({ file: 'ch.md', line: 7, column: 1 });
  });

  it('a multi-byte sequence cut short at the end of the file', () => {
    const d = bad(bytes('ok\nfine\nend ', [0xe2, 0x82]));
    expect(d.at).toEqual({ file: 'ch.md', line: 3, column: 5 });
  });

  it('an overlong encoding and a UTF-16 surrogate encoded in UTF-8', () => {
    expect(bad(bytes('a', [0xc0, 0xaf])).at).toEqual({ file: 'ch.md', line: 1, column: 2 });
    expect(bad(bytes('ab', [0xed, 0xa0, 0x80])).at).toEqual({ file: 'ch.md', line: 1, column: 3 });
  });

  it('a position on the first line of a CRLF file', () => {
    expect(bad(bytes('x', [0x80], '\r\ny')).at).toEqual({ file: 'ch.md', line: 1, column: 2 });
  });
});

describe('decodeText: characters no edition can carry (L-UTF8)', () => {
  it('a NUL byte, named as such, at its line and column', () => {
    const d = bad(bytes('one\ntw', [0x00], 'o\n'));
    expect(d.code).toBe('L-UTF8');
    expect(d.at).toEqual({ file: 'ch.md', line: 2, column: 3 });
    expect(d.message).toMatch(/NUL/);
  });

  it('a C0 control character (U+0001, U+001B) names its code point', () => {
    const d = bad(bytes('a\n\nb\u0001c'));
    expect(d.at).toEqual({ file: 'ch.md', line: 3, column: 2 });
    expect(d.message).toMatch(/U\+0001/);
    expect(bad(bytes('\u001b[31m')).message).toMatch(/U\+001B/);
  });

  it('form feed, vertical tab and the non-characters U+FFFE / U+FFFF', () => {
    for (const c of ['\u000c', '\u000b', '\ufffe', '\uffff']) expect(bad(bytes(`x${c}`)).code).toBe('L-UTF8');
  });

  it('allows tab, LF and CR', () => {
    expect(ok(bytes('a\tb\r\nc'))).toBe('a\tb\nc');
  });
});

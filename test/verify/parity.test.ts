/** X-2 / P-UA-2: the parity check passes matching editions and catches editions that differ. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkParity, documentWords, epubNavigation, pdfNavigation, words } from '../../src/verify/parity.js';
import { elements, parseXml, rawReaderText, readerText } from '../../src/verify/epub/read.js';
import { isSpace, normalizeSpaces } from '../../src/verify/pdf/structure.js';
import { RICH_DIR, SAMPLE_DIR, sharedBuild } from '../support/build-helpers.js';
import { readFile } from 'node:fs/promises';

async function editions(dir: string) {
  const b = await sharedBuild(dir);
  const pdf = new Uint8Array(await readFile(b.files.find((f) => f.path.endsWith('.pdf'))!.path));
  return { epub: b.epubBytes, pdf };
}

describe('parity of the two editions', () => {
  it('passes the sample and the rich fixture: same words in reading order, same contents, same language', async () => {
    for (const dir of [SAMPLE_DIR, RICH_DIR]) {
      const { epub, pdf } = await editions(dir);
      expect(await checkParity(epub, pdf)).toEqual([]);
      const nav = await epubNavigation(epub);
      const out = pdfNavigation(pdf);
      expect(out.outline).toEqual(nav.toc);
      expect(out.lang).toBe(nav.lang);
      expect(nav.toc.length).toBeGreaterThan(3);
    }
  }, 180_000);

  it('reports X-PARITY for editions of different books, with the place they part', async () => {
    const a = await editions(SAMPLE_DIR);
    const b = await editions(RICH_DIR);
    const ds = await checkParity(a.epub, b.pdf);
    expect(ds.map((d) => d.code)).toContain('X-PARITY');
    expect(ds[0]!.message).toMatch(/differs from the EPUB's text at word \d+/);
    expect(ds.some((d) => /table of contents/.test(d.message))).toBe(true);
  }, 180_000);

  it('fails closed on bytes it cannot read', async () => {
    const a = await editions(SAMPLE_DIR);
    const ds = await checkParity(a.epub, new Uint8Array([1, 2, 3]));
    expect(ds).toHaveLength(1);
    expect(ds[0]!.code).toBe('X-PARITY');
  }, 180_000);
});

describe('words (what parity compares)', () => {
  it('splits at ordinary white space only: U+00A0 binds, format characters and lone U+00A0 are not read', () => {
    expect(words(' \u00a0 one\u00a0two \u00a0\u00a0\tthree\u200e \n\r\nfour\u00ad\u00a0')).toBe('one\u00a0two three four\u00a0');
    expect(words('\u00a0')).toBe('');
    expect(words('')).toBe('');
  });

  it('does not read variation selectors (they choose a glyph; a PDF\'s text has none): not in a word, nor as a word alone', () => {
    expect(words('a\ufe0e sign, \u00a9\ufe0f and \ufe0c alone \u{e0100}x')).toBe('a sign, \u00a9 and alone x');
    // nor the combining grapheme joiner, which the PDF does not draw
    expect(words('a\u034f b \u034f c')).toBe('a b c');
  });

  it('never puts a space inside a word, nor two in a row, nor one at either end', () => {
    const alphabet = fc.constantFrom('a', 'é', '©', ' ', '  ', '\t', '\n', '\r\n', '\u00a0', '\u200e', '\u00ad', '1.', '\ufe0f');
    fc.assert(fc.property(fc.array(alphabet, { maxLength: 40 }).map((xs) => xs.join('')), (text) => {
      const w = words(text);
      expect(w).not.toMatch(/^ | $|  |[\t\n\r]/);
      if (w !== '') for (const word of w.split(' ')) expect(word).not.toMatch(/^\u00a0*$|\p{Cf}/u);
    }), { numRuns: 500, seed: 7 });
  });

  it('gives back text already one space apart as it is, and anything else as the full split does', () => {
    const slow = (text: string) => text.replace(/\p{Cf}/gu, '').split(/[ \t\n\r\u2028\u2029]+/).filter((w) => w !== '' && !/^\u00a0+$/.test(w)).join(' ');
    const alphabet = fc.constantFrom('a', 'é', 'ə', '©', ' ', ' ', ' ', '  ', '\t', '\n', '\r', '\u2028', '\u2029', '\u00a0', '\u200e', '\u00ad', '\f', '\v', '\u3000', '1.', '\u2066', '\ufeff', '\u{e0041}', '\u{1f600}', '\u{110bd}');
    fc.assert(fc.property(fc.array(alphabet, { maxLength: 30 }).map((xs) => xs.join('')), (text) => {
      expect(words(text)).toBe(slow(text));
    }), { numRuns: 3000, seed: 11 });
    const plain = 'Pakistan and Azərbaycan, 1992–2021.';
    expect(words(plain)).toBe(plain);
  });
});

describe('normalizeSpaces (a PDF block\'s text)', () => {
  it('collapses ASCII white space to one space and trims, keeping U+00A0, whether or not there is anything to do', () => {
    const slow = (t: string) => t.replace(/[ \t\n\r\f\v]+/g, ' ').replace(/^ | $/g, '');
    const alphabet = fc.constantFrom('a', 'ə', ' ', ' ', '  ', '\t', '\n', '\r', '\f', '\v', '\u00a0', '\u2028', '\u200e');
    fc.assert(fc.property(fc.array(alphabet, { maxLength: 30 }).map((xs) => xs.join('')), (text) => {
      expect(normalizeSpaces(text)).toBe(slow(text));
    }), { numRuns: 3000, seed: 13 });
  });
});

describe('isSpace', () => {
  it('is a regular expression\'s \\s, for every UTF-16 code unit', () => {
    for (let c = 0; c <= 0xffff; c++) expect(isSpace(c), c.toString(16)).toBe(/\s/.test(String.fromCharCode(c)));
  });
});

describe('documentWords (a content document\'s words)', () => {
  it('gives the words of the text a reader meets, white space tidied or not (a Unicode space at its ends kept, as the PDF\'s blocks keep it)', () => {
    const text = fc.array(fc.constantFrom('a', 'é', ' ', '  ', '\t', '\n', '\r\n', '\u00a0', '\u2028', '\u200e', '\ufeff', '\u3000', '1.'), { maxLength: 8 }).map((xs) => xs.join(''));
    const piece = fc.oneof(text, text.map((t) => `<p>${t}</p>`), fc.constant('<br/>'), text.map((t) => `<span>${t}<br/>${t}</span>`), fc.constant('<img alt=" x\u00a0y " src="i.png"/>'));
    fc.assert(fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
      const doc = parseXml(`<html xmlns="http://www.w3.org/1999/xhtml"><body>${pieces.join('')}</body></html>`, 'test.xhtml');
      const body = elements(doc, 'body')[0]!;
      // readerText's tidying of ASCII white space, without its String.trim() (which drops U+3000 too)
      const tidied = rawReaderText(body).replace(/[ \t]*\n[ \t]*/g, '\n').replace(/\n{3,}/g, '\n\n').replace(/^[ \t\n\r]+|[ \t\n\r]+$/g, '');
      expect(documentWords(doc)).toBe(words(tidied));
      // and only such a space at either end differs from what readerText gives
      expect(documentWords(doc).replace(/^\s+|\s+$/g, '')).toBe(words(readerText(body)).replace(/^\s+|\s+$/g, ''));
    }), { numRuns: 2000, seed: 17 });
  });
});

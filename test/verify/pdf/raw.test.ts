/** The PDF object parser (raw.ts): values as a reader of the file sees them, held compactly. */
import { describe, expect, it } from 'vitest';
import { Lexer, PdfDict, PdfRef, RawPdf } from '../../../src/verify/pdf/raw.js';

const bytes = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'latin1'));

/** A small file with a cross-reference table whose objects refer to each other. */
function file(after = '', xref = true): Uint8Array {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>',
    '<< /Type /Page /Parent 2 0 R /Annots [5 0 R] >>',
    '<< /Type /Page /Parent 2 0 R /Annots [5 0 R 5 1 R] >>',
    '<< /Rect [0 0 10 10] /P 3 0 R >>',
  ];
  let out = '%PDF-1.7\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => { offsets.push(out.length); out += `${i + 1} 0 obj\n${o}\nendobj\n`; });
  const at = out.length;
  if (xref) out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\n${xref ? `startxref\n${at}\n` : ''}%%EOF\n${after}`;
  return bytes(out);
}

describe('RawPdf', () => {
  it('finds the cross-reference table near the end, far from it, or scans for the objects when there is none', () => {
    // after the end, a stray object 5 that only a scan (where the last definition wins) would take
    const stray = `5 0 obj\n<< /Stray true >>\nendobj\n%${'x'.repeat(10_000)}\n`;
    for (const pdf of [file(), file(stray), file('', false)]) {
      const r = new RawPdf(pdf);
      expect((r.object(1) as PdfDict).get('Type')).toEqual({ name: 'Catalog' });
      expect((r.trailer.get('Root') as PdfRef).num).toBe(1);
      expect((r.object(5) as PdfDict).has('Rect')).toBe(true);
      expect(r.offsetOf(5)).toBe(Buffer.from(pdf).indexOf('5 0 obj'));
    }
    expect(() => new RawPdf(bytes('%PDX-1.7\n'))).toThrow(/not a PDF/);
  });

  it('refers to each object with one PdfRef however often the file names it', () => {
    const pdf = new RawPdf(file());
    const kids = pdf.object(2) as PdfDict;
    const [p3, p4] = kids.get('Kids') as PdfRef[];
    const page3 = pdf.object(3) as PdfDict;
    const page4 = pdf.object(4) as PdfDict;
    expect(page3.get('Parent')).toBe(page4.get('Parent'));
    expect((page3.get('Annots') as PdfRef[])[0]).toBe((page4.get('Annots') as PdfRef[])[0]);
    expect((pdf.object(5) as PdfDict).get('P')).toBe(p3);
    expect(p4).toEqual(new PdfRef(4, 0));
    // another generation is another object
    const [five, fiveGen1] = page4.get('Annots') as PdfRef[];
    expect(fiveGen1).not.toBe(five);
    expect(fiveGen1).toEqual(new PdfRef(5, 1));
  });
});

describe('Lexer', () => {
  it('reads nested arrays with every value in place', () => {
    const v = new Lexer(bytes('[1 [2 [3 0 R] /N] (s) [] <</K [4 5]>> 6]')).value();
    expect(JSON.parse(JSON.stringify(v, (_k, x: unknown) => (x instanceof PdfDict ? Object.fromEntries(x) : x)))).toEqual(
      [1, [2, [{ num: 3, gen: 0 }], { name: 'N' }], { bytes: { 0: 115 } }, [], { K: [4, 5] }, 6],
    );
  });

  it('reads a dictionary as a Map would: in order, a key given twice keeping its first place and last value', () => {
    const d = new Lexer(bytes('<< /A 1 /B [2] /A 3 /C << /D /E >> >>')).value() as PdfDict;
    expect(d).toBeInstanceOf(PdfDict);
    expect([...d.keys()]).toEqual(['A', 'B', 'C']);
    expect(d.get('A')).toBe(3);
    expect(d.has('B')).toBe(true);
    expect(d.has('Z')).toBe(false);
    expect(d.get('Z')).toBeUndefined();
    expect(d.size).toBe(3);
    expect((d.get('C') as PdfDict).get('D')).toEqual({ name: 'E' });
  });

  it('leaves nothing behind from an array cut short, so the next array reads clean', () => {
    expect(() => new Lexer(bytes('[1 2 [3')).value()).toThrow(/unterminated array/);
    expect(new Lexer(bytes('[7 8]')).value()).toEqual([7, 8]);
  });

  it('without a table of references, makes a new PdfRef each time (content streams)', () => {
    const [a, b] = new Lexer(bytes('[9 0 R 9 0 R]')).value() as PdfRef[];
    expect(a).toEqual(b);
    expect(a).not.toBe(b);
  });

  it('reads `n g R` in every form a file may spell it, and numbers that are not one as numbers', () => {
    const read = (src: string) => JSON.parse(JSON.stringify(new Lexer(bytes(src)).value()));
    const ref = (num: number, gen = 0) => ({ num, gen });
    expect(read('[1 0 R 2 0 R\n3\t0\r\nR 12 7 R]')).toEqual([ref(1), ref(2), ref(3), ref(12, 7)]);
    // a comment, a sign, a fraction, leading zeros: the general way, as before
    expect(read('[4 %c\n0 R 5 +0 R 6 0.0 R 7 00 R]')).toEqual([ref(4), ref(5), ref(6), ref(7)]);
    // not references: an R that is part of a word, numbers without R, a name after them
    expect(() => read('[8 0 Rx]')).toThrow(/unexpected keyword Rx/);
    expect(read('[1 2 3]')).toEqual([1, 2, 3]);
    expect(read('[1 2 /R]')).toEqual([1, 2, { name: 'R' }]);
    expect(read('[1 2]')).toEqual([1, 2]);
    const d = new Lexer(bytes('<< /K 5 0 R /P 6 1 R /N 7 >>')).value() as PdfDict;
    expect(JSON.parse(JSON.stringify([d.get('K'), d.get('P'), d.get('N')]))).toEqual([ref(5), ref(6, 1), 7]);
    // at the very end of the bytes
    expect(read('9 0 R')).toEqual(ref(9));
  });
});

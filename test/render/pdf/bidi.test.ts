/**
 * Lines with right-to-left text (src/render/pdf/bidi.ts): placed by the Unicode Bidirectional
 * Algorithm, in the order they are read in the content stream; and, in a real PDF read back by
 * pdf.js, a Persian sentence stands from the right with its numbers reading from the left.
 */
import { describe, expect, it } from 'vitest';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { Block } from '../../../src/model/book.js';
import { bidiFragments, needsBidi } from '../../../src/render/pdf/bidi.js';
import type { Fragment } from '../../../src/render/pdf/lines.js';
import type { Piece } from '../../../src/render/pdf/inlines.js';
import { at, p, sampleBook, t } from '../../support/sample-book.js';
import { render } from './helpers.js';
import { build } from '../../../src/pipeline/build.js';
import { PdfString, RawPdf } from '../../../src/verify/pdf/raw.js';
import { readStructure, type StructNode } from '../../../src/verify/pdf/structure.js';
import { TINY_BOOK_YAML, allElements, cleanTemps, fixedEffects, openEpub, tempDir, writeManuscript } from '../../support/build-helpers.js';
import { afterAll } from 'vitest';
import { textDirection } from '../../../src/enrich/direction.js';
import { elements } from '../../../src/verify/epub/read.js';
import { nodeEffects } from '../../../src/effects.js';
import { registerFallback, registerFonts } from '../../../src/render/pdf/fonts.js';
import { PDFDocument } from '../../../src/render/pdf/pdfkit.js';
import { TextPainter, type EmbeddedFont } from '../../../src/render/pdf/text-run.js';

afterAll(cleanTemps);

/** A line of fragments (words and single spaces), each character 5 pt wide, laid out from the left;
 * a word given with directions is in spans of them, and so is a space between two such words. */
function line(words: readonly (string | [string, string])[]): Fragment[] {
  let x = 0;
  let offset = 0;
  const dirsOf = (w: string | [string, string] | undefined) => (typeof w === 'object' ? w[1] : undefined);
  return words.flatMap((w, i) => {
    const d = dirsOf(w);
    const space: string | [string, string] = d !== undefined && d === dirsOf(words[i - 1]) ? [' ', d] : ' ';
    return [...(i > 0 ? [space] : []), w];
  }).map((w) => {
    const [text, dirs] = typeof w === 'string' ? [w, undefined] : w;
    const piece: Piece = { text, font: 'sans', size: 10, rise: 0, ctx: [], offset, ...(dirs ? { dirs } : {}) };
    const f: Fragment = { piece, offset, length: text.length, text, width: 5 * text.length, x };
    x += f.width;
    offset += text.length;
    return f;
  });
}
const measure = (_: Piece, text: string) => 5 * text.length;
/** The texts as they stand from the left, and whether each reads from the right. */
const seen = (frags: readonly Fragment[]) => [...frags].sort((a, b) => a.x - b.x).filter((f) => f.text !== ' ').map((f) => `${f.text}${f.level! % 2 ? '←' : ''}`);

describe('bidiFragments', () => {
  it('leaves a left-to-right line to the usual drawing', () => {
    expect(needsBidi(line(['Only', 'Latin', 'words', '1992']))).toBe(false);
    expect(needsBidi(line(['one', 'كتاب']))).toBe(true);
    expect(needsBidi(line([['quoted', 'r']]))).toBe(true);
  });

  it('stands a right-to-left run from the right, the numbers in it from the left, and keeps the order read', () => {
    const frags = bidiFragments(line(['در', 'سال', '۱۹۹۲', 'روابط']), measure);
    expect(frags.map((f) => f.text)).toEqual(['در', ' ', 'سال', ' ', '۱۹۹۲', ' ', 'روابط']);
    expect(seen(frags)).toEqual(['روابط←', '۱۹۹۲', 'سال←', 'در←']);
    // the widths are the line's: nothing overlaps, nothing is lost
    const sorted = [...frags].sort((a, b) => a.x - b.x);
    sorted.forEach((f, i) => { if (i > 0) expect(f.x).toBe(sorted[i - 1]!.x + sorted[i - 1]!.width); });
  });

  it('keeps the Latin words of a left-to-right paragraph where they were, and turns only the Arabic phrase', () => {
    const before = line(['The', 'words', 'مرحبا', 'بالعالم', 'mean', 'hello']);
    const frags = bidiFragments(before, measure);
    expect(seen(frags)).toEqual(['The', 'words', 'بالعالم←', 'مرحبا←', 'mean', 'hello']);
    for (const w of ['The', 'words', 'mean', 'hello']) expect(frags.find((f) => f.text === w)!.x).toBe(before.find((f) => f.text === w)!.x);
  });

  it('cuts a word where its level changes, with the pieces\' places in the source', () => {
    const frags = bidiFragments(line(['see', 'کردند.']), measure);
    // at the paragraph's end the full stop goes back to the paragraph's direction
    expect(frags.map((f) => [f.text, f.offset, f.length])).toEqual([['see', 0, 3], [' ', 3, 1], ['کردند', 4, 5], ['.', 9, 1]]);
    expect(seen(frags)).toEqual(['see', 'کردند←', '.']);
  });

  it('treats a span with dir=rtl as an isolate: its full stop and its Latin word stay inside it', () => {
    const frags = bidiFragments(line(['He', 'said', ['از', 'r'], ['Pakistan', 'r'], ['کردند.', 'r'], 'then']), measure);
    expect(seen(frags)).toEqual(['He', 'said', 'کردند.←', 'Pakistan', 'از←', 'then']);
    // without the span's direction, the full stop at the paragraph's end would leave the run
    expect(seen(bidiFragments(line(['He', 'said', 'از', 'Pakistan', 'کردند.']), measure))).toEqual(['He', 'said', 'از←', 'Pakistan', 'کردند←', '.']);
  });
});

/** Each text line of the PDF as pdf.js reads its glyphs, from the left (white space left out). */
async function linesAsSeen(bytes: Uint8Array): Promise<string[]> {
  const doc = await getDocument({ data: bytes.slice(), useSystemFonts: false, isEvalSupported: false }).promise;
  const out: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const rows = new Map<number, { str: string; x: number }[]>();
    const c = await (await doc.getPage(i)).getTextContent({ disableNormalization: true });
    for (const item of c.items) {
      if (!('str' in item) || item.str.trim() === '') continue;
      const y = Math.round(item.transform[5] as number);
      (rows.get(y) ?? rows.set(y, []).get(y)!).push({ str: item.str.replace(/\s/g, ''), x: item.transform[4] as number });
    }
    for (const row of rows.values()) out.push(row.sort((a, b) => a.x - b.x).map((g) => g.str).join(''));
  }
  return out;
}

describe('renderPdf: a Persian sentence', () => {
  it('stands from the right, its number reads from the left, its full stop ends it at the left', async () => {
    const sentence = 'در سال ۱۹۹۲ روابط برقرار شد.';
    const block = p('fa', at('a.md', 1), { kind: 'span', lang: 'fa', dir: 'rtl', children: [t(sentence)] } as never);
    const r = await render(sampleBook({ extra: [block as Block] }));
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    // as seen from the left: the sentence's characters from its end, but the number's from its start
    const seenFromLeft = [...sentence.replace(/ /g, '')].reverse().join('').replace('۲۹۹۱', '۱۹۹۲');
    expect(seenFromLeft.startsWith('.')).toBe(true);
    expect(await linesAsSeen(r.bytes)).toContain(seenFromLeft);
  });
});

/** A tiny book with `md` as its chapter, built (not written): no error; its EPUB's elements,
 * and the /Lang of the PDF's structure elements of a role. */
async function builtBook(md: string, yaml = TINY_BOOK_YAML) {
  const ms = await writeManuscript({ 'book.yaml': yaml, 'c.md': md });
  const r = await build({ manuscript: ms, out: await tempDir(), effects: fixedEffects(), dryRun: true });
  expect(r.diagnostics.filter((d) => d.severity === 'error'), r.diagnostics.map((d) => d.message).join('\n')).toEqual([]);
  const epub = await openEpub(r.outputs!.epub!);
  const pdf = r.outputs!.pdf!;
  const raw = new RawPdf(pdf);
  const nodes = (n: StructNode): StructNode[] => [n, ...n.children.filter((c): c is StructNode => 'role' in c).flatMap(nodes)];
  const all = nodes(readStructure(raw).root!);
  const langOf = (role: string) => all.filter((n) => n.role === role && n.dict.get('Lang') !== undefined).map((n) => (raw.resolve(n.dict.get('Lang')) as PdfString).text());
  return { epub, elements: [...epub.contentDocuments()].flatMap(([, d]) => allElements(d)), pdf, langOf, documents: epub.contentDocuments() };
}

/** The PDF's text items as pdf.js reads them, by line (page and baseline), white space left out. */
async function itemsByLine(pdf: Uint8Array): Promise<{ str: string; x: number; x1: number }[][]> {
  const doc = await getDocument({ data: pdf.slice(), useSystemFonts: false, isEvalSupported: false }).promise;
  const rows = new Map<number, { str: string; x: number; x1: number }[]>();
  for (let i = 1; i <= doc.numPages; i++) {
    for (const item of (await (await doc.getPage(i)).getTextContent()).items) {
      if (!('str' in item) || item.str.trim() === '') continue;
      const y = Math.round(item.transform[5] as number) + 1000 * i;
      (rows.get(y) ?? rows.set(y, []).get(y)!).push({ str: item.str, x: item.transform[4] as number, x1: (item.transform[4] as number) + item.width });
    }
  }
  return [...rows.values()];
}

describe('a right-to-left paragraph (… {lang=fa dir=rtl})', () => {
  it('is set from the right margin with /Lang in the PDF, and carries lang and dir in the EPUB', async () => {
    const { epub, elements, pdf, langOf } = await builtBook('# A chapter\n\nصداقت پاکستان و آذربایجان بسیار محکم است و این دو کشور در سال ۱۹۹۲ روابط دیپلماتیک برقرار کردند. {lang=fa dir=rtl}\n\nAn English paragraph.\n\n## نقل قول {lang=fa dir=rtl}\n\nMore.\n');
    const p = elements.find((e) => e.localName === 'p' && e.getAttribute('dir') === 'rtl')!;
    expect([p.getAttribute('lang'), p.getAttribute('xml:lang') ?? p.getAttributeNS('http://www.w3.org/XML/1998/namespace', 'lang')]).toEqual(['fa', 'fa']);
    // the heading keeps its language and direction in the table of contents
    const entry = allElements(epub.doc(epub.navPath)).find((e) => e.localName === 'a' && e.textContent === 'نقل قول')!;
    expect([entry.getAttribute('lang'), entry.getAttribute('dir')]).toEqual(['fa', 'rtl']);
    expect(langOf('P')).toContain('fa');
    // the lines' right ends meet the right margin (432 - 54 pt); the English paragraph starts at the left one
    const rows = await itemsByLine(pdf);
    const persian = rows.filter((row) => row.some((g) => /[\u0600-\u06ff]/.test(g.str)) && !row.some((g) => g.str.includes('نقل')));
    expect(persian.length).toBeGreaterThanOrEqual(2);
    for (const row of persian) expect(Math.abs(Math.max(...row.map((g) => g.x1)) - 378), JSON.stringify(row)).toBeLessThan(1);
    expect(rows.find((row) => row[0]!.str.startsWith('An English'))![0]!.x).toBeCloseTo(54, 0);
  });
});

describe('a plain string with right-to-left text (the running head)', () => {
  it('is drawn in visual order: its words from the right, the digits of a number from the left', async () => {
    const files = await nodeEffects().fonts();
    const d = new PDFDocument({ autoFirstPage: false, compress: false, font: files.regular, size: [432, 648] });
    registerFonts(d, files);
    registerFallback(d, files, 'sans');
    d.addPage();
    const painter = new TextPainter(d);
    painter.draw('sans', 10, 'کتاب ۱۲ سال', 100, 20);
    const content = (d.page as unknown as { content: { buffer: Uint8Array[] } }).content.buffer.map((b) => Buffer.from(b).toString('latin1')).join('');
    const face = (d._fontFamilies as unknown as Record<string, EmbeddedFont>).sans!;
    // each glyph drawn (in content order) and where
    const drawn = [...content.matchAll(/1 0 0 1 ([\d.]+) [\d.]+ Tm\n(?:\/F\d+ [\d.]+ Tf\n)?(?:<([0-9a-f]+)> Tj|\[<([0-9a-f]+)> 0\] TJ)/g)]
      .map((m) => ({ x: Number(m[1]), glyph: face.subset.glyphs[parseInt((m[2] ?? m[3]!).slice(0, 4), 16)] }));
    const glyphs = drawn.filter((g) => g.glyph !== face.font._cmapProcessor.lookup(0x20));
    const xOf = (c: string) => glyphs.find((g) => g.glyph === face.font._cmapProcessor.lookup(c.codePointAt(0)!))!.x;
    expect(xOf('۱')).toBeLessThan(xOf('۲'));
    // in the order read: the four letters of "کتاب", the number, the three of "سال"; the first word
    // stands right of the number, which stands right of the last word
    expect(glyphs.length).toBe(9);
    expect(Math.min(...glyphs.slice(0, 4).map((g) => g.x))).toBeGreaterThan(xOf('۲'));
    expect(Math.max(...glyphs.slice(6).map((g) => g.x))).toBeLessThan(xOf('۱'));
  });
});

describe('a right-to-left list or quotation (`{lang=fa dir=rtl}` on the line after it)', () => {
  it('has its labels and its text at the right in the PDF, /Lang on the L and the BlockQuote, and lang and dir in the EPUB', async () => {
    const { elements, pdf, langOf } = await builtBook('# A chapter\n\n- پاکستان و آذربایجان\n- روابط دیپلماتیک\n{lang=fa dir=rtl}\n\n> صداقت پاکستان و آذربایجان بسیار محکم است.\n{lang=fa dir=rtl}\n\n- An English list\n\n1. یک\n{lang=fa dir=rtl}\n');
    for (const tag of ['ul', 'blockquote']) {
      const el = elements.find((e) => e.localName === tag && e.getAttribute('dir') === 'rtl')!;
      expect([tag, el.getAttribute('lang')]).toEqual([tag, 'fa']);
    }
    expect(langOf('L')).toEqual(['fa', 'fa']);
    expect(langOf('BlockQuote')).toEqual(['fa']);
    // pdf.js: each Persian item's bullet stands right of its text; the English one's left of it
    // (the About page's lists are English too: only this chapter's rows)
    const withBullet = (await itemsByLine(pdf)).filter((row) => row.some((g) => g.str.includes('\u2022')) && row.some((g) => /[\u0600-\u06ff]|An English list/.test(g.str)));
    expect(withBullet.length).toBe(3);
    for (const row of withBullet) {
      const bullet = row.find((g) => g.str.includes('\u2022'))!.x;
      const text = row.filter((g) => !g.str.includes('\u2022')).map((g) => g.x);
      if (row.some((g) => /[\u0600-\u06ff]/.test(g.str))) expect(bullet).toBeGreaterThan(Math.max(...text));
      else expect(bullet).toBeLessThan(Math.min(...text));
    }
    // a numbered one's label, at the right, reads "1." from the right: ".1", as a reading system shows it
    const numbered = (await itemsByLine(pdf)).find((row) => row.some((g) => g.str.includes('\u06cc')) && row.some((g) => g.str.includes('1')))!;
    const xOf = (s: string) => numbered.find((g) => g.str.includes(s))!.x;
    expect(xOf('.')).toBeLessThan(xOf('1'));
    expect(xOf('1')).toBeGreaterThan(Math.max(...numbered.filter((g) => /[\u0600-\u06ff]/.test(g.str)).map((g) => g.x)));
  });
});

describe('a book in a language written right to left (book.yaml language: fa)', () => {
  it('turns its pages from the right in both editions and sets its documents from the right margin', async () => {
    // (a name with "ؤ", whose glyph DejaVu Sans also makes by substitution, read back reversed once)
    const yaml = TINY_BOOK_YAML.replace('language: en', 'language: fa').replace('name: A. Writer', 'name: فؤاد حسین‌زاده');
    const { epub, documents, pdf } = await builtBook('# دوستی دو کشور\n\nصداقت پاکستان و آذربایجان بسیار محکم است و این دو کشور در سال ۱۹۹۲ روابط دیپلماتیک برقرار کردند.\n\n| کشور | پایتخت |\n|---|---|\n| Pakistan | Islamabad |\n', yaml);
    expect(elements(epub.opf, 'spine')[0]!.getAttribute('page-progression-direction')).toBe('rtl');
    const chapter = documents.find(([path]) => path.endsWith('/ch-c.xhtml'))!;
    expect(chapter[1].documentElement.getAttribute('dir')).toBe('rtl');
    // the pages Lectern writes in English are not turned
    const about = documents.find(([path]) => path.endsWith('about.xhtml'))!;
    expect(about[1].documentElement.getAttribute('dir')).toBeNull();
    expect(Buffer.from(pdf).toString('latin1')).toMatch(/\/Direction \/R2L/);
    // the chapter's heading and paragraph, with no dir of their own, end at the right margin (the
    // centred running head and title page do not reach it)
    const rows = (await itemsByLine(pdf)).filter((row) => row.some((g) => /[\u0600-\u06ff]/.test(g.str)) && Math.max(...row.map((g) => g.x1)) > 300);
    expect(rows.length).toBeGreaterThanOrEqual(3);
    for (const row of rows.filter((r) => !r.some((g) => g.str.includes('\u0634')))) expect(Math.abs(Math.max(...row.map((g) => g.x1)) - 378)).toBeLessThan(1);
    // the table's first column stands at the right: its head ("کشور", with ش) right of the second's
    // ("پایتخت", with خ), and so is "Pakistan" right of "Islamabad"
    const lines = await itemsByLine(pdf);
    const head = lines.find((row) => row.some((g) => g.str.includes('\u062e')) && row.some((g) => g.str.includes('\u0634')))!;
    const xIn = (row: typeof head, s: string) => row.find((g) => g.str.includes(s))!.x;
    expect(xIn(head, '\u0634')).toBeGreaterThan(xIn(head, '\u062e'));
    const body = lines.find((row) => row.some((g) => g.str.includes('Islamabad')))!;
    expect(xIn(body, 'Pakistan')).toBeGreaterThan(xIn(body, 'Islamabad'));
  });

  it('a book in a language written left to right is not turned', () => {
    expect(textDirection('en')).toBe('ltr');
    expect(textDirection('az')).toBe('ltr');
    expect(textDirection('fa')).toBe('rtl');
    expect(textDirection('he')).toBe('rtl');
    expect(textDirection('ur')).toBe('rtl');
    expect(textDirection('not a tag')).toBe('ltr');
  });
});

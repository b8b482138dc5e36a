import { createHash } from 'node:crypto';
import { tableOfContents } from '../../../src/enrich/navigation.js';
import { describe, expect, it } from 'vitest';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { Block } from '../../../src/model/book.js';
import { PdfStream, PdfString, RawPdf, name } from '../../../src/verify/pdf/raw.js';
import { readStructure, type StructNode } from '../../../src/verify/pdf/structure.js';
import { readPdfStructureText } from '../../../src/verify/pdf/index.js';
import { readXmp } from '../../../src/verify/pdf/xmp.js';
import { RIGHTS_LINES, SAMPLE_TITLE, at, em, p, sampleBook, strong, t } from '../../support/sample-book.js';
import { blockPlainText, render, textBlocks, ws } from './helpers.js';

const book = sampleBook();

function isNode(c: StructNode['children'][number]): c is StructNode {
  return 'role' in c;
}
function kids(n: StructNode): StructNode[] {
  return n.children.filter(isNode);
}
function all(n: StructNode): StructNode[] {
  return [n, ...kids(n).flatMap(all)];
}

async function tree(): Promise<{ pdf: RawPdf; root: StructNode }> {
  const { bytes } = await render(book);
  const pdf = new RawPdf(bytes);
  const { root } = readStructure(pdf);
  if (!root) throw new Error('no structure tree');
  return { pdf, root };
}

describe('renderPdf: the sample book', () => {
  it('renders without diagnostics, as PDF 1.7', async () => {
    const r = await render(book);
    expect(r.diagnostics).toEqual([]);
    expect(Buffer.from(r.bytes.subarray(0, 8)).toString('latin1')).toBe('%PDF-1.7');
  });

  it('P-UA-1: structure mirrors the model (Document > Sect per chapter, headings, lists, table, figure, note)', async () => {
    const { pdf, root } = await tree();
    const [doc] = kids(root);
    expect(doc?.role).toBe('Document');
    const sects = kids(doc!);
    expect(sects.map((s) => s.role)).toEqual(['Sect', 'Sect', 'Sect', 'Sect']);
    const shore = sects[2]!;
    const roles = kids(shore).map((n) => n.role);
    expect(roles.slice(0, 5)).toEqual(['H1', 'P', 'P', 'H2', 'L']);
    expect(roles).toContain('BlockQuote');
    expect(roles).toContain('Table');
    expect(roles.at(-1)).toBe('Note');

    // lists: L > LI > Lbl (with text) + LBody; a nested L inside an LBody
    for (const l of all(shore).filter((n) => n.role === 'L')) {
      for (const li of kids(l)) {
        expect(li.role).toBe('LI');
        expect(kids(li).map((k) => k.role)).toEqual(['Lbl', 'LBody']);
      }
    }
    expect(all(shore).some((n) => n.role === 'LBody' && kids(n).some((k) => k.role === 'L'))).toBe(true);

    // table: Caption, THead > TR > TH (Scope Column), TBody > TR > TH (Row) + TD
    const table = all(shore).find((n) => n.role === 'Table')!;
    expect(kids(table).map((k) => k.role)).toEqual(['Caption', 'THead', 'TBody']);
    const scope = (n: StructNode): string | undefined => name(pdf.dict(n.dict.get('A'))?.get('Scope'));
    const headCells = kids(kids(kids(table)[1]!)[0]!);
    expect(headCells.map((c) => [c.role, scope(c)])).toEqual([['TH', 'Column'], ['TH', 'Column'], ['TH', 'Column']]);
    const bodyRow = kids(kids(kids(table)[2]!)[0]!);
    expect(bodyRow.map((c) => [c.role, scope(c)])).toEqual([['TH', 'Row'], ['TD', undefined], ['TD', undefined]]);

    // figure: Alt and a layout BBox, inside a Div with its Caption
    const fig = all(shore).find((n) => n.role === 'Figure')!;
    expect((pdf.resolve(fig.dict.get('Alt')) as PdfString).text()).toBe('The harbour at dawn: three boats by a stone pier');
    expect(pdf.array(pdf.dict(fig.dict.get('A'))?.get('BBox'))).toHaveLength(4);

    // note with a unique /ID, listed in the IDTree
    const note = all(shore).find((n) => n.role === 'Note')!;
    expect((pdf.resolve(note.dict.get('ID')) as PdfString).text()).toBe('fn-1');
    const str = pdf.dict(pdf.catalog().get('StructTreeRoot'))!;
    expect(pdf.array(pdf.dict(str.get('IDTree'))?.get('Names')).length).toBe(2);

    // language span and links
    const span = all(shore).find((n) => n.role === 'Span')!;
    expect((pdf.resolve(span.dict.get('Lang')) as PdfString).text()).toBe('az');
    const links = all(root).filter((n) => n.role === 'Link');
    expect(links.length).toBeGreaterThanOrEqual(5);
    for (const l of links) expect(l.children.some((c) => 'objr' in c)).toBe(true);
  });

  it('P-UA-2: every paragraph and heading appears in structure order with the model text', async () => {
    const { bytes } = await render(book);
    const read = (await readPdfStructureText(bytes)).filter((e) => /^(P|H\d)$/.test(e.role));
    const want = textBlocks(book).map((b) => ({ role: b.kind === 'heading' ? `H${b.level}` : 'P', text: ws(blockPlainText(b)) }));
    // the code block is a P of its own (not a paragraph of the model), the rights lines are Ps
    const got = read.map((e) => ({ role: e.role, text: ws(e.text) }));
    let i = 0;
    for (const w of want) {
      while (i < got.length && !(got[i]!.role === w.role && got[i]!.text === w.text)) i++;
      expect(got[i], `missing or out of order: ${w.role} ${w.text}`).toBeDefined();
      i++;
    }
  });

  it('X-1: the rights lines come out verbatim, one P each, with U+00A0 and ©', async () => {
    const { bytes } = await render(book);
    const ps = (await readPdfStructureText(bytes)).map((e) => e.text);
    for (const line of RIGHTS_LINES.filter((l) => l !== '')) expect(ps).toContain(line);
    expect(ps.join('\n')).toContain('Copyright ©\u00a02024');
    expect(ps.join('\n')).toContain('brief\u00a0quotations');
  });

  it('P-UA-1: fonts embedded (TrueType CID fonts) with ToUnicode, no standard-14 font', async () => {
    const { bytes } = await render(book);
    const pdf = new RawPdf(bytes);
    const seen = new Set<string>();
    for (const page of pdf.pages()) {
      for (const [, ref] of pdf.dict(pdf.dict(page.dict.get('Resources'))?.get('Font')) ?? []) {
        const f = pdf.dict(ref)!;
        seen.add(name(f.get('BaseFont'))!);
        expect(name(f.get('Subtype'))).toBe('Type0');
        expect(f.has('ToUnicode')).toBe(true);
        const desc = pdf.dict(pdf.dict(pdf.array(f.get('DescendantFonts'))[0])?.get('FontDescriptor'))!;
        expect(desc.has('FontFile2')).toBe(true);
      }
    }
    expect([...seen].some((n) => /DejaVuSerif$/.test(n))).toBe(true);
    expect([...seen].every((n) => /\+DejaVu/.test(n))).toBe(true);
  });

  it('P-UA-1: XMP is well-formed with a title holding "& <", pdfuaid 1, creators and rights', async () => {
    const { bytes } = await render(book);
    const pdf = new RawPdf(bytes);
    const md = pdf.resolve(pdf.catalog().get('Metadata')) as PdfStream;
    const xml = new TextDecoder().decode(pdf.streamData(md));
    const xmp = readXmp(xml);
    expect(xmp.error).toBeUndefined();
    expect(xmp.wellFormed).toBe(true);
    expect(xmp.title).toBe(SAMPLE_TITLE);
    expect(SAMPLE_TITLE).toMatch(/& </);
    expect(xmp.pdfuaPart).toBe('1');
    expect(xmp.creators).toEqual(['Aynur Həsənova', "R. O'Brien & Sons"]);
    expect(xmp.rights).toBe(RIGHTS_LINES.join('\n'));
    // Info /Title is the raw title, not an escaped one
    const info = pdf.dict(pdf.trailer.get('Info'))!;
    expect((pdf.resolve(info.get('Title')) as PdfString).text()).toBe(SAMPLE_TITLE);
  });

  it('P-UA-1: catalog Lang, MarkInfo, DisplayDocTitle, PageLabels, Tabs /S on pages with links', async () => {
    const { bytes } = await render(book);
    const pdf = new RawPdf(bytes);
    const cat = pdf.catalog();
    expect((pdf.resolve(cat.get('Lang')) as PdfString).text()).toBe('en-GB');
    expect(pdf.dict(cat.get('MarkInfo'))?.get('Marked')).toBe(true);
    expect(pdf.dict(cat.get('ViewerPreferences'))?.get('DisplayDocTitle')).toBe(true);
    const labels = pdf.array(pdf.dict(cat.get('PageLabels'))?.get('Nums'));
    expect(labels[0]).toBe(0);
    expect(name(pdf.dict(labels[1])?.get('S'))).toBe('D');
    for (const page of pdf.pages()) {
      if (pdf.array(page.dict.get('Annots')).length > 0) expect(name(page.dict.get('Tabs'))).toBe('S');
    }
  });

  it('P-UA-4: one bookmark per heading of the table of contents (every heading but the title page\'s), titled with its text, and links with non-empty Contents', async () => {
    const { bytes } = await render(book);
    const doc = await getDocument({ data: new Uint8Array(bytes), verbosity: 0, isEvalSupported: false }).promise;
    try {
      type O = { title: string; items: O[] };
      const flat = (items: O[]): string[] => items.flatMap((i) => [i.title, ...flat(i.items)]);
      const titles = flat((await doc.getOutline()) as O[]);
      type T = { label: string; children: readonly T[] };
      const flatToc = (items: readonly T[]): string[] => items.flatMap((i) => [i.label, ...flatToc(i.children)]);
      expect(titles).toEqual(flatToc(tableOfContents(book.chapters)));
      // every heading outside the title page has its bookmark
      const headings = book.chapters.filter((c) => c.role !== 'titlepage').flatMap((c) => c.blocks).filter((b) => b.kind === 'heading').map((b) => ws(blockPlainText(b)));
      expect(titles).toEqual(headings);
      let links = 0;
      for (let i = 1; i <= doc.numPages; i++) {
        for (const a of (await (await doc.getPage(i)).getAnnotations()) as { subtype: string; contentsObj: { str: string } }[]) {
          if (a.subtype !== 'Link') continue;
          links++;
          expect(a.contentsObj.str.trim()).not.toBe('');
        }
      }
      expect(links).toBeGreaterThanOrEqual(5);
    } finally {
      await doc.destroy();
    }
  });

  it('P-UA-5: two renders are byte-identical', async () => {
    const a = await render(book);
    const b = await render(sampleBook());
    const sha = (x: Uint8Array): string => createHash('sha256').update(x).digest('hex');
    expect(sha(b.bytes)).toBe(sha(a.bytes));
  });
});

describe('renderPdf: L-GLYPH', () => {
  it('reports a character DejaVu lacks, with its block position, and writes no PDF', async () => {
    const bad: Block = p('p-emoji', at('chapters/01-shore.md', 77, 1), t('A thumb 👍 and a 中 character.'));
    const r = await render(sampleBook({ extra: [bad] }));
    expect(r.bytes.length).toBe(0);
    const glyph = r.diagnostics.filter((d) => d.code === 'L-GLYPH');
    expect(glyph.map((d) => d.message.match(/U\+[0-9A-F]+/)?.[0])).toEqual(['U+1F44D', 'U+4E2D']);
    for (const d of glyph) {
      expect(d.severity).toBe('error');
      expect(d.at).toEqual({ file: 'chapters/01-shore.md', line: 77, column: 1 });
    }
  });

  it('finds a missing character wherever a block holds it: a list item, a table cell, a term, a caption, a note', async () => {
    const cell = (text: string) => ({ header: false, children: [t(text)] });
    const blocks: Block[] = [
      { kind: 'list', id: 'l', ordered: false, at: at('a.md', 1), items: [{ at: at('a.md', 1), children: [p('li', at('a.md', 2), strong(t('item 中')))] }] },
      { kind: 'table', id: 'tb', at: at('a.md', 3), caption: [t('cap')], head: [], body: [{ cells: [cell('ok'), cell('ŭ 中')] }] },
      { kind: 'definitionList', id: 'dl', at: at('a.md', 5), items: [{ term: [em(t('term 中'))], definitions: [[p('dd', at('a.md', 6), t('fine'))]] }] },
      { kind: 'blockquote', id: 'bq', at: at('a.md', 7), children: [p('bqp', at('a.md', 8), t('quote 中'))] },
    ] as unknown as Block[];
    const r = await render(sampleBook({ extra: blocks }));
    const places = r.diagnostics.filter((d) => d.code === 'L-GLYPH').map((d) => `${d.at!.line}`);
    expect(places).toEqual(['2', '3', '5', '8']);
  });

  it('knows which face draws a character: one the monospace face and its fallback lack is an error in code only', async () => {
    // U+1D25 (ᴥ) is in the DejaVu Serif faces, not in DejaVu Sans Mono nor in DejaVu Sans
    const ok = await render(sampleBook({ extra: [p('serif', at('a.md', 1), t('ᴥ in text'), strong(t(' and ᴥ in bold')))] }));
    expect(ok.diagnostics.filter((d) => d.code === 'L-GLYPH')).toEqual([]);
    expect(ok.bytes.length).toBeGreaterThan(0);
    const bad = await render(sampleBook({ extra: [p('mono', at('a.md', 9), t('ᴥ in text, '), { kind: 'code', value: 'ᴥ' })] }));
    const glyph = bad.diagnostics.filter((d) => d.code === 'L-GLYPH');
    expect(glyph.map((d) => [d.at!.line, /monospace/.test(d.message)])).toEqual([[9, true]]);
    // named by the family the face is of, and its fallback's, as the fonts name them
    expect(glyph[0]!.message).toMatch(/monospace font \(DejaVu Sans Mono, DejaVu Sans\)$/);
    const serif = await render(sampleBook({ extra: [p('both', at('a.md', 4), t('中 '), { kind: 'code', value: '中' })] }));
    expect(serif.diagnostics.find((d) => d.code === 'L-GLYPH')!.message).toMatch(/regular and monospace fonts \(DejaVu Serif, DejaVu Sans, DejaVu Sans Mono\)$/);
  });

});

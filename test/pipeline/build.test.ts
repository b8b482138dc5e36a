/**
 * build(): reproducible output (E-OCF-1), the build time from SOURCE_DATE_EPOCH and never the clock
 * (E-PKG-1), what it writes and reports, and rights lines that must survive.
 */
import { existsSync, readdirSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeEffects } from '../../src/effects.js';
import { formatDiagnostic } from '../../src/model/diagnostic.js';
import { build } from '../../src/pipeline/build.js';
import {
  EPOCH, SAMPLE_DIR, TINY_BOOK_YAML, buildBook, cleanTemps, dc, fixedEffects, openEpub, opfMeta, renderedRightsGroups,
  sha256, sharedBuild, tempDir, writeManuscript, type Built,
} from '../support/build-helpers.js';
import { elements } from '../../src/verify/epub/read.js';
import { readPdfStructureText } from '../../src/verify/pdf/index.js';
import { generateManuscript } from '../../bench/generate.js';

afterAll(cleanTemps);

const TINY_CHAPTER = `# A tiny chapter

On 5 May 2021 the tiny book was written.

::: rights
Copyright \u00a9 2024 A.\u00a0Writer.
:::
`;

describe('reproducible builds (E-OCF-1)', () => {
  let first: Built;
  let second: Built;
  beforeAll(async () => {
    first = await sharedBuild(SAMPLE_DIR);
    second = await buildBook(SAMPLE_DIR, { epoch: EPOCH });
  });

  it('two builds of the sample with the same SOURCE_DATE_EPOCH are byte-identical, every edition', async () => {
    const names = (b: Built) => b.files.map((f) => path.basename(f.path)).sort();
    expect(names(second)).toEqual(names(first));
    expect(names(first)).toContain('friendship-of-azerbaijan-and-pakistan.epub');
    for (const f of first.files) {
      const other = second.files.find((g) => path.basename(g.path) === path.basename(f.path))!;
      expect(other.sha256, path.basename(f.path)).toBe(f.sha256);
    }
    expect(sha256(second.epubBytes)).toBe(sha256(first.epubBytes));
  });

  it('reports each written file with its true size and sha256, and leaves no temporary folder', async () => {
    for (const f of second.files) {
      const bytes = await readFile(f.path);
      expect(f.bytes).toBe(bytes.length);
      expect(f.sha256).toBe(sha256(bytes));
      expect(f.format).toBe(path.extname(f.path).slice(1));
    }
    expect(readdirSync(second.out).filter((n) => n.startsWith('.lectern-tmp-'))).toEqual([]);
  });
});

describe('the build time (E-PKG-1)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await writeManuscript({ 'book.yaml': TINY_BOOK_YAML, 'chapter.md': TINY_CHAPTER });
  });

  const modifiedOf = async (epoch: string | undefined) => {
    const out = path.join(await tempDir('lectern-epoch-'), 'dist');
    const r = await build({ manuscript: dir, out, effects: epoch === undefined ? nodeEffects({}) : fixedEffects(epoch) });
    expect(r.ok, r.diagnostics.map(formatDiagnostic).join('\n')).toBe(true);
    const epub = r.files.find((f) => f.path.endsWith('.epub'))!;
    const bytes = new Uint8Array(await readFile(epub.path));
    return { modified: opfMeta((await openEpub(bytes)).opf, 'dcterms:modified'), sha: sha256(bytes) };
  };

  it('a different SOURCE_DATE_EPOCH changes dcterms:modified (and nothing else decides it)', async () => {
    const a = await modifiedOf('1700000000');
    const a2 = await modifiedOf('1700000000');
    const b = await modifiedOf('1800000000');
    expect(a.modified).toEqual(['2023-11-14T22:13:20Z']);
    expect(b.modified).toEqual(['2027-01-15T08:00:00Z']);
    expect(a2.sha).toBe(a.sha);
    expect(b.sha).not.toBe(a.sha);
  });

  it('without SOURCE_DATE_EPOCH the time comes from book.yaml, never the clock', async () => {
    const r = await modifiedOf(undefined);
    expect(r.modified).toEqual(['2024-01-01T00:00:00Z']);
  });

  it('dryRun renders and verifies but writes nothing', async () => {
    const out = path.join(await tempDir('lectern-dry-'), 'dist');
    const r = await build({ manuscript: dir, out, effects: fixedEffects(), dryRun: true });
    expect(r.ok).toBe(true);
    expect(r.outputs?.epub?.length).toBeGreaterThan(0);
    expect(existsSync(out)).toBe(false);
  });

  it('a successful build replaces the editions and leaves other files in the output folder alone', async () => {
    const out = path.join(await tempDir('lectern-replace-'), 'dist');
    const first = await buildBook(dir, { out });
    await writeFile(path.join(out, 'README.txt'), 'mine\n');
    const second = await buildBook(dir, { out });
    expect(second.files.map((f) => f.sha256)).toEqual(first.files.map((f) => f.sha256));
    expect(await readFile(path.join(out, 'README.txt'), 'utf8')).toBe('mine\n');
  });
});

describe('X-1: rights lines that a careless renderer would change', () => {
  it('keeps rights lines with leading spaces and a tab, and builds', async () => {
    const chapter = `# A tiny chapter

Some text.

::: rights
Copyright \u00a9 2024 A. Writer.
    Indented\u00a0by four spaces.
  Two spaces, and a tab\tinside.
:::
`;
    const dir = await writeManuscript({ 'book.yaml': TINY_BOOK_YAML, 'chapter.md': chapter });
    const out = path.join(await tempDir('lectern-lead-'), 'dist');
    const r = await build({ manuscript: dir, out, effects: fixedEffects() });
    expect(r.ok, r.diagnostics.map(formatDiagnostic).join('\n')).toBe(true);
    const v = await openEpub(r.outputs!.epub!);
    const lines = ['Copyright \u00a9 2024 A. Writer.', '    Indented\u00a0by four spaces.', '  Two spaces, and a tab\tinside.'];
    expect(dc(v.opf, 'rights').map((e) => e.textContent)).toEqual([lines.join('\n')]);
    const div = elements(v.doc(v.pathOf('ch-chapter')), 'div').find((d) => d.getAttribute('class') === 'rights')!;
    // leading spaces must survive into what a reader sees: as the text itself, kept by CSS white-space
    const raw = elements(div, 'p').map((p) => p.textContent ?? '').join('');
    expect(raw).toContain('    Indented\u00a0by four spaces.');
    expect(renderedRightsGroups(div).flat().map((l) => l.trim())).toEqual(lines.map((l) => l.trim()));
  });
});

describe('a footnote in which nothing is read', () => {
  // found by the fuzzer (seed 827: no text) and by hand (a rule, an empty code block or quote)
  const cases: [string, string, number[]][] = [
    ['no text', '[^3]:   \n (see) more\n', [5]],
    ['only a rule', '[^3]:\n    ---\n', []],
    ['only an empty code block', '[^3]:\n    ```\n    ```\n', []],
    ['only an empty block quote', '[^3]:\n    >\n', []],
  ];
  it.each(cases)('builds with %s: the reference leads to the note\'s number, which neither edition reads out', async (_, note, warnedAt) => {
    const dir = await writeManuscript({ 'book.yaml': TINY_BOOK_YAML, 'chapter.md': `# Notes\n\nText with a note [^3].\n\n${note}\nThe end.\n` });
    const out = path.join(await tempDir('lectern-empty-note-'), 'dist');
    const r = await build({ manuscript: dir, out, effects: fixedEffects() });
    expect(r.ok, r.diagnostics.map(formatDiagnostic).join('\n')).toBe(true);
    expect(r.diagnostics.filter((d) => d.code === 'L-FOOTNOTE').map((d) => d.at?.line)).toEqual(warnedAt);
    // the EPUB: the note, with nothing to read but its back-link
    const v = await openEpub(r.outputs!.epub!);
    const aside = elements(v.doc(v.pathOf('ch-chapter')), 'aside')[0]!;
    expect(aside.getAttribute('id')).toBe('ch-chapter-fn1');
    expect((aside.textContent ?? '').trim()).toBe('↩');
    // the PDF: no "1." read after the chapter's text
    const texts = (await readPdfStructureText(r.outputs!.pdf!)).map((b) => b.text);
    expect(texts.join(' ')).toMatch(/Text with a note 1\. .*The end\./);
    expect(texts.join(' ')).not.toMatch(/The end\. 1\./);
  });
});

/**
 * Builds a book of one chapter (`md`); fails the test, with the diagnostics, when it does not
 * build. Gives the PDF's blocks as read from its structure tree, and the EPUB chapter's paragraphs.
 */
async function buildChapter(md: string, prefix: string): Promise<{ pdfBlocks: string[]; epubParagraphs: (string | null)[] }> {
  const dir = await writeManuscript({ 'book.yaml': TINY_BOOK_YAML, 'chapter.md': md });
  const out = path.join(await tempDir(prefix), 'dist');
  const r = await build({ manuscript: dir, out, effects: fixedEffects() });
  expect(r.ok, r.diagnostics.map(formatDiagnostic).join('\n')).toBe(true);
  const v = await openEpub(r.outputs!.epub!);
  return {
    pdfBlocks: (await readPdfStructureText(r.outputs!.pdf!)).map((b) => b.text),
    epubParagraphs: elements(v.doc(v.pathOf('ch-chapter')), 'p').map((e) => e.textContent),
  };
}

describe('invisible format characters', () => {
  it('builds text with a zero-width non-joiner, space and joiner, direction marks and a byte-order mark: the PDF reads each word as one, as the EPUB does, and the EPUB keeps the characters', async () => {
    // fontkit draws each as a space glyph with no advance, which a PDF's text layer read as a
    // space inside the word: X-PARITY ("Auf lage" against "Auflage")
    const text = 'Die Auf\u200clage, x\u200by, a\u200db, \u200eleft\u200f, \ufeffmark, of\u200cfice and \u200b alone.';
    const { pdfBlocks, epubParagraphs } = await buildChapter(`# Marks\n\n${text}\n`, 'lectern-invisible-');
    expect(pdfBlocks).toContain('Die Auflage, xy, ab, left, mark, office and alone.');
    expect(epubParagraphs).toContain(text);
  });
});

describe('a character whose glyph a substitution also makes', () => {
  it('builds "ﬁne" beside "fine" and "ılık" beside "í" (i + U+0301) in either order and face: the PDF reads each as written, as the EPUB does', async () => {
    // DejaVu Serif's "ﬁ" (U+FB01) is the glyph its liga feature makes of "f" + "i", and its "ı"
    // (U+0131) the glyph ccmp makes of "i" under an accent: drawn with one glyph, the PDF read one
    // of them as the other (X-PARITY)
    const first = 'First fine, fl and i\u0301, then \ufb01ne, \ufb02at, \ufb03 \ufb04 \ufb00 \ufb05 \ufb06 and \u0131l\u0131k.';
    // and both ways in one word (drawn in parts)
    const second = 'Then \u0131 before i\u0301, \ufb01 before fi: **\ufb01ne fine** *\ufb02 fl* `\ufb01 fi \u0131`, \ufb01fi and \u0131i\u0301k.';
    const { pdfBlocks, epubParagraphs } = await buildChapter(`# Letters\n\n${first}\n\n${second}\n`, 'lectern-ligature-');
    expect(pdfBlocks).toContain(first);
    expect(pdfBlocks).toContain(second.replace(/[*`]/g, ''));
    expect(epubParagraphs).toContain(first);
  });
});

describe('right-to-left text in code', () => {
  it('builds Arabic in a code span and a code block (the monospace face has it): the PDF reads each word in the order it is written, as the EPUB does', async () => {
    // fontkit gives a right-to-left word's glyphs from the left, and the PDF read "\u0628\u0627\u062a\u0643" for "\u0643\u062a\u0627\u0628" (X-PARITY)
    const span = 'Code: `\u0643\u062a\u0627\u0628 (\u0644\u0627) x` here.';
    const block = 'var s = "\u0645\u0631\u062d\u0628\u0627 \u0628\u0627\u0644\u0639\u0627\u0644\u0645";';
    const { pdfBlocks } = await buildChapter(`# Code\n\n${span}\n\n\`\`\`\n${block}\n\`\`\`\n`, 'lectern-rtl-');
    expect(pdfBlocks).toContain(span.replace(/`/g, ''));
    expect(pdfBlocks).toContain(block);
  });
});

describe('marks and variation selectors', () => {
  it('builds "\u0457" with a mark below (fontkit threw: I-BUG) and variation selectors, within a word and alone (X-PARITY: the PDF has none): the EPUB keeps them', async () => {
    const text = 'Ukra\u0457\u0316na, a\ufe0e sign, \u00a9\ufe0f and \ufe0c alone.';
    const { pdfBlocks, epubParagraphs } = await buildChapter(`# Marks\n\n${text}\n`, 'lectern-marks-');
    // the PDF keeps a selector only where fontkit gives it to the glyph it chose (\u00a9\ufe0f)
    expect(pdfBlocks.map((b) => b.replace(/[\ufe00-\ufe0f]/g, ''))).toContain('Ukra\u0457\u0316na, a sign, \u00a9 and alone.');
    expect(epubParagraphs).toContain(text);
  });
});

describe('Unicode spaces at the ends of a block', () => {
  it('builds a paragraph ending in &nbsp; (X-PARITY before: the PDF\'s block was trimmed of it, the EPUB\'s words kept it), and U+2003 at the ends of blocks and of the document', async () => {
    const md = '# \u2003Spaces\n\nEnds with a space&nbsp;\n\nNext\u00a0\n\n`\u2003code` and \u2003.\n\n\u2003Starts and ends with an em space \u2003\n';
    const { pdfBlocks } = await buildChapter(md, 'lectern-spaces-');
    expect(pdfBlocks).toContain('Ends with a space\u00a0');
    expect(pdfBlocks).toContain('\u2003Starts and ends with an em space \u2003');
  });
});

describe('a rights block with characters that are not read', () => {
  it('builds a rights line holding a non-joiner, a soft hyphen and a variation selector (X-RIGHTS before: the PDF draws none), and a title whose selector made "\u00a9" read "\u00a9\ufe0f" elsewhere', async () => {
    const line = 'Copyright Auf\u200clage, Ver\u00adlag \u00a9\ufe0f 2024.';
    const md = `# Rights \u00a9\ufe0f\n\nText \u00a9 here.\n\n::: rights\n${line}\nAll rights reserved \u00a9.\n:::\n`;
    const { pdfBlocks, epubParagraphs } = await buildChapter(md, 'lectern-rights-unread-');
    expect(pdfBlocks.map((b) => b.replace(/\ufe0f/g, ''))).toContain('Copyright Auflage, Verlag \u00a9 2024.');
    // the EPUB keeps the line byte for byte
    expect(epubParagraphs.join('\n')).toContain(line);
  });
});

describe('collect: where a big book\'s garbage has just died', () => {
  it('is called after enrichment and after the layout for a big book, never for a small one', async () => {
    const ms = path.join(await tempDir('lectern-collect-'), 'ms');
    generateManuscript(ms, 6_000, 3);
    const stages: string[] = [];
    const seen: string[][] = [];
    const big = await build({ manuscript: ms, out: await tempDir(), dryRun: true, effects: fixedEffects(), onStage: (s) => { stages.push(s); }, collect: () => { seen.push([...stages]); } });
    expect(big.ok).toBe(true);
    expect(big.pdfReadBack).toBe('worker'); // a big book, as the read-back counts books
    expect(seen).toHaveLength(2);
    expect(seen[0]).toContain('enrich');
    expect(seen[1]).toContain('pdf');
    let small = 0;
    const r = await build({ manuscript: SAMPLE_DIR, out: await tempDir(), dryRun: true, effects: fixedEffects(), collect: () => { small++; } });
    expect(r.ok).toBe(true);
    await new Promise((resolve) => setImmediate(resolve));
    expect(small).toBe(0);
    // a collection that fails is only a help that failed: the build goes on, with the same editions
    let thrown = 0;
    const failing = await build({ manuscript: ms, out: await tempDir(), dryRun: true, effects: fixedEffects(), collect: () => { thrown++; throw new Error('no collection here'); } });
    expect(thrown).toBe(2);
    expect(failing.ok).toBe(true);
    expect(Buffer.from(failing.outputs!.pdf!).equals(Buffer.from(big.outputs!.pdf!))).toBe(true);
  }, 120_000);
});

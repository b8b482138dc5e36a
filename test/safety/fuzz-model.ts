/**
 * The fuzzing model shared by fuzz.test.ts (a few seeded runs in `npm test`) and scripts/fuzz.ts
 * (many runs): random manuscripts from a grammar of the Markdown Lectern supports, with random
 * Unicode (Azerbaijani letters, right-to-left scripts, emoji the PDF fonts lack, control
 * characters), stray `:::` fences, `{…}` attribute junk and mutations of book.yaml; and the
 * property every build must have.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { formatDiagnostic } from '../../src/model/diagnostic.js';
import { build } from '../../src/pipeline/build.js';
import { checkEpub } from '../../src/verify/epub/check.js';
import { dejavuFonts } from '../../src/effects.js';
import { openFont, type FontkitFont } from '../../src/font-tables.js';
import { contractViolation, effects, png } from './support.js';

export interface FuzzManuscript {
  readonly bookYaml: string;
  readonly chapters: readonly string[];
}

// ------------------------------------------------------------------ text

const WORDS = ['the', 'book', 'Azərbaycan', 'dili', 'gözəl', 'şəhər', 'çay', 'ölkə', 'üçün', 'ağac', 'İstanbul', 'Ğ', 'ı', 'Pakistan',
  'friendship', '1992', 'in 2020', 'on 27 September 2020', 'the 90s', 'May 2001', 'naïve', 'façade', 'Ωμέγα',
  'Привет', '(c)', '--', '"quoted"', "it's", '&', '<b>', 'a&amp;b', '&#1234;', '\\*', 'x\u00a0y', '…', '—',
  // a glyph made two ways: ligatures typed as one character beside their letters, "í" typed as i + U+0301 beside "ı"
  'first', 'o\ufb03ce', '\ufb01ne', '\ufb02ow', 'i\u0301', 'Auf\u200clage'];

/** Characters that may or may not be allowed: each either builds or is a clear L- error. */
const ODD = ['&nbsp;', '\u200f', '\u200e', '\u00ad', 'שלום', 'مرحبا', 'كتاب', '😀', '🇦🇿', '\u0001', '\u0007', '\u001b', '\u007f', '\u0085', '\ufeff', '\u2028', '\u202e', '\ufffd', '\ud7ff', '\u{10ffff}',
  '\u0301', 'e\u0301', '\t', '\\', '`', '*', '_', '[', ']', '(', ')', '{', '}', '#', '|', ':::', '<', '>', '!', '~', '^', '$'];

/**
 * Characters every text face shows, itself or by its fallback face (Unicode beyond ASCII, in the
 * Basic Multilingual Plane; DejaVu Sans adds Arabic, Hebrew, stars, check marks and more): any
 * word of them must build (a code span may get an L-GLYPH error: the monospace face has fewer).
 * Random words of them found a mark fontkit could not place, variation selectors and U+2003 at a
 * block's end that the editions read apart.
 */
const SHOWN = await shownCharacters();
async function shownCharacters(): Promise<number[]> {
  const files = await dejavuFonts();
  // each text face with its fallback face (DejaVu Sans: render/pdf/fonts.ts FALLBACK)
  const open = (f: Uint8Array) => openFont(f) as FontkitFont & { readonly characterSet: number[] };
  const faces = ([[files.regular, files.sans], [files.bold, files.sansBold], [files.italic, files.sansItalic], [files.boldItalic, files.sansBoldItalic]] as const)
    .map(([face, fallback]) => [open(face), open(fallback)] as const);
  const candidates = new Set([...faces[0]![0].characterSet, ...faces[0]![1].characterSet]);
  return [...candidates].sort((a, b) => a - b)
    .filter((c) => c > 0x7f && c <= 0xffff && (c < 0xd800 || c > 0xdfff) && faces.every(([face, fallback]) => face.hasGlyphForCodePoint(c) || fallback.hasGlyphForCodePoint(c)));
}
const shownWord = fc.array(fc.constantFrom(...SHOWN), { minLength: 1, maxLength: 6 }).map((cs) => String.fromCharCode(...cs));

/** Words of a clean manuscript: letters of many languages, dates, Markdown-ish punctuation, and
 * now and then a word of any characters the fonts show. */
const cleanWord = fc.oneof({ weight: 12, arbitrary: fc.constantFrom(...WORDS) }, { weight: 1, arbitrary: shownWord });
/** Words of a hostile one: also characters that may be refused (controls, emoji, scripts the fonts lack), any Unicode. */
const hostileWord = fc.oneof({ weight: 8, arbitrary: cleanWord }, { weight: 2, arbitrary: fc.constantFrom(...ODD) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 6 }) }, { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 3 }) });

interface Gen { readonly plain: fc.Arbitrary<string>; readonly hostile: boolean }
const plainOf = (w: fc.Arbitrary<string>) => fc.array(w, { minLength: 1, maxLength: 8 }).map((ws) => ws.join(' '));
const cleanGen = (): Gen => ({ plain: plainOf(cleanWord), hostile: false });
const hostileGen = (): Gen => ({ plain: plainOf(hostileWord), hostile: true });
/** Text for book.yaml mutations (may be hostile). */
const plain = plainOf(hostileWord);

const attrJunk = fc.constantFrom('{#an-id}', '{.byline}', '{lang=az}', '{dir=rtl}', '{lang="en-GB"}', '{#}', '{.}', '{lang=}', '{onclick=x}',
  '{style="x"}', '{#id .c lang=az dir=ltr}', '{=}', '{{}}', '{#"quote"}', '{lang=not a tag}', '{ #spaced }', '{');

const inline = (opts: Gen): fc.Arbitrary<string> => { const plain = opts.plain; return fc.oneof(
  { weight: 6, arbitrary: plain },
  { weight: 1, arbitrary: plain.map((t) => `*${t}*`) },
  { weight: 1, arbitrary: plain.map((t) => `**${t}**`) },
  { weight: 1, arbitrary: plain.map((t) => `\`${t}\``) },
  { weight: 1, arbitrary: plain.map((t) => `[${t}](https://example.org/${encodeURIComponent(t).slice(0, 20)})`) },
  { weight: 1, arbitrary: plain.map((t) => `[${t}](#top)`) },
  { weight: 1, arbitrary: fc.tuple(plain, fc.constantFrom('lang=az', 'lang=ar', 'dir=rtl', 'lang=az-Latn', 'lang=he dir=rtl')).map(([t, a]) => `[${t}]{${a}}`) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 4 }).map((n) => `[^${n}]`) },
  { weight: opts.hostile ? 1 : 0, arbitrary: attrJunk },
  { weight: 1, arbitrary: fc.constantFrom('<span>', '</p>', '<script>x</script>', '&lt;', '\\', '  \n', '<https://example.org>', '[dangling](', '![', '[^') },
  { weight: 1, arbitrary: plain.map((t) => `![${t}](images/x.png)`) },
  // an image written against the words around it, with no space
  { weight: 1, arbitrary: plain.map((t) => `(see![${t}](images/x.png)here)`) },
); };

const line = (opts: Gen) => fc.array(inline(opts), { minLength: 1, maxLength: 6 }).map((xs) => xs.join(' '));

// ------------------------------------------------------------------ blocks

const block = (opts: Gen): fc.Arbitrary<string> => { const plain = opts.plain; return fc.oneof(
  { weight: 6, arbitrary: line(opts) },
  // a paragraph in a language or direction of its own, set from the right margin when rtl
  { weight: 1, arbitrary: fc.tuple(line(opts), fc.constantFrom('{lang=fa dir=rtl}', '{dir=rtl}', '{lang=he dir=rtl}', '{lang=az}', '{dir=ltr}')).map(([t, a]) => `${t} ${a}`) },
  { weight: 2, arbitrary: fc.tuple(fc.integer({ min: 1, max: 6 }), line(opts), fc.option(attrJunk, { nil: undefined })).map(([n, t, a]) => `${'#'.repeat(n)} ${t}${a ? ` ${a}` : ''}`) },
  { weight: 1, arbitrary: fc.array(line(opts), { minLength: 1, maxLength: 4 }).map((ls) => ls.map((l) => `- ${l}`).join('\n')) },
  { weight: 1, arbitrary: fc.array(line(opts), { minLength: 1, maxLength: 4 }).map((ls) => ls.map((l, i) => `${i + 1}. ${l}`).join('\n')) },
  { weight: 1, arbitrary: fc.tuple(line(opts), line(opts)).map(([a, b]) => `- ${a}\n  - ${b}\n    1. ${a}`) },
  { weight: 1, arbitrary: fc.array(line(opts), { minLength: 1, maxLength: 3 }).map((ls) => ls.map((l) => `> ${l}`).join('\n')) },
  { weight: 1, arbitrary: fc.array(plain, { minLength: 1, maxLength: 3 }).map((ls) => `\`\`\`\n${ls.join('\n')}\n\`\`\``) },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 1, max: 5 }), fc.array(plain, { minLength: 1, maxLength: 10 })).map(([cols, cells]) => {
    const row = (k: number) => `| ${Array.from({ length: cols }, (_, i) => (cells[(i + k) % cells.length] ?? 'x').replace(/\|/g, '/')).join(' | ')} |`;
    return `${row(0)}\n|${' --- |'.repeat(cols)}\n${row(1)}\n${row(2)}`;
  }) },
  { weight: 1, arbitrary: fc.tuple(plain, line(opts)).map(([term, def]) => `${term.replace(/^[-*+#>:|]/, 'x')}\n: ${def}`) },
  { weight: 1, arbitrary: fc.constant('---') },
  // Two different rights blocks in one book fail X-RIGHTS (reported); a clean book repeats one text.
  { weight: 1, arbitrary: opts.hostile ? fc.array(plain, { minLength: 1, maxLength: 3 }).map((ls) => `::: rights\nCOPYRIGHT 2024 ${ls.join('\n')}\n:::`) : fc.constant('::: rights\nCOPYRIGHT 2024 Lectern Fuzz Press\nAll rights reserved.\n:::') },
  { weight: opts.hostile ? 1 : 0, arbitrary: fc.constantFrom(':::', '::: rights', '::: note', ':::::', '::: rights\n:::') },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 1, max: 4 }), line(opts)).map(([n, t]) => `[^${n}]: ${t}`) },
  { weight: 1, arbitrary: plain.map((t) => `![${t}](images/x.png)`) },
  // an image written against the words around it, with no space
  { weight: 1, arbitrary: plain.map((t) => `(see![${t}](images/x.png)here)`) },
  { weight: 1, arbitrary: plain.map((t) => `![${t}](images/x.png "${t.replace(/"/g, "'")}")`) },
  { weight: 1, arbitrary: fc.constant('![](images/x.png){.decorative}') },
); };

const chapter = (opts: Gen): fc.Arbitrary<string> => fc.tuple(
  opts.hostile ? fc.option(opts.plain, { nil: undefined }) : opts.plain,
  fc.array(block(opts), { minLength: 0, maxLength: 10 }),
  fc.constantFrom('\n', '\n', '\r\n'),
).map(([title, blocks, eol]) => [...(title !== undefined ? [`# ${title} {#top}`] : []), ...blocks].join('\n\n').replace(/\n/g, eol) + eol);

// ------------------------------------------------------------------ book.yaml

const BASE: readonly [string, string][] = [
  ['title', 'A fuzzed book'],
  ['creators', '\n  - name: A. Writer\n    role: aut'],
  ['language', 'en'],
  ['identifier', 'urn:uuid:00000000-0000-4000-8000-00000000f022'],
  ['date', '2024-01-01'],
];

const yamlMutation = fc.oneof(
  fc.constant((l: [string, string][]) => l),
  fc.constant((l: [string, string][]) => l),
  fc.constant((l: [string, string][]) => l.slice(1)),
  fc.constant((l: [string, string][]) => l.filter(([k]) => k !== 'language')),
  fc.constantFrom('az', 'az-Latn', 'ar', 'xx-!!', '', 'en_GB').map((v) => (l: [string, string][]) => l.map(([k, x]): [string, string] => [k, k === 'language' ? v : x])),
  plain.map((t) => (l: [string, string][]) => l.map(([k, x]): [string, string] => [k, k === 'title' ? JSON.stringify(t) : x])),
  fc.constantFrom('Title & <more> "quoted"', "'single", '"', '|', '>', '&anchor x', '*alias', '[1, 2]', '{a: b}', '', '~', 'null', '2024-01-01').map((v) => (l: [string, string][]) => l.map(([k, x]): [string, string] => [k, k === 'title' ? v : x])),
  fc.constantFrom('unknown: 1', 'subjects: [a, b]', 'subjects: 3', 'description: ""', 'contents: []', 'contents: [a.md, a.md]', 'contents: [nope.md]',
    'modified: 2024-01-01T00:00:00Z', 'title: duplicate', '  bad: indentation', '\tx: tab', 'a: &x [1]\nb: *x', 'source:\n  url: not a url', 'publisher: P & Q <R>',
    'accessibility:\n  review:\n    by: Someone\n    date: 2024-01-02')
    .map((extra) => (l: [string, string][]) => [...l, ['__raw', extra] as [string, string]]),
  fc.constant((l: [string, string][]) => l.map(([k, x]): [string, string] => [k, k === 'date' ? '2024-13-45' : x])),
);

const bookYaml = fc.array(yamlMutation, { minLength: 0, maxLength: 3 }).map((ms) => {
  let l: [string, string][] = BASE.map(([k, v]) => [k, v]);
  for (const m of ms) l = m(l);
  return `${l.map(([k, v]) => (k === '__raw' ? v : `${k}:${v.startsWith('\n') ? v : ` ${v}`}`)).join('\n')}\n`;
});

/**
 * Three in ten manuscripts are hostile (odd characters anywhere, a mutated book.yaml); the rest are
 * clean, so that most builds get through to the editions and their checks.
 */
export function manuscriptArbitrary(): fc.Arbitrary<FuzzManuscript> {
  const base = `${BASE.map(([k, v]) => `${k}:${v.startsWith('\n') ? v : ` ${v}`}`).join('\n')}\n`;
  // now and then a title or author of any characters the fonts show (on the title page, in the
  // running heads, the metadata page, the outline, the XMP and the file name)
  const shownText = fc.array(shownWord, { minLength: 1, maxLength: 4 }).map((ws) => JSON.stringify(ws.join(' ')));
  const cleanYaml = fc.oneof(
    { weight: 8, arbitrary: fc.constant(base) },
    { weight: 1, arbitrary: shownText.map((t) => base.replace('title: A fuzzed book', `title: ${t}`)) },
    { weight: 1, arbitrary: shownText.map((t) => base.replace('name: A. Writer', `name: ${t}`)) },
  );
  const clean = fc.record({ bookYaml: cleanYaml, chapters: fc.array(chapter(cleanGen()), { minLength: 1, maxLength: 3 }) });
  const hostile = fc.record({ bookYaml, chapters: fc.array(chapter(hostileGen()), { minLength: 1, maxLength: 3 }) });
  return fc.oneof({ weight: 7, arbitrary: clean }, { weight: 3, arbitrary: hostile });
}

// ------------------------------------------------------------------ the property

let pdfCheck: ((bytes: Uint8Array) => Promise<{ code: string; severity: string; message: string }[]>) | null | undefined;

/** checkPdf from src/verify/pdf/index.ts when that module exists (it is written in parallel). */
async function loadPdfCheck(): Promise<typeof pdfCheck> {
  if (pdfCheck === undefined) {
    try {
      const modulePath = '../../src/verify/pdf/index.js';
      const mod = (await import(modulePath)) as { checkPdf?: (b: Uint8Array) => Promise<{ code: string; severity: string; message: string }[]> };
      pdfCheck = mod.checkPdf ?? null;
    } catch {
      pdfCheck = null;
    }
  }
  return pdfCheck;
}

/**
 * Build one manuscript (in memory, dryRun) and check the property: success with an EPUB that
 * passes checkEpub (and a PDF that passes checkPdf), or failure with only L- errors that carry a
 * manuscript position, never I-BUG, never an exception. Returns '' or what went wrong.
 */
export async function checkManuscript(m: FuzzManuscript): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'lectern-fuzz-'));
  try {
    const ms = path.join(dir, 'manuscript');
    await mkdir(path.join(ms, 'images'), { recursive: true });
    await writeFile(path.join(ms, 'book.yaml'), m.bookYaml);
    await writeFile(path.join(ms, 'images', 'x.png'), png(6, 4));
    for (const [i, text] of m.chapters.entries()) await writeFile(path.join(ms, `${String(i + 1).padStart(2, '0')}-chapter.md`), text);
    let r;
    try {
      r = await build({ manuscript: ms, out: path.join(dir, 'out'), effects: effects(), dryRun: true });
    } catch (e) {
      return `build() threw: ${(e as Error).stack ?? String(e)}`;
    }
    const violation = contractViolation(r);
    if (violation) return violation;
    if (r.ok) {
      const epubErrors = (await checkEpub(r.outputs!.epub!)).filter((d) => d.severity === 'error');
      if (epubErrors.length) return `checkEpub on a successful build:\n${epubErrors.map(formatDiagnostic).join('\n')}`;
      const checkPdf = await loadPdfCheck();
      if (checkPdf) {
        const pdfErrors = (await checkPdf(r.outputs!.pdf!)).filter((d) => d.severity === 'error');
        if (pdfErrors.length) return `checkPdf on a successful build:\n${pdfErrors.map((d) => `${d.code}: ${d.message}`).join('\n')}`;
      }
    }
    return '';
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * parseChapter: Markdown -> the book tree, one node kind at a time, each with its manuscript
 * position; the `::: rights` fence kept verbatim; no typography, no raw HTML.
 */
import { describe, expect, it } from 'vitest';
import type {
  Block, BlockquoteBlock, DefinitionListBlock, FigureBlock, HeadingBlock, Inline, ListBlock, ParagraphBlock, RightsBlock, TableBlock,
} from '../../src/model/book.js';
import type { Diagnostic } from '../../src/model/diagnostic.js';
import { parseChapter, slugId, type ImageMention } from '../../src/parse/to-model.js';
import { inlinePlainText } from '../../src/model/plain-text.js';

interface Parsed { blocks: Block[]; diagnostics: Diagnostic[]; images: ImageMention[]; title: string; notes: ReturnType<typeof parseChapter>['chapter']['notes'] }

function parse(md: string, opts: { usedIds?: Set<string> } = {}): Parsed {
  const images: ImageMention[] = [];
  const r = parseChapter(md, {
    file: 'ch.md', chapterId: 'ch-x',
    chapterIds: new Map([['ch.md', 'ch-x'], ['other.md', 'ch-other']]),
    usedIds: opts.usedIds ?? new Set(),
    imageAsset: (m) => { images.push(m); return `img${images.length}`; },
  });
  return { blocks: [...r.chapter.blocks], diagnostics: r.diagnostics, images, title: r.chapter.title, notes: r.chapter.notes };
}

const only = <K extends Block['kind']>(blocks: Block[], kind: K): Extract<Block, { kind: K }>[] => blocks.filter((b) => b.kind === kind) as Extract<Block, { kind: K }>[];
const line = (b: { at: { line: number; column: number } }) => [b.at.line, b.at.column];
const errors = (p: Parsed) => p.diagnostics.filter((d) => d.severity === 'error');
const t = (value: string): Inline => ({ kind: 'text', value });

describe('headings', () => {
  it('levels, slug ids, explicit {#id}, positions; the first h1 is the title', () => {
    const p = parse('# The Title\n\n## Ünïcode & Things\n\n### Three {#own-id}\n\n   ## Indented');
    const hs = only(p.blocks, 'heading');
    expect(hs.map((h) => [h.level, h.id, h.children])).toEqual([
      [1, 'the-title', [t('The Title')]],
      [2, 'unicode-things', [t('Ünïcode & Things')]],
      [3, 'own-id', [t('Three')]],
      [2, 'indented', [t('Indented')]],
    ]);
    expect(hs.map(line)).toEqual([[1, 1], [3, 1], [5, 1], [7, 4]]);
    expect(hs.every((h) => h.at.file === 'ch.md')).toBe(true);
    expect(p.title).toBe('The Title');
  });

  it('makes ids unique across the book (usedIds) and never starts one with a digit', () => {
    const used = new Set(['intro']);
    const p = parse('# Intro\n\n## Intro\n\n## 2020', { usedIds: used });
    expect(only(p.blocks, 'heading').map((h) => h.id)).toEqual(['intro-2', 'intro-3', 's-2020']);
    expect(used.has('intro-3')).toBe(true);
    expect(slugId('Azərbaycan dili')).toBe('az-rbaycan-dili');
  });
});

describe('paragraphs and inline nodes', () => {
  it('paragraph ids and positions; {.byline} gives the byline role', () => {
    const p = parse('First line\nsecond line.\n\nByline: A. Writer {.byline}\n\nThird {#p-own}');
    const ps = only(p.blocks, 'paragraph');
    expect(ps.map((x) => [x.id, x.role, line(x)])).toEqual([
      ['ch-x-p1', undefined, [1, 1]], ['ch-x-p2', 'byline', [4, 1]], ['p-own', undefined, [6, 1]],
    ]);
    expect(ps[0]!.children).toEqual([t('First line second line.')]);
    expect(ps[1]!.children).toEqual([t('Byline: A. Writer')]);
  });

  it('emphasis, strong, code, hard line break', () => {
    const p = parse('a *em* **strong** `co*de*`  \nnext');
    expect((p.blocks[0] as ParagraphBlock).children).toEqual([
      t('a '), { kind: 'emphasis', children: [t('em')] }, t(' '), { kind: 'strong', children: [t('strong')] }, t(' '),
      { kind: 'code', value: 'co*de*' }, { kind: 'lineBreak' }, t('next'),
    ]);
  });

  it('links: external, #anchor, other.md#anchor, other.md; a title', () => {
    const p = parse('[w](https://example.org/a?b=c "T") [s](#here) [o](other.md#there) [top](./other.md) [mail](mailto:a@example.org)');
    const links = (p.blocks[0] as ParagraphBlock).children.filter((c) => c.kind === 'link');
    expect(links.map((l) => l.kind === 'link' && [l.target, l.title])).toEqual([
      [{ kind: 'external', href: 'https://example.org/a?b=c' }, 'T'],
      [{ kind: 'internal', chapterId: 'ch-x', anchor: 'here' }, undefined],
      [{ kind: 'internal', chapterId: 'ch-other', anchor: 'there' }, undefined],
      [{ kind: 'internal', chapterId: 'ch-other' }, undefined],
      [{ kind: 'external', href: 'mailto:a@example.org' }, undefined],
    ]);
    expect(p.diagnostics).toEqual([]);
  });

  it('a link to a file that is no chapter is reported at its line', () => {
    const p = parse('Intro.\n\nSee [x](missing.md#a).');
    const d = p.diagnostics.find((x) => x.code === 'L-PATH');
    expect(d?.message).toMatch(/missing\.md/);
    expect(d?.at?.line).toBe(3);
  });

  it('a language span with lang and dir; a bad tag is L-ATTR', () => {
    const p = parse('He said [Azərbaycan dili çox gözəldir]{lang=az} and [שלום]{lang=he dir=rtl}.');
    const spans = (p.blocks[0] as ParagraphBlock).children.filter((c) => c.kind === 'span');
    expect(spans).toEqual([
      { kind: 'span', lang: 'az', children: [t('Azərbaycan dili çox gözəldir')] },
      { kind: 'span', lang: 'he', dir: 'rtl', children: [t('שלום')] },
    ]);
    expect(p.diagnostics).toEqual([]);
    const bad = parse('\n[x]{lang=not_a_tag}');
    expect(bad.diagnostics.map((d) => [d.code, d.at?.line])).toEqual([['L-ATTR', 2]]);
  });

  it('a paragraph or heading with its own lang and dir; a bad tag is L-ATTR', () => {
    const p = parse('## نقل قول {lang=fa dir=rtl}\n\nصداقت پاکستان و آذربایجان. {lang=fa dir=rtl}\n\nAn English one. {dir=sideways}\n');
    const [h, para, english] = p.blocks as [HeadingBlock, ParagraphBlock, ParagraphBlock];
    expect([h.lang, h.dir, h.children]).toEqual(['fa', 'rtl', [t('نقل قول')]]);
    expect([para.lang, para.dir, para.children]).toEqual(['fa', 'rtl', [t('صداقت پاکستان و آذربایجان.')]]);
    // a direction that is none is left out, as on a span
    expect(['lang' in english, 'dir' in english]).toEqual([false, false]);
    expect(p.diagnostics).toEqual([]);
    expect(parse('\n\nText. {lang=not_a_tag}').diagnostics.map((d) => [d.code, d.at?.line])).toEqual([['L-ATTR', 3]]);
    // a list or quotation: on the line after it
    const blocks = parse('- یک\n- دو\n{lang=fa dir=rtl}\n\n> نقل\n{dir=rtl}\n').blocks as [ListBlock, BlockquoteBlock];
    expect([blocks[0].kind, blocks[0].lang, blocks[0].dir, blocks[1].kind, blocks[1].lang, blocks[1].dir]).toEqual(['list', 'fa', 'rtl', 'blockquote', undefined, 'rtl']);
    expect(inlinePlainText((blocks[0].items[1]!.children[0] as ParagraphBlock).children)).toBe('دو');
  });

  it('no typography: quotes, dashes, (c), ellipsis stay as typed', () => {
    const s = 'He said "yes" and \'no\' -- or --- (c) (tm) ... 1/2 -> <-';
    expect((parse(s).blocks[0] as ParagraphBlock).children).toEqual([t(s)]);
  });

  it('no raw HTML: tags are text; entities are decoded as CommonMark says', () => {
    const p = parse('<b>bold</b> <script>x()</script> &amp; &copy;');
    expect((p.blocks[0] as ParagraphBlock).children).toEqual([t('<b>bold</b> <script>x()</script> & ©')]);
    const block = parse('<div onclick="x()">\nhi\n</div>');
    expect(JSON.stringify(block.blocks)).not.toMatch(/"kind":"html/);
  });

  it('attributes other than id, class, lang, dir are dropped', () => {
    const p = parse('## Head {#h style="color:red" onclick=x data-x=1}');
    const h = p.blocks[0] as HeadingBlock;
    expect(h.id).toBe('h');
    expect(JSON.stringify(h)).not.toMatch(/onclick|style|data-x/);
  });
});

describe('lists, quotes, tables, definition lists, code', () => {
  it('an ordered list with a start, a nested bullet list, positions', () => {
    const p = parse('3. three\n4. four\n   - nested a\n   - nested b\n\n- x\n- y');
    const [ol, ul] = only(p.blocks, 'list');
    expect([ol!.ordered, ol!.start, ol!.items.length, line(ol!)]).toEqual([true, 3, 2, [1, 1]]);
    const nested = only(ol!.items[1]!.children as Block[], 'list')[0] as ListBlock;
    expect(nested.ordered).toBe(false);
    expect(nested.items.map((i) => (i.children[0] as ParagraphBlock).children)).toEqual([[t('nested a')], [t('nested b')]]);
    expect(nested.items.map((i) => i.at.line)).toEqual([3, 4]);
    expect([ul!.ordered, ul!.start, line(ul!)]).toEqual([false, undefined, [6, 1]]);
  });

  it('a block quote holding paragraphs', () => {
    const p = parse('Intro\n\n> one\n>\n> two');
    const q = only(p.blocks, 'blockquote')[0] as BlockquoteBlock;
    expect(line(q)).toEqual([3, 1]);
    expect(q.children.map((c) => (c as ParagraphBlock).children)).toEqual([[t('one')], [t('two')]]);
  });

  it('a pipe table: header row, alignment per column, body rows', () => {
    const p = parse('\n| Town | km | When |\n|:-----|---:|:----:|\n| *Quba* | 168 | evening |\n| Baku | 0 | |');
    const tb = p.blocks[0] as TableBlock;
    expect(line(tb)).toEqual([2, 1]);
    expect(tb.head.map((r) => r.cells.map((c) => [c.header, c.align, c.children]))).toEqual([[
      [true, 'left', [t('Town')]], [true, 'right', [t('km')]], [true, 'center', [t('When')]],
    ]]);
    expect(tb.body.map((r) => r.cells.map((c) => c.children))).toEqual([
      [[{ kind: 'emphasis', children: [t('Quba')] }], [t('168')], [t('evening')]],
      [[t('Baku')], [t('0')], []],
    ]);
    expect(tb.body[0]!.cells.every((c) => !c.header)).toBe(true);
  });

  it('a definition list with two terms, one with two definitions', () => {
    const p = parse('Carpet\n: A floor covering.\n: *xalça*\n\nKilim\n: Flat-woven.');
    const dl = p.blocks[0] as DefinitionListBlock;
    expect(dl.kind).toBe('definitionList');
    expect(dl.items.map((i) => [i.term, i.definitions.map((d) => (d[0] as ParagraphBlock).children)])).toEqual([
      [[t('Carpet')], [[t('A floor covering.')], [{ kind: 'emphasis', children: [t('xalça')] }]]],
      [[t('Kilim')], [[t('Flat-woven.')]]],
    ]);
  });

  it('fenced and indented code, a thematic break', () => {
    const p = parse('```js\nlet x = "a" -- 1;\n```\n\n    indented *not em*\n\n---');
    expect(p.blocks.map((b) => [b.kind, 'value' in b ? b.value : undefined, 'lang' in b ? b.lang : undefined, line(b)])).toEqual([
      ['codeBlock', 'let x = "a" -- 1;', 'js', [1, 1]],
      ['codeBlock', 'indented *not em*', undefined, [5, 5]],
      ['thematicBreak', undefined, undefined, [7, 1]],
    ]);
  });
});

describe('images', () => {
  it('an image alone in a paragraph is a figure; its title is the caption', () => {
    const p = parse('Text.\n\n![A map of the coast](images/map.png "The coast")');
    const f = only(p.blocks, 'figure')[0] as FigureBlock;
    expect(f.image).toMatchObject({ assetId: 'img1', alt: 'A map of the coast', decorative: false, title: 'The coast' });
    expect(f.caption).toEqual([t('The coast')]);
    expect(line(f)).toEqual([3, 1]);
    expect(p.images).toEqual([{ src: 'images/map.png', at: { file: 'ch.md', line: 3, column: 1 } }]);
  });

  it('an inline image stays inline, and its position is its own line', () => {
    const p = parse('Line one\nand ![a dot](images/dot.png) here.');
    const para = p.blocks[0] as ParagraphBlock;
    expect(para.kind).toBe('paragraph');
    expect(para.children.some((c) => c.kind === 'image' && c.image.alt === 'a dot')).toBe(true);
    expect(p.images.map((m) => [m.at.line, m.at.column])).toEqual([[2, 5]]);
  });

  it('alt text keeps the plain text of emphasis inside it', () => {
    const p = parse('![A *very* old map](m.png)');
    expect((p.blocks[0] as FigureBlock).image.alt).toBe('A very old map');
  });

  it('an image without alt is L-ALT at its line; {.decorative} is allowed with an empty alt', () => {
    const p = parse('Intro.\n\n![](images/a.png)\n\n![](images/rule.png){.decorative}');
    expect(errors(p).map((d) => [d.code, d.at?.line])).toEqual([['L-ALT', 3]]);
    const figs = only(p.blocks, 'figure');
    expect(figs.map((f) => [f.image.decorative, f.image.alt])).toEqual([[false, ''], [true, '']]);
  });

  it('L-ALT points at the image that lacks alt text, also when another image is before it on the line', () => {
    const p = parse('See ![an icon](images/a.png) and ![](images/a.png) here.\n\n| A | B |\n| --- | --- |\n| ![x](b.png) | ![](b.png) |');
    expect(errors(p).map((d) => [d.code, d.at?.line, d.at?.column])).toEqual([['L-ALT', 1, 34], ['L-ALT', 5, 17]]);
  });

  it('a decorative image drops any alt it was given', () => {
    const p = parse('![ornament](images/rule.png){.decorative}');
    expect((p.blocks[0] as FigureBlock).image).toMatchObject({ decorative: true, alt: '' });
  });

  it('every image is handed to the loader with its source as written', () => {
    const p = parse('![a](../../x.png)\n\n![b](https://example.com/b.png)\n\n![c](/abs/c.png)');
    expect(p.images.map((m) => [m.src, m.at.line])).toEqual([['../../x.png', 1], ['https://example.com/b.png', 3], ['/abs/c.png', 5]]);
  });
});

describe('footnotes', () => {
  it('a reference becomes a noteRef; the definition becomes a Note with back-link ids', () => {
    const p = parse('Text[^a] and again[^a].\n\nMore[^b].\n\n[^a]: First note.\n[^b]: Second *note*.');
    const refs = only(p.blocks, 'paragraph').flatMap((b) => b.children.filter((c) => c.kind === 'noteRef'));
    expect(refs).toEqual([
      { kind: 'noteRef', noteId: 'ch-x-fn1', refId: 'ch-x-fnref1', label: '1' },
      { kind: 'noteRef', noteId: 'ch-x-fn1', refId: 'ch-x-fnref1-2', label: '1' },
      { kind: 'noteRef', noteId: 'ch-x-fn2', refId: 'ch-x-fnref2', label: '2' },
    ]);
    expect(p.notes.map((n) => [n.id, n.label, n.refIds, n.at.line])).toEqual([
      ['ch-x-fn1', '1', ['ch-x-fnref1', 'ch-x-fnref1-2'], 5],
      ['ch-x-fn2', '2', ['ch-x-fnref2'], 6],
    ]);
    expect((p.notes[1]!.children[0] as ParagraphBlock).children).toEqual([t('Second '), { kind: 'emphasis', children: [t('note')] }, t('.')]);
    // the definitions are notes, not body paragraphs
    expect(only(p.blocks, 'paragraph')).toHaveLength(2);
  });

  it('a footnote defined but never referenced is reported (L-FOOTNOTE) at its definition', () => {
    const p = parse('Text.\n\n[^unused]: Nobody points here.');
    expect(p.diagnostics.map((d) => [d.code, d.at?.line])).toEqual([['L-FOOTNOTE', 3]]);
  });

  it('a footnote referenced but never defined is reported (L-FOOTNOTE) at the reference', () => {
    const p = parse('Intro.\n\nText[^missing].');
    expect(p.diagnostics.map((d) => [d.code, d.at?.line])).toEqual([['L-FOOTNOTE', 3]]);
  });

  it('a footnote with no text (its line after "[^3]:" not indented) is an empty note, reported (L-FOOTNOTE) at its definition', () => {
    // markdown-it-footnote gives such a note only its back-reference token (found by the fuzzer:
    // it was Lectern's I-BUG)
    const p = parse('Text [^3].\n\n[^3]:   \n (see) more');
    expect(p.diagnostics.map((d) => [d.code, d.severity, d.at?.line, d.at?.column])).toEqual([['L-FOOTNOTE', 'warning', 3, 1]]);
    expect(p.diagnostics[0]!.message).toContain('[^3] has no text');
    expect(p.notes.map((n) => [n.label, n.children.length, n.refIds.length])).toEqual([['1', 0, 1]]);
    // the unindented line is a paragraph of the text, kept
    expect(only(p.blocks, 'paragraph').map((b) => inlinePlainText(b.children))).toEqual(['Text 1.', '(see) more']);
  });
});

describe('the ::: rights fence', () => {
  const FENCE = [
    '# Title',
    '',
    '::: rights',
    '',
    'Copyright \u00a9 2024 A.\u00a0Writer -- (c) "quoted" and \'single\'...',
    '  two leading spaces, *not emphasis*, **not strong**, `not code`',
    '&amp; &copy; <b>not html</b> [not](a-link.md) ![not](an-image.png)',
    '\tA tab first. Trailing spaces stay.  ',
    '',
    '# not a heading',
    '- not a list',
    '> not a quote',
    '1. not a list either',
    '',
    ':::',
    '',
    'After.',
  ];

  it('keeps every line verbatim: no Markdown, no entities, no typography, no trimming inside', () => {
    const p = parse(FENCE.join('\n'));
    const r = only(p.blocks, 'rights')[0] as RightsBlock;
    expect(r.lines).toEqual(FENCE.slice(4, 13));
    expect(line(r)).toEqual([3, 1]);
    expect(p.images).toEqual([]);
    expect(p.diagnostics).toEqual([]);
    // the fence ends the block: what follows is Markdown again
    expect(only(p.blocks, 'paragraph').map((b) => b.children)).toEqual([[t('After.')]]);
    expect(only(p.blocks, 'heading').map((h) => h.children)).toEqual([[t('Title')]]);
  });

  it('keeps the code points (U+00A0 and U+00A9 are not rewritten)', () => {
    const r = only(parse(FENCE.join('\n')).blocks, 'rights')[0] as RightsBlock;
    expect(r.lines[0]).toContain('\u00a9 2024 A.\u00a0Writer');
    expect([...r.lines[0]!].map((c) => c.codePointAt(0)!)).toContain(0xa0);
  });

  it('blank lines between groups are kept; blank lines at both ends are dropped', () => {
    const r = only(parse('::: rights\n\n\nA\n\nB\nC\n\n\n:::').blocks, 'rights')[0] as RightsBlock;
    expect(r.lines).toEqual(['A', '', 'B', 'C']);
  });

  it('accepts up to three spaces before the fences and spaces around "rights"', () => {
    const r = only(parse('   :::  rights  \nLine\n  :::').blocks, 'rights')[0] as RightsBlock;
    expect(r.lines).toEqual(['Line']);
  });

  it('an unclosed fence is L-RIGHTS at the opening line', () => {
    const p = parse('Intro.\n\n::: rights\nCopyright \u00a9 2024\n\nMore text.');
    expect(errors(p).map((d) => [d.code, d.at?.line, d.at?.column])).toEqual([['L-RIGHTS', 3, 1]]);
  });

  it('an empty fence is L-RIGHTS', () => {
    expect(errors(parse('::: rights\n\n:::')).map((d) => d.code)).toEqual(['L-RIGHTS']);
  });

  it('::: rights indented four spaces is code, not a fence', () => {
    const p = parse('    ::: rights\n    x\n    :::');
    expect(p.blocks.map((b) => b.kind)).toEqual(['codeBlock']);
  });

  it('inside a list item or a block quote the fence is still verbatim', () => {
    const p = parse('> ::: rights\n> *x* (c)\n> :::');
    const q = p.blocks[0] as BlockquoteBlock;
    const r = q.children.find((b) => b.kind === 'rights') as RightsBlock | undefined;
    expect(r?.lines).toEqual(['*x* (c)']);
  });
});

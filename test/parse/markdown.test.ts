import { describe, expect, it } from 'vitest';
import { createMarkdown } from '../../src/parse/markdown.js';

type Tok = { type: string; attrs: unknown; children: Tok[] | null };
const flat = (ts: Tok[]): Tok[] => ts.flatMap((t) => [t, ...flat(t.children ?? [])]);
const attrsOf = (src: string) => flat(createMarkdown().parse(src, {}) as unknown as Tok[]).filter((t) => t.attrs).map((t) => [t.type, t.attrs]);

describe('createMarkdown', () => {
  it('applies {…} attributes (id, class, lang) wherever a chapter has them', () => {
    expect(attrsOf('# Title {#intro}\n\nText [Bakı]{lang=az}.\n\nPara\n{.note}\n')).toEqual([
      ['heading_open', [['id', 'intro']]],
      ['span_open', [['lang', 'az']]],
      ['paragraph_open', [['class', 'note']]],
    ]);
  });

  it('parses a chapter without any { to the same tokens as one whose { changes nothing', () => {
    const plain = 'One paragraph.\n\n- a list\n- of two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n';
    const strip = (src: string) => createMarkdown().parse(src, {}).map((t) => [t.type, t.tag, t.attrs, t.content, t.map]);
    // the same text with a `{` in a code span (no attribute): everything but that span is equal
    const withBrace = strip(`${plain}\n\`{\`\n`);
    expect(strip(plain)).toEqual(withBrace.slice(0, strip(plain).length));
    expect(attrsOf(plain)).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import type { Block, Inline, LinkNode, ParagraphBlock } from '../../../src/model/book.js';
import { buildChronologyAppendix, extractChronology, formatEventList } from '../../../src/enrich/chronology/index.js';
import { chapterOf, flatten } from './helpers.js';
import { ARTICLE_PARAGRAPHS } from './sample-article.js';

const article = chapterOf(ARTICLE_PARAGRAPHS, { id: 'article', file: 'article.md', title: 'Friendship of Azerbaijan and Pakistan.' });
const { events } = extractChronology([article], { lang: 'en' });

function ids(blocks: readonly Block[]): string[] {
  return blocks.flatMap((b): string[] => [
    ...(b.id ? [b.id] : []),
    ...(b.kind === 'list' ? b.items.flatMap((i) => ids(i.children)) : []),
  ]);
}
function kinds(nodes: readonly Inline[]): string[] {
  return nodes.flatMap((n) => [n.kind, ...('children' in n ? kinds(n.children) : [])]);
}

describe('buildChronologyAppendix', () => {
  const appendix = buildChronologyAppendix(events, { lang: 'en', chapters: [article] });

  it('is a generated appendix document', () => {
    expect(appendix).toMatchObject({ id: 'chronology', role: 'appendix', title: 'Chronology', generated: true, notes: [], at: { file: '<lectern:chronology>', line: 1, column: 1 } });
    expect(appendix.blocks.map((b) => b.kind)).toEqual(['heading', 'paragraph', 'list']);
    expect(appendix.blocks[0]).toMatchObject({ kind: 'heading', level: 1, id: 'chronology-title', children: [{ kind: 'text', value: 'Chronology' }] });
  });

  it('gives every block a unique chronology- id', () => {
    const all = ids(appendix.blocks);
    expect(all.length).toBe(3 + events.length);
    expect(new Set(all).size).toBe(all.length);
    for (const id of all) expect(id).toMatch(/^chronology-/);
  });

  it('lists each event: time, sentence, and a distinct link back to its paragraph', () => {
    const list = appendix.blocks[2]!;
    if (list.kind !== 'list') throw new Error('no list');
    expect(list.ordered).toBe(true);
    expect(list.items).toHaveLength(events.length);
    const linkTexts: string[] = [];
    list.items.forEach((item, i) => {
      const e = events[i]!;
      const p = item.children[0] as ParagraphBlock;
      expect(item.children).toHaveLength(1);
      expect(p.children.slice(0, 4)).toEqual([
        { kind: 'time', datetime: e.datetime, children: [{ kind: 'text', value: e.label }] },
        { kind: 'text', value: ': ' },
        { kind: 'text', value: e.sentence },
        { kind: 'text', value: ' ' },
      ]);
      const link = p.children[4] as LinkNode;
      expect(link.target).toEqual({ kind: 'internal', chapterId: 'article', anchor: e.blockId });
      linkTexts.push(flatten(link.children));
      for (const k of kinds(p.children)) expect(['time', 'text', 'link']).toContain(k);
    });
    expect(linkTexts[0]).toBe(`(read in context: paragraph ${Number(events[0]!.blockId.slice(1))}, Friendship of Azerbaijan and Pakistan.)`);
    expect(new Set(linkTexts).size).toBe(events.length - 1); // 1990 and 1992 share a paragraph
  });

  it('says so when there are no events, and takes a title', () => {
    const empty = buildChronologyAppendix([], { lang: 'en', title: 'Timeline' });
    expect(empty.title).toBe('Timeline');
    expect(empty.blocks).toHaveLength(2);
    expect(empty.blocks[1]).toMatchObject({ kind: 'paragraph', id: 'chronology-intro' });
    expect(flatten((empty.blocks[1] as ParagraphBlock).children)).toMatch(/no dates/);
  });

  it('names the date in the link without chapters', () => {
    const bare = buildChronologyAppendix(events.slice(0, 1), { lang: 'en' });
    const list = bare.blocks[2]!;
    if (list.kind !== 'list') throw new Error('no list');
    expect(flatten((list.items[0]!.children[0] as ParagraphBlock).children)).toContain('(read in context: the 1990s)');
  });
});

describe('formatEventList', () => {
  it('prints one review line per event', () => {
    const out = formatEventList(events);
    const lines = out.trimEnd().split('\n');
    expect(lines).toHaveLength(events.length);
    const n = ARTICLE_PARAGRAPHS.findIndex((p) => p.includes('in 1992')) + 1;
    expect(lines[1]).toBe(`article.md:${2 * n + 1}:1  1992  1992  Therefore, diplomatic relations between the two countries were established in 1992.`);
    expect(lines[0]).toMatch(/^article\.md:\d+:1  1990  the 1990s  It is worth to mention .{30,}…$/);
    expect(lines[0]!.length).toBeLessThan(140);
    expect(formatEventList([])).toBe('');
  });
});

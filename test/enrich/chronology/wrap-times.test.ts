import { describe, expect, it } from 'vitest';
import type { Block, Chapter, Inline } from '../../../src/model/book.js';
import { extractChronology } from '../../../src/enrich/chronology/index.js';
import { chapterOf, flatten, para, paragraphs, times } from './helpers.js';

const t = (value: string): Inline => ({ kind: 'text', value });
const one = (children: readonly Inline[], extra: readonly Block[] = []): Chapter => ({
  ...chapterOf([]), blocks: [para('p1', children, 3), ...extra],
});

describe('time nodes', () => {
  it('splits a text node around the date and nothing else', () => {
    const text = 'Before: on 18 October 2020, after.';
    const { chapters } = extractChronology([one([t(text)])], { lang: 'en' });
    const p = paragraphs(chapters[0]!.blocks)[0]!;
    expect(p.children).toEqual([
      t('Before: on '),
      { kind: 'time', datetime: '2020-10-18', children: [t('18 October 2020')] },
      t(', after.'),
    ]);
  });

  it('works inside emphasis, links and spans, and keeps the text identical', () => {
    const children: Inline[] = [
      t('It began '),
      { kind: 'emphasis', children: [t('on 27 September 2020')] },
      t(' and, per '),
      { kind: 'link', target: { kind: 'external', href: 'https://example.org' }, children: [{ kind: 'strong', children: [t('the report of 30 September')] }] },
      t(', ended '),
      { kind: 'span', lang: 'az', children: [t('in the 90s')] },
      { kind: 'lineBreak' },
      t('with a note'),
      { kind: 'noteRef', noteId: 'n1', refId: 'r1', label: '1' },
      t('.'),
    ];
    const { chapters, events } = extractChronology([one(children)], { lang: 'en' });
    const p = paragraphs(chapters[0]!.blocks)[0]!;
    expect(flatten(p.children)).toBe(flatten(children));
    expect(times(p.children)).toEqual([['2020-09-27', '27 September 2020'], ['2020-09-30', '30 September'], ['1990', '90s']]);
    expect(p.children[1]).toEqual({ kind: 'emphasis', children: [t('on '), { kind: 'time', datetime: '2020-09-27', children: [t('27 September 2020')] }] });
    expect(events.map((e) => e.datetime)).toEqual(['1990', '2020-09-27', '2020-09-30']);
  });

  it('skips a date split across two inline nodes, with a warning, and never wraps code', () => {
    const children: Inline[] = [
      t('It began on '), { kind: 'emphasis', children: [t('27 September')] }, t(' 2020. '),
      t('The file '), { kind: 'code', value: 'log-2021-03-04.txt' }, t(' and `since 1999`.'),
    ];
    const { chapters, events, diagnostics } = extractChronology([one(children)], { lang: 'en' });
    const p = paragraphs(chapters[0]!.blocks)[0]!;
    expect(flatten(p.children)).toBe(flatten(children));
    expect(times(p.children)).toEqual([['1999', '1999']]);
    expect(events.map((e) => e.datetime)).toEqual(['1999']);
    expect(diagnostics.map((d) => d.code)).toEqual(['L-DATE']);
    expect(diagnostics[0]?.message).toContain('27 September 2020');
  });

  it('does not nest time nodes when run twice', () => {
    const first = extractChronology([chapterOf(['On 3 May 2021 it rained.'])], { lang: 'en' });
    const second = extractChronology(first.chapters, { lang: 'en' });
    expect(second.chapters).toEqual(first.chapters);
    expect(second.events).toEqual([]);
    expect(second.diagnostics).toEqual([]);
  });

  it('reads paragraphs inside lists and block quotes, but not headings or tables', () => {
    const at = { file: 'chapter.md', line: 9, column: 1 };
    const extra: Block[] = [
      { kind: 'heading', level: 2, id: 'h2', at, children: [t('Events of 1999')] },
      { kind: 'list', ordered: false, at, items: [{ at, children: [para('li1', 'The fair opened on 2 June 1999.', 10)] }] },
      { kind: 'blockquote', at, children: [para('q1', 'We left in 2001, he said.', 11)] },
      { kind: 'table', at, head: [], body: [{ cells: [{ header: false, align: undefined, children: [t('On 1 May 2000')] }] }] },
    ];
    const { chapters, events } = extractChronology([one([t('Nothing here.')], extra)], { lang: 'en' });
    expect(events.map((e) => [e.datetime, e.blockId, e.at.line])).toEqual([['1999-06-02', 'li1', 10], ['2001', 'q1', 11]]);
    const out = chapters[0]!.blocks;
    expect(out[1]).toEqual(extra[0]);
    expect(out[4]).toEqual(extra[3]);
    expect(times(paragraphs(out).flatMap((p) => p.children))).toEqual([['1999-06-02', '2 June 1999'], ['2001', '2001']]);
  });

  it('restarts the reference date with each chapter', () => {
    const a = chapterOf(['The war began on 27 September 2020.'], { id: 'a' });
    const b = chapterOf(['On 30 September, nothing.'], { id: 'b' });
    const { events, diagnostics } = extractChronology([a, b], { lang: 'en' });
    expect(events.map((e) => e.datetime)).toEqual(['2020-09-27']);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: 'L-DATE', severity: 'warning', at: { file: 'chapter.md', line: 3 } });
  });

  it('skips appendix and other non-body chapters', () => {
    const appendix: Chapter = { ...chapterOf(['On 3 May 2021 it rained.']), role: 'appendix' };
    const { events, chapters } = extractChronology([appendix], { lang: 'en' });
    expect(events).toEqual([]);
    expect(chapters[0]).toEqual(appendix);
  });
});

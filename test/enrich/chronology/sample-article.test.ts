import { describe, expect, it } from 'vitest';
import type { Chapter, RightsBlock } from '../../../src/model/book.js';
import { extractChronology } from '../../../src/enrich/chronology/index.js';
import { chapterOf, flatten, generatedChapter, paragraphs, times } from './helpers.js';
import { ARTICLE_PARAGRAPHS, ARTICLE_RIGHTS, ARTICLE_TITLE } from './sample-article.js';

const rights: RightsBlock = { kind: 'rights', id: 'rights', at: { file: 'article.md', line: 80, column: 1 }, lines: ARTICLE_RIGHTS };
const article: Chapter = chapterOf(ARTICLE_PARAGRAPHS, { id: 'article', file: 'article.md', title: ARTICLE_TITLE, extra: [rights] });
const idOf = (needle: string): string => `p${ARTICLE_PARAGRAPHS.findIndex((p) => p.includes(needle)) + 1}`;

describe('the sample article', () => {
  const result = extractChronology([generatedChapter('Published 18 July 2021. Built on 3 May 2024.'), article], { lang: 'en' });

  it('finds exactly the article\'s events, in time order', () => {
    expect(result.events.map((e) => [e.datetime, e.precision, e.label])).toEqual([
      ['1990', 'decade', 'the 1990s'],
      ['1992', 'year', '1992'],
      ['2019', 'year', '2019'],
      ['2020-09-27', 'day', '27 September 2020'],
      ['2020-09-30', 'day', '30 September 2020'],
      ['2020-10-18', 'day', '18 October 2020'],
      ['2020-12-11', 'day', '11 December 2020'],
      ['2020-12-30', 'day', '30 December 2020'],
      ['2021-03-03', 'day', '3 March 2021'],
      ['2021-04-13', 'day', '13 April 2021'],
    ]);
  });

  it('ties each event to its sentence, paragraph and position', () => {
    const byDate = new Map(result.events.map((e) => [e.datetime, e]));
    expect(byDate.get('1990')).toMatchObject({
      sentence: "It is worth to mention that Pakistan was one of the first countries to recognize Azerbaijan's independence in the 90s.",
      chapterId: 'article', blockId: idOf('in the 90s'),
    });
    expect(byDate.get('1992')?.sentence).toBe('Therefore, diplomatic relations between the two countries were established in 1992.');
    expect(byDate.get('2019')?.sentence).toMatch(/^During the event, the President of Pakistan Dr Arif Alvi expressed .* Non-Aligned Movement Summit in 2019 and shared .* shown to him in Azerbaijan\.$/);
    expect(byDate.get('2020-09-27')?.sentence).toBe('According to the official state agency of Azerbaijan, the Pakistani Foreign Ministry issued a statement on the first day of the Second Karabakh War on 27 September 2020.');
    expect(byDate.get('2020-09-30')).toMatchObject({
      sentence: 'In addition, on 30 September, the official Twitter Page of the Pakistani Senate shared a statement of support to Azerbaijan.',
      blockId: idOf('on 30 September'),
    });
    expect(byDate.get('2021-04-13')?.sentence).toBe("President Ilham Aliyev said during his speech on April 13, 2021: 'Until the last days, Pakistan was always on our side.");
    const n = ARTICLE_PARAGRAPHS.findIndex((p) => p.includes('On 18 October 2020')) + 1;
    expect(byDate.get('2020-10-18')?.at).toEqual({ file: 'article.md', line: 2 * n + 1, column: 1 });
    for (const e of result.events) expect(ARTICLE_PARAGRAPHS.some((p) => p.includes(e.sentence))).toBe(true);
  });

  it('makes no bare 2020 event (the paragraph dates 27 September 2020) but still marks the year', () => {
    expect(result.events.filter((e) => e.datetime.startsWith('2020') && e.precision !== 'day')).toEqual([]);
    const out = result.chapters[1]!;
    const p = paragraphs(out.blocks).find((b) => b.id === idOf('Second Karabakh War in 2020'))!;
    expect(times(p.children)).toEqual([['2020', '2020'], ['2020-09-27', '27 September 2020']]);
  });

  it('takes no spans or counts for dates and raises no warnings', () => {
    expect(result.events.some((e) => /44 days|30 years|70 ethnic/.test(e.sentence))).toBe(false);
    expect(result.diagnostics).toEqual([]);
  });

  it('leaves the rights block, the headings and generated chapters alone', () => {
    expect(result.events.some((e) => e.blockId === 'rights' || e.chapterId === 'about')).toBe(false);
    expect(result.events.some((e) => e.datetime === '2021-07-18' || e.datetime === '2021')).toBe(false);
    const out = result.chapters[1]!;
    expect(out.blocks.find((b) => b.kind === 'rights')).toEqual(rights);
    expect(result.chapters[0]).toEqual(generatedChapter('Published 18 July 2021. Built on 3 May 2024.'));
    expect(ARTICLE_RIGHTS).toContain('COPYRIGHT 2021 Knowledge Bylanes');
    expect(ARTICLE_RIGHTS).toContain('Date:Jul 18, 2021');
  });

  it('wraps every date in the body and keeps the text byte-identical', () => {
    const out = result.chapters[1]!;
    const ps = paragraphs(out.blocks);
    expect(ps.map((p) => flatten(p.children))).toEqual([...ARTICLE_PARAGRAPHS]);
    expect(ps.flatMap((p) => times(p.children))).toEqual([
      ['2021-03-03', '03 March 2021'], ['1990', '90s'], ['1992', '1992'], ['2020', '2020'],
      ['2020-09-27', '27 September 2020'], ['2020-09-30', '30 September'], ['2020-10-18', '18 October 2020'],
      ['2020-12-11', '11 December 2020'], ['2020-12-30', '30 December 2020'], ['2019', '2019'], ['2021-04-13', 'April 13, 2021'],
    ]);
  });

  it('does not mutate its input', () => {
    const before = JSON.stringify(article);
    extractChronology([article], { lang: 'en' });
    expect(JSON.stringify(article)).toBe(before);
    expect(result.chapters[1]).not.toBe(article);
  });
});

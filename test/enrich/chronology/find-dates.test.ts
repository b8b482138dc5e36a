import { describe, expect, it } from 'vitest';
import { extractChronology } from '../../../src/enrich/chronology/index.js';
import { chapterOf, flatten, paragraphs, times } from './helpers.js';

interface Case {
  /** The paragraph under test (the last one). */
  readonly text: string;
  /** Paragraphs before it (context for year-less dates). */
  readonly before?: readonly string[];
  /** Events from the paragraph under test: [datetime, label]. */
  readonly events: readonly (readonly [string, string])[];
  /** Wrapped text of each time node in the paragraph; defaults to none when there are no events. */
  readonly wrapped?: readonly string[];
  /** Expect an L-DATE warning about the paragraph under test. */
  readonly warns?: boolean;
}

const CASES: readonly Case[] = [
  // day-month and month-day orders, with and without "On"
  { text: 'On 18 October 2020, he spoke.', events: [['2020-10-18', '18 October 2020']], wrapped: ['18 October 2020'] },
  { text: 'He spoke on April 13, 2021: it was short.', events: [['2021-04-13', '13 April 2021']], wrapped: ['April 13, 2021'] },
  { text: 'On 03 March 2021, a call took place.', events: [['2021-03-03', '3 March 2021']], wrapped: ['03 March 2021'] },
  { text: 'It ended on 5 May, 1945, in Europe.', events: [['1945-05-05', '5 May 1945']], wrapped: ['5 May, 1945'] },
  { text: 'It began on March 4th 2020 at noon.', events: [['2020-03-04', '4 March 2020']], wrapped: ['March 4th 2020'] },
  // ordinals
  { text: 'The war in Europe ended on the 5th of May 1945.', events: [['1945-05-05', '5 May 1945']], wrapped: ['5th of May 1945'] },
  { text: 'It was May 5th, 1945, and the streets were full.', events: [['1945-05-05', '5 May 1945']], wrapped: ['May 5th, 1945'] },
  { text: 'They met on 1st June 1990.', events: [['1990-06-01', '1 June 1990']], wrapped: ['1st June 1990'] },
  // abbreviations
  { text: 'The war ended on 2 Sept. 1945. Peace followed.', events: [['1945-09-02', '2 September 1945']], wrapped: ['2 Sept. 1945'] },
  { text: 'The service opened on Jan 3, 2001.', events: [['2001-01-03', '3 January 2001']], wrapped: ['Jan 3, 2001'] },
  { text: 'The shop closed on 4 Mar 2020.', events: [['2020-03-04', '4 March 2020']], wrapped: ['4 Mar 2020'] },
  { text: 'He arrived on Oct. 9, 1999.', events: [['1999-10-09', '9 October 1999']], wrapped: ['Oct. 9, 1999'] },
  // numeric forms
  { text: 'The log says 2021-03-04 was quiet.', events: [['2021-03-04', '4 March 2021']], wrapped: ['2021-03-04'] },
  { text: 'The form is dated 25/12/2021.', events: [['2021-12-25', '25 December 2021']], wrapped: ['25/12/2021'] },
  { text: 'The form is dated 03/04/2021.', events: [], warns: true },
  { text: 'The form is dated 3/4/21.', events: [], warns: true },
  { text: 'It closed two days after 3/4/21.', events: [], warns: true },
  { text: 'It opened on Monday, 3/4/21 at 10:30.', events: [], warns: true },
  // year-less dates from the nearest earlier date, across paragraphs and the year boundary
  { before: ['The war began on 27 September 2020.'], text: 'On 30 September, the Senate spoke.', events: [['2020-09-30', '30 September 2020']], wrapped: ['30 September'] },
  { before: ['The party was on 28 December 2020.'], text: 'The guests left on 2 January.', events: [['2021-01-02', '2 January 2021']], wrapped: ['2 January'] },
  { before: ['They met on 28 December 2020.', 'They met again on 2 January.'], text: 'A third meeting came on 15 January.', events: [['2021-01-15', '15 January 2021']], wrapped: ['15 January'] },
  { before: ['The report appeared on 10 October 2020.'], text: 'Work on it had begun on September 1.', events: [['2020-09-01', '1 September 2020']], wrapped: ['September 1'] },
  { before: ['In March 2021 the talks resumed.'], text: 'A deal came on 28 March.', events: [['2021-03-28', '28 March 2021']], wrapped: ['28 March'] },
  { before: ['Talks began on 10 July 2020.'], text: 'They ended on 15 March.', events: [], warns: true },
  { text: 'Nothing happened on 30 September.', events: [], warns: true },
  { before: ['Back in 1992 the embassy opened.'], text: 'It closed on 3 May.', events: [], warns: true },
  { before: ['The treaty was signed on 1 March 2021.'], text: 'It was not valid on 29 February.', events: [], warns: true },
  // month and year
  { text: 'The talks resumed in March 2021.', events: [['2021-03', 'March 2021']], wrapped: ['March 2021'] },
  { text: 'The bridge opened in May of 1999.', events: [['1999-05', 'May 1999']], wrapped: ['May of 1999'] },
  // bare years
  { text: 'Relations were established in 1992.', events: [['1992', '1992']], wrapped: ['1992'] },
  { text: 'He visited for the summit in 2019 and shared his impressions.', events: [['2019', '2019']], wrapped: ['2019'] },
  { text: 'Prices have risen since 2008, and between 1990 and 1995 they fell.', events: [['1990', '1990'], ['1995', '1995'], ['2008', '2008']], wrapped: ['2008', '1990', '1995'] },
  { text: 'In 1066, the Normans came.', events: [['1066', '1066']], wrapped: ['1066'] },
  // a year made redundant by a more precise date in the same paragraph
  { text: 'The war of 2020 is remembered. It began in 2020, on 27 September 2020.', events: [['2020-09-27', '27 September 2020']], wrapped: ['2020', '27 September 2020'] },
  { text: 'In March 2021 there was a call on 3 March 2021.', events: [['2021-03-03', '3 March 2021']], wrapped: ['March 2021', '3 March 2021'] },
  // decades
  { text: 'Rock music changed in the 1960s.', events: [['1960', 'the 1960s']], wrapped: ['1960s'] },
  { text: 'Independence came in the 90s.', events: [['1990', 'the 1990s']], wrapped: ['90s'] },
  { text: "Hair was big in the '80s.", events: [['1980', 'the 1980s']], wrapped: ["'80s"] },
  { text: 'Phones shrank in the late 90s.', events: [['1990', 'the 1990s']], wrapped: ['90s'] },
  { text: 'Everyone danced in the 20s.', events: [], warns: true },
  { text: 'The 2000s were busy.', events: [['2000', 'the 2000s']], wrapped: ['2000s'] },
  // day ranges are not one date: left out, with a warning
  { text: 'The fair ran 18-20 October 2020.', events: [], warns: true },
  { text: 'The fair ran on October 18–20, 2020.', events: [], warns: true },
  // numbers that are not dates
  { text: 'Close to 70 ethnic and religious minorities live in the country.', events: [] },
  { text: 'Within 44 days, the army liberated its land from occupation after 30 years.', events: [] },
  { text: 'Speaking about the 44 days Patriotic War, the President spoke.', events: [] },
  { text: 'About 1,992 people attended.', events: [] },
  { text: 'In 1992 people voted for the first time.', events: [] },
  { text: 'See page 2019 of the report.', events: [] },
  { text: 'Next 100 pages describe it.', events: [] },
  { text: 'The meeting starts at 10:30 sharp.', events: [] },
  { text: 'It cost $2019 and weighed 2020 kg.', events: [] },
  { text: 'Room 1999 is on floor 20.', events: [] },
  { text: 'The temperature was 2020.5 units.', events: [] },
  { text: 'They may 5 times try again.', events: [] },
  { text: 'In April 3 people were hired.', events: [] },
  { text: 'He won 3 March races.', events: [] },
];

describe('dates in sentences', () => {
  it.each(CASES.map((c) => [c.text, c] as const))('%s', (_text, c) => {
    const all = [...(c.before ?? []), c.text];
    const chapter = chapterOf(all);
    const { chapters, events, diagnostics } = extractChronology([chapter], { lang: 'en' });
    const last = `p${all.length}`;
    expect(events.filter((e) => e.blockId === last).map((e) => [e.datetime, e.label])).toEqual(c.events);
    const p = paragraphs(chapters[0]!.blocks).find((b) => b.id === last)!;
    expect(times(p.children).map(([, t]) => t)).toEqual(c.wrapped ?? []);
    expect(flatten(p.children)).toBe(c.text);
    const warned = diagnostics.filter((d) => d.code === 'L-DATE' && d.at?.line === 2 * all.length + 1);
    expect(warned.length > 0).toBe(c.warns ?? false);
    for (const d of diagnostics) expect(d.severity).toBe('warning');
  });
});

describe('one event per date and sentence in a block', () => {
  it('tells a date told twice in one sentence once, in two sentences twice, and in two blocks once in each', () => {
    const same = 'On 18 October 2020 they met, and on 18 October 2020 they signed.';
    const { events } = extractChronology([chapterOf([same, `${same} On 18 October 2020, at night, they left.`, same])], { lang: 'en' });
    expect(events.map((e) => [e.blockId, e.datetime])).toEqual([
      ['p1', '2020-10-18'], ['p2', '2020-10-18'], ['p2', '2020-10-18'], ['p3', '2020-10-18'],
    ]);
    expect(new Set(events.filter((e) => e.blockId === 'p2').map((e) => e.sentence)).size).toBe(2);
  });
});

describe('labels', () => {
  it('writes day labels month-first for en-US', () => {
    const { events } = extractChronology([chapterOf(['On 18 October 2020, he spoke.'])], { lang: 'en-US' });
    expect(events[0]?.label).toBe('October 18, 2020');
  });
});

describe('the second reader (chrono-node without its time and weekday parsers)', () => {
  it('drops exactly the parsers it names, so a chrono upgrade that renames them is noticed', async () => {
    const { dateReader, NOT_DATE_PARSERS } = await import('../../../src/enrich/chronology/second-opinion.js');
    const { strict } = await import('chrono-node/en');
    const names = (c: { parsers: object[] }) => c.parsers.map((p) => p.constructor.name);
    expect(names(strict).filter((n) => NOT_DATE_PARSERS.includes(n)).sort()).toEqual([...NOT_DATE_PARSERS].sort());
    expect(names(dateReader)).toEqual(names(strict).filter((n) => !NOT_DATE_PARSERS.includes(n)));
  });
});

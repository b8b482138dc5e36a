import { describe, expect, it } from 'vitest';
import { extractChronology } from '../../../src/enrich/chronology/index.js';
import { chapterOf, flatten, paragraphs, times } from './helpers.js';

/** A made-up local history article. */
const LIBRARY = [
  "The Harbour Library was founded in the 1880s by a group of sailors' wives.",
  'Its first catalogue, printed in 1891, listed 1,204 books. Next 100 pages of it are lost.',
  'The reading room burned down on the night of 14 February 1952; volunteers saved 300 volumes within 6 hours.',
  'Rebuilding began in March 1953. The new hall opened on Saturday, 28 December 1957, and the first lending day followed on 3 January.',
  "Dr. Mara Lind, librarian from 1960 to 1994, digitised the card index in the '80s.",
  'Today the library lends 40,000 items a year and opens at 9:30 on weekdays. Its 2019 budget was cut by 12 per cent.',
];

describe('a second manuscript: the Harbour Library', () => {
  const { chapters, events, diagnostics } = extractChronology([chapterOf(LIBRARY, { id: 'library', file: 'library.md' })], { lang: 'en-GB' });

  it('has its own chronology', () => {
    expect(events.map((e) => [e.datetime, e.precision, e.label, e.blockId])).toEqual([
      ['1880', 'decade', 'the 1880s', 'p1'],
      ['1891', 'year', '1891', 'p2'],
      ['1952-02-14', 'day', '14 February 1952', 'p3'],
      ['1953-03', 'month', 'March 1953', 'p4'],
      ['1957-12-28', 'day', '28 December 1957', 'p4'],
      ['1958-01-03', 'day', '3 January 1958', 'p4'],
      ['1960', 'year', '1960', 'p5'],
      ['1980', 'decade', 'the 1980s', 'p5'],
      ['1994', 'year', '1994', 'p5'],
    ]);
    expect(diagnostics).toEqual([]);
  });

  it('quotes whole sentences', () => {
    const s = new Map(events.map((e) => [e.datetime, e.sentence]));
    expect(s.get('1891')).toBe('Its first catalogue, printed in 1891, listed 1,204 books.');
    expect(s.get('1953-03')).toBe('Rebuilding began in March 1953.');
    expect(s.get('1958-01-03')).toBe('The new hall opened on Saturday, 28 December 1957, and the first lending day followed on 3 January.');
    expect(s.get('1980')).toBe(LIBRARY[4]);
  });

  it('marks the dates in the text and changes nothing else', () => {
    const ps = paragraphs(chapters[0]!.blocks);
    expect(ps.map((p) => flatten(p.children))).toEqual(LIBRARY);
    expect(ps.flatMap((p) => times(p.children))).toEqual([
      ['1880', '1880s'], ['1891', '1891'], ['1952-02-14', '14 February 1952'], ['1953-03', 'March 1953'],
      ['1957-12-28', '28 December 1957'], ['1958-01-03', '3 January'], ['1960', '1960'], ['1994', '1994'], ['1980', "'80s"],
    ]);
  });
});

/**
 * Places a paragraph's date mentions in time, carrying a reference date from paragraph to
 * paragraph through one chapter.
 *
 * Year inference: a year-less date takes its year from the reference — the nearest earlier
 * mention in the chapter that has a year and a month (a full date, a month-year, or a year-less
 * date already placed). Bare years and decades are not references. Within the reference's year
 * the date is taken if it falls no more than 92 days before the reference (a short look back,
 * or anything later in that year); otherwise, if it falls no more than 92 days after the
 * reference in the next year, it is taken in the next year ("2 January" after
 * "28 December 2020" is 2021-01-02); otherwise it is ambiguous (an L-DATE warning, no event).
 * With no reference at all the date cannot be placed (a warning).
 *
 * Less precise mentions that add nothing: a bare year is not an event when the same paragraph
 * has a day or month date in that year ("in 2020 … on 27 September 2020"); a month-year is not
 * an event when the paragraph has a day date in that month. They are still marked as dates in
 * the text. Decades are always events (a decade is a period in its own right).
 */
import type { Mention } from './find-dates.js';
import { validDay } from './find-dates.js';
import type { PlacedDate } from './labels.js';

export interface Reference { readonly year: number; readonly month: number; readonly day: number }

export interface Placed {
  readonly mention: Mention;
  readonly date: PlacedDate;
  /** False for a mention another date in the paragraph makes redundant (still wrapped). */
  readonly event: boolean;
}

export interface Unplaced { readonly mention: Mention; readonly reason: string }

export interface ParagraphDates {
  readonly placed: Placed[];
  readonly unplaced: Unplaced[];
  readonly reference: Reference | undefined;
}

const DAY = 86_400_000;
const LOOK = 92;

function inferYear(ref: Reference, month: number, day: number): number | undefined {
  const refTime = Date.UTC(ref.year, ref.month - 1, ref.day);
  const same = (Date.UTC(ref.year, month - 1, day) - refTime) / DAY;
  if (same >= -LOOK) return ref.year;
  const next = (Date.UTC(ref.year + 1, month - 1, day) - refTime) / DAY;
  if (next <= LOOK) return ref.year + 1;
  return undefined;
}

export function placeParagraph(mentions: readonly Mention[], reference: Reference | undefined): ParagraphDates {
  let ref = reference;
  const found: { mention: Mention; date: PlacedDate }[] = [];
  const unplaced: Unplaced[] = [];
  for (const mention of mentions) {
    const raw = mention.date;
    if (!raw) { unplaced.push({ mention, reason: mention.problem ?? 'not a date' }); continue; }
    switch (raw.kind) {
      case 'day': {
        let year = raw.year;
        if (year === undefined) {
          if (!ref) {
            unplaced.push({ mention, reason: `"${mention.text}" has no year and no earlier date in this chapter gives one; add the year` });
            continue;
          }
          year = inferYear(ref, raw.month, raw.day);
          if (year === undefined) {
            unplaced.push({ mention, reason: `"${mention.text}" has no year, and it is unclear whether it belongs to ${ref.year} or ${ref.year + 1}; add the year` });
            continue;
          }
          if (!validDay(year, raw.month, raw.day)) {
            unplaced.push({ mention, reason: `"${mention.text}" is not a real date in ${year}` });
            continue;
          }
        }
        found.push({ mention, date: { precision: 'day', year, month: raw.month, day: raw.day } });
        ref = { year, month: raw.month, day: raw.day };
        break;
      }
      case 'month':
        found.push({ mention, date: { precision: 'month', year: raw.year, month: raw.month } });
        ref = { year: raw.year, month: raw.month, day: 1 };
        break;
      case 'year':
        found.push({ mention, date: { precision: 'year', year: raw.year } });
        break;
      case 'decade':
        found.push({ mention, date: { precision: 'decade', year: raw.year } });
        break;
    }
  }
  const placed = found.map(({ mention, date }): Placed => {
    const redundant =
      (date.precision === 'year' && found.some((o) => (o.date.precision === 'day' || o.date.precision === 'month') && o.date.year === date.year)) ||
      (date.precision === 'month' && found.some((o) => o.date.precision === 'day' && o.date.year === date.year && o.date.month === date.month));
    return { mention, date, event: !redundant };
  });
  return { placed, unplaced, reference: ref };
}

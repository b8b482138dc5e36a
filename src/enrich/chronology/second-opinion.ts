/**
 * chrono-node as a second reader: text it takes for a full calendar date (month and year) that
 * Lectern's own rules did not read — e.g. "3/4/21" — is reported as an L-DATE warning so
 * the author can rewrite it; it never becomes an event. Relative phrases ("within 44 days"),
 * bare times, year-less hits ("In April 3 people…": Lectern's own rules already decided those)
 * and the lower-case verb "may" are ignored.
 */
import { Chrono, strict } from 'chrono-node/en';

export interface Stretch { readonly start: number; readonly end: number; readonly text: string }

/**
 * chrono's parsers that can never give a full calendar date by themselves: times of day, weekdays,
 * and spans of time ("within 44 days", "3 years ago"). They were half of chrono's time on every
 * paragraph with a digit (500k words: 0.2-0.35 s -> 0.08 s). Without them a date written next to
 * one is still found, as the date alone: "Monday, 3/4/21" and "two days after 3/4/21" warn about
 * "3/4/21".
 */
export const NOT_DATE_PARSERS: readonly string[] = ['ENTimeUnitWithinFormatParser', 'ENTimeExpressionParser', 'ENTimeUnitAgoFormatParser', 'ENTimeUnitLaterFormatParser', 'ENWeekdayParser'];
export const dateReader = new Chrono({
  parsers: strict.parsers.filter((p) => !NOT_DATE_PARSERS.includes(p.constructor.name)),
  refiners: strict.refiners,
});

const REFERENCE = new Date(Date.UTC(2000, 0, 1));

export function unreadDates(text: string, known: readonly { start: number; end: number }[]): Stretch[] {
  const out: Stretch[] = [];
  // every date kept below has a digit in it: text without one needs no parse
  if (!/\d/.test(text)) return out;
  for (const r of dateReader.parse(text, REFERENCE)) {
    const start = r.index, end = r.index + r.text.length;
    if (known.some((k) => k.start < end && start < k.end)) continue;
    if ([...r.tags()].some((t) => t.includes('relative'))) continue;
    if (!r.start.isCertain('month') || !r.start.isCertain('year') || !/\d/.test(r.text)) continue;
    if (/\bmay\b/.test(r.text) && !/\bMay\b/.test(r.text) && !/\d\s*[/.-]\s*\d/.test(r.text)) continue;
    out.push({ start, end, text: r.text });
  }
  return out;
}

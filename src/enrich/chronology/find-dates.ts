/**
 * Finds date mentions in one paragraph's plain text. English month names only; conservative:
 * a false event is worse than a missed one.
 *
 * Forms read:
 * - full dates: "18 October 2020", "the 5th of May 1945" (wraps "5th of May 1945"), "2 Sept. 1945",
 *   "5 May, 1945", "April 13, 2021", "May 5th, 1945", "Jan 3, 2001", ISO "2021-03-04", and numeric
 *   d/m/yyyy or m/d/yyyy only when unambiguous ("25/12/2021"); "03/04/2021" is a problem;
 * - year-less dates: "30 September", "September 30", "the 2nd of January" — only after a word
 *   that introduces a date (on, by, until, from, since, before, after, to, and, or, through,
 *   between, of, a weekday) or with an ordinal suffix or the "of" form;
 * - months: "March 2021", "March of 2021";
 * - years: "in 1992", "since 2019", "between 1990 and 1995": a number 1000–2099 after an
 *   introducing word (in, since, by, until, till, from, during, around, circa, before, after,
 *   year, between; or and/or/to/through right after another year), not followed by a plain
 *   lower-case word ("in 1992 people" is a count) and not part of a bigger number ("1,992");
 * - decades: "the 1990s", "1990s", "the 90s", "the '80s", "the late 90s" (→ the 1990s).
 *   Two-digit decades 30s–90s are 1930s–1990s, 00s and 10s are 2000s and 2010s; "the 20s"
 *   (1920s or 2020s) is a problem.
 * Month names must be capitalised ("may 5" is the verb). Day ranges ("18–20 October 2020",
 * "October 18-20, 2020") are problems, not events.
 */

export type RawDate =
  /** `year` undefined: a year-less date, resolved later from context. */
  | { readonly kind: 'day'; readonly year?: number; readonly month: number; readonly day: number }
  | { readonly kind: 'month'; readonly year: number; readonly month: number }
  | { readonly kind: 'year'; readonly year: number }
  | { readonly kind: 'decade'; readonly year: number };

export interface Mention {
  readonly start: number;
  readonly end: number;
  readonly text: string;
  /** Absent when the mention is a problem (ambiguous, impossible): see `problem`. */
  readonly date?: RawDate;
  readonly problem?: string;
}

const MONTH_NAMES: readonly (readonly [string, number])[] = [
  ['January', 1], ['February', 2], ['March', 3], ['April', 4], ['May', 5], ['June', 6], ['July', 7],
  ['August', 8], ['September', 9], ['October', 10], ['November', 11], ['December', 12],
  ['Jan', 1], ['Feb', 2], ['Mar', 3], ['Apr', 4], ['Jun', 6], ['Jul', 7], ['Aug', 8], ['Sept', 9],
  ['Sep', 9], ['Oct', 10], ['Nov', 11], ['Dec', 12],
];
const MONTH_BY_NAME = new Map(MONTH_NAMES);
/** Full names, or an abbreviation with an optional full stop. */
const MONTH = `(?<month>January|February|March|April|May|June|July|August|September|October|November|December|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\\.?)(?![A-Za-z])`;
/** The same, without a capture group (for patterns that name a month twice). */
const ANY_MONTH = MONTH.replace('(?<month>', '(?:');
const ORD = `(?<ord>st|nd|rd|th)?`;
/** A four-digit year not continued by more digits or a thousands group. */
const YEAR = `(?<year>\\d{4})(?!\\d|[.,]\\d)`;

const PATTERNS: readonly RegExp[] = [
  // ISO 2021-03-04
  /(?<![\w/.-])(?<iy>\d{4})-(?<im>\d{2})-(?<id>\d{2})(?![\w/-])/g,
  // 03/04/2021, 3.4.2021, 3-4-2021
  /(?<![\w/.-])(?<a>\d{1,2})(?<sep>[/.-])(?<b>\d{1,2})\k<sep>(?<ny>\d{4})(?![\w/-]|\.\d)/g,
  // 18 October 2020, 5th of May, 1945, 30 September
  new RegExp(`(?<![\\w.,\\-–])(?<day>\\d{1,2})${ORD}(?<of>\\s+of)?\\s+${MONTH}(?:,?\\s+${YEAR})?`, 'g'),
  // April 13, 2021, May 5th 1945, September 30
  new RegExp(`${MONTH}\\s+(?<day>\\d{1,2})${ORD}(?![\\d:.,\\-–]\\d|\\w)(?:,?\\s+${YEAR})?`, 'g'),
  // March 2021, March of 2021
  new RegExp(`${MONTH}(?:\\s+of)?,?\\s+${YEAR}`, 'g'),
  // 1990s, 1990's
  /(?<![\w.,'’])(?<dc>1\d|20)(?<dd>\d)0(?:'s|’s|s)(?!\w)/g,
  // the 90s, the '80s, the late 90s
  /(?<=\b[Tt]he\s+(?:(?:early|mid|late)[\s-]+)?)(?<q>['’])?(?<d2>\d)0(?:'s|’s|s)(?!\w)/g,
  // bare years, checked against their context below
  /(?<![\w.,$€£#/'’-])(?<by>1\d{3}|20\d{2})(?![\w%]|[.,]\d|[-/]\d)/g,  // day ranges: 18-20 October 2020, October 18–20, 2020 (a problem, never an event)
  new RegExp(`(?<![\\w.,])(?:\\d{1,2}(?:st|nd|rd|th)?\\s*[-–]\\s*\\d{1,2}(?:st|nd|rd|th)?\\s+${ANY_MONTH}|${ANY_MONTH}\\s+\\d{1,2}(?:st|nd|rd|th)?\\s*[-–]\\s*\\d{1,2}(?:st|nd|rd|th)?(?!\\d))(?:,?\\s+\\d{4}(?!\\d))?`, 'g'),
];

const YEAR_INTRO = /(?:^|[^\w])(?:in|since|by|until|till|from|during|around|circa|before|after|year|between)\s+$/i;
const YEAR_JOIN = /\s+(?:and|or|to|through)\s+$/;
const YEARLESS_INTRO = /(?:^|[^\w])(?:on|by|until|till|from|since|before|after|to|and|or|through|between|of|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+$/i;
/** Words that may follow a year; any other lower-case word makes the number a count. */
const AFTER_YEAR = new Set([
  'and', 'or', 'to', 'when', 'while', 'the', 'a', 'an', 'as', 'after', 'before', 'during', 'with',
  'at', 'on', 'in', 'under', 'by', 'for', 'from', 'which', 'that', 'was', 'were', 'is', 'had', 'has',
  'have', 'it', 'he', 'she', 'they', 'we', 'but', 'until', 'so', 'then', 'there', 'this', 'his',
  'her', 'their', 'its', 'our', 'of', 'following', 'onwards', 'onward', 'through', 'where', 'who',
]);

function validDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/** Day validity for a year-less date (29 February allowed until a year is known). */
export function plausibleDay(month: number, day: number): boolean {
  return validDay(2000, month, day);
}

export { validDay };

function monthOf(name: string): number {
  return MONTH_BY_NAME.get(name.replace(/\.$/, '')) ?? 0;
}

interface Candidate extends Mention { readonly priority: number }

function fromMatch(text: string, m: RegExpExecArray, pattern: number, taken: readonly Mention[]): Candidate | undefined {
  const g = m.groups ?? {};
  const start = m.index;
  const end = start + m[0].length;
  const base = { start, end, text: m[0], priority: pattern };
  const before = text.slice(Math.max(0, start - 40), start);
  switch (pattern) {
    case 0: {
      const year = Number(g.iy), month = Number(g.im), day = Number(g.id);
      if (!validDay(year, month, day)) return { ...base, problem: `"${m[0]}" is not a real date` };
      return { ...base, date: { kind: 'day', year, month, day } };
    }
    case 1: {
      const a = Number(g.a), b = Number(g.b), year = Number(g.ny);
      let month: number, day: number;
      if (a === b || (a > 12 && b <= 12)) { day = a; month = b; }
      else if (b > 12 && a <= 12) { month = a; day = b; }
      else if (a <= 12 && b <= 12) {
        return { ...base, problem: `"${m[0]}" is ambiguous: day/month or month/day? Write the month as a word` };
      } else return { ...base, problem: `"${m[0]}" is not a real date` };
      if (!validDay(year, month, day)) return { ...base, problem: `"${m[0]}" is not a real date` };
      return { ...base, date: { kind: 'day', year, month, day } };
    }
    case 2: case 3: {
      const month = monthOf(g.month ?? '');
      const day = Number(g.day);
      if (g.year !== undefined) {
        const year = Number(g.year);
        if (!validDay(year, month, day)) return { ...base, problem: `"${m[0]}" is not a real date` };
        return { ...base, date: { kind: 'day', year, month, day } };
      }
      const introduced = g.ord !== undefined || g.of !== undefined || YEARLESS_INTRO.test(before);
      if (!introduced) return undefined;
      // "April 13," before a year that failed YEAR (e.g. "May 5, 1,500"): leave the comma out.
      const trimmed = m[0].replace(/[\s,]+$/, '');
      const b = { ...base, end: start + trimmed.length, text: trimmed };
      if (!plausibleDay(month, day)) return { ...b, problem: `"${trimmed}" is not a real date` };
      return { ...b, date: { kind: 'day', month, day } };
    }
    case 4:
      return { ...base, date: { kind: 'month', year: Number(g.year), month: monthOf(g.month ?? '') } };
    case 5:
      return { ...base, date: { kind: 'decade', year: Number(`${g.dc}${g.dd}0`) } };
    case 6: {
      const d = Number(g.d2);
      if (d === 2) return { ...base, problem: `"the ${m[0]}" could be the 1920s or the 2020s; write the full decade` };
      return { ...base, date: { kind: 'decade', year: (d <= 1 ? 2000 : 1900) + d * 10 } };
    }
    case 7: {
      const joined = YEAR_JOIN.exec(text.slice(0, start).slice(-20));
      const prev = taken[taken.length - 1];
      const afterYear = joined !== null && prev?.date?.kind === 'year' && prev.end === start - joined[0].length;
      if (!YEAR_INTRO.test(before) && !afterYear) return undefined;
      const next = /^\s*([A-Za-z]+)/.exec(text.slice(end))?.[1];
      if (next !== undefined && /^[a-z]/.test(next) && !AFTER_YEAR.has(next)) return undefined;
      return { ...base, date: { kind: 'year', year: Number(g.by) } };
    }
    case 8:
      return { ...base, problem: `"${m[0]}" is a range of days, not one date; list it in events.yaml if it belongs in the chronology` };
  }
  return undefined;
}

/** Date mentions in text order, never overlapping (the longest match at a place wins). */
export function findDates(text: string): Mention[] {
  // every form above has a digit in it: most paragraphs have none, and need none of the patterns
  // (500k words: 10,000 paragraphs, 2,100 with a digit)
  if (!/\d/.test(text)) return [];
  const all: Candidate[] = [];
  PATTERNS.forEach((re, i) => {
    if (i === 7) return; // years need the mentions before them: handled in the second pass
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      const c = fromMatch(text, m, i, []);
      if (c) all.push(c);
    }
  });
  const chosen = pickNonOverlapping(all);
  const years = PATTERNS[7]!;
  years.lastIndex = 0;
  const result: Mention[] = [];
  let k = 0;
  for (let m = years.exec(text); m !== null; m = years.exec(text)) {
    const s = m.index, e = s + m[0].length;
    while (k < chosen.length && chosen[k]!.end <= s) result.push(strip(chosen[k++]!));
    if (chosen.some((c) => c.start < e && s < c.end)) continue;
    const c = fromMatch(text, m, 7, result);
    if (c) result.push(strip(c));
  }
  while (k < chosen.length) result.push(strip(chosen[k++]!));
  return result.sort((a, b) => a.start - b.start);
}

function pickNonOverlapping(cands: Candidate[]): Candidate[] {
  const sorted = [...cands].sort((a, b) => a.start - b.start || (b.end - b.start) - (a.end - a.start) || a.priority - b.priority);
  const out: Candidate[] = [];
  for (const c of sorted) {
    const last = out[out.length - 1];
    if (last && c.start < last.end) continue;
    out.push(c);
  }
  return out;
}

function strip(c: Candidate): Mention {
  const { priority: _p, ...m } = c;
  return m;
}

/** Human labels and HTML datetime values for dates. */
import type { DatePrecision } from '../../model/book.js';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September',
  'October', 'November', 'December'];

export interface PlacedDate {
  readonly precision: DatePrecision;
  readonly year: number;
  readonly month?: number;
  readonly day?: number;
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** yyyy-mm-dd, yyyy-mm or yyyy; a decade is its first year. */
export function htmlDatetime(d: PlacedDate): string {
  const y = pad(d.year, 4);
  if (d.precision === 'day') return `${y}-${pad(d.month ?? 1)}-${pad(d.day ?? 1)}`;
  if (d.precision === 'month') return `${y}-${pad(d.month ?? 1)}`;
  return y;
}

/** "27 September 2020" ("September 27, 2020" for en-US), "March 2021", "1992", "the 1990s". */
export function dateLabel(d: PlacedDate, lang: string): string {
  const month = MONTHS[(d.month ?? 1) - 1] ?? '';
  switch (d.precision) {
    case 'day': return /^en-US$/i.test(lang) ? `${month} ${d.day}, ${d.year}` : `${d.day} ${month} ${d.year}`;
    case 'month': return `${month} ${d.year}`;
    case 'year': return String(d.year);
    case 'decade': return `the ${d.year}s`;
  }
}

/** Sort key: the start of the interval, as days since the epoch. */
export function sortKey(datetime: string): number {
  const [y, m, d] = datetime.split('-').map(Number);
  return Date.UTC(y ?? 0, (m ?? 1) - 1, d ?? 1);
}

/** formatEventList: the chronology as review lines, `file:line:col  datetime  label  sentence…`. */
import type { ChronologyEvent } from '../../model/book.js';
import { formatPosition } from '../../model/position.js';

const MAX_SENTENCE = 100;

export function formatEventList(events: readonly ChronologyEvent[]): string {
  return events.map((e) => {
    const flat = e.sentence.replace(/\s+/g, ' ');
    const sentence = flat.length > MAX_SENTENCE ? `${flat.slice(0, MAX_SENTENCE - 1).trimEnd()}…` : flat;
    return `${formatPosition(e.at)}  ${e.datetime}  ${e.label}  ${sentence}`;
  }).join('\n') + (events.length > 0 ? '\n' : '');
}

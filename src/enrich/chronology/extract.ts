/**
 * extractChronology: finds the dates told in the body text, wraps each in a `time` node and
 * returns the events in time order. Only chapters with role 'chapter' that are not generated;
 * only paragraphs (also inside lists, block quotes and definition lists); never headings,
 * tables, footnotes or rights blocks. The reference date for year-less dates restarts with each
 * chapter.
 */
import type { Block, Chapter, ChronologyEvent, ParagraphBlock } from '../../model/book.js';
import { warning, type Diagnostic } from '../../model/diagnostic.js';
import { findDates } from './find-dates.js';
import { dateLabel, htmlDatetime, sortKey } from './labels.js';
import { isIgnored, isWrappable, plainText } from './plain-text.js';
import { placeParagraph, type Reference } from './resolve.js';
import { unreadDates } from './second-opinion.js';
import { sentenceAround } from './sentences.js';
import { wrapTimes, type TimeSpan } from './wrap-times.js';

export interface ChronologyResult {
  chapters: Chapter[];
  events: ChronologyEvent[];
  diagnostics: Diagnostic[];
}

const HINT = 'write the date in full, e.g. "27 September 2020", or list it in events.yaml';

export function extractChronology(chapters: readonly Chapter[], options: { lang: string }): ChronologyResult {
  const events: ChronologyEvent[] = [];
  const diagnostics: Diagnostic[] = [];
  /** The date and sentence of each event so far, by block. */
  const toldIn = new Map<string, Set<string>>();

  const doParagraph = (chapter: Chapter, p: ParagraphBlock, ref: Reference | undefined): { block: ParagraphBlock; ref: Reference | undefined } => {
    const pt = plainText(p.children);
    const mentions = findDates(pt.text).filter((m) => !isIgnored(pt, m.start, m.end));
    const usable = mentions.filter((m) => {
      if (!m.date || isWrappable(pt, m.start, m.end)) return true;
      diagnostics.push(warning('L-DATE', `"${m.text}" is split across formatting and is left out of the chronology`, p.at, HINT));
      return false;
    });
    const result = placeParagraph(usable, ref);
    for (const u of result.unplaced) diagnostics.push(warning('L-DATE', u.reason, p.at, HINT));
    for (const s of unreadDates(pt.text, mentions)) {
      if (isIgnored(pt, s.start, s.end)) continue;
      diagnostics.push(warning('L-DATE', `"${s.text}" looks like a date in a form Lectern does not read; it is left out of the chronology`, p.at, HINT));
    }
    const spans: TimeSpan[] = [];
    for (const { mention, date, event } of result.placed) {
      const datetime = htmlDatetime(date);
      spans.push({ start: mention.start, end: mention.end, datetime });
      if (!event) continue;
      const sentence = sentenceAround(pt.text, mention.start, mention.end);
      // one event per date and sentence in a block (a set per block: a scan of every event so far
      // made this quadratic; 500k words, 2,100 events: 60-100 ms of CPU)
      let told = toldIn.get(p.id);
      if (!told) { told = new Set(); toldIn.set(p.id, told); }
      const key = `${datetime}\u0000${sentence}`;
      if (told.has(key)) continue;
      told.add(key);
      events.push({
        datetime, precision: date.precision, label: dateLabel(date, options.lang), sentence,
        chapterId: chapter.id, blockId: p.id, at: p.at,
      });
    }
    const block = spans.length === 0 ? { ...p } : { ...p, children: wrapTimes(p.children, spans) };
    return { block, ref: result.reference };
  };

  const out = chapters.map((chapter): Chapter => {
    if (chapter.role !== 'chapter' || chapter.generated) return { ...chapter };
    let ref: Reference | undefined;
    const walk = (blocks: readonly Block[]): Block[] => blocks.map((b): Block => {
      switch (b.kind) {
        case 'paragraph': { const r = doParagraph(chapter, b, ref); ref = r.ref; return r.block; }
        case 'list': return { ...b, items: b.items.map((it) => ({ ...it, children: walk(it.children) })) };
        case 'blockquote': return { ...b, children: walk(b.children) };
        case 'definitionList':
          return { ...b, items: b.items.map((it) => ({ ...it, definitions: it.definitions.map((d) => walk(d)) })) };
        default: return b;
      }
    });
    return { ...chapter, blocks: walk(chapter.blocks) };
  });

  const order = events.map((e, i) => ({ e, i, k: sortKey(e.datetime) }));
  order.sort((a, b) => a.k - b.k || a.i - b.i);
  return { chapters: out, events: order.map((o) => o.e), diagnostics };
}

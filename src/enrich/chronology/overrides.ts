/**
 * applyEventOverrides: the author's corrections to the chronology, from the optional
 * `manuscript/events.yaml`. Format (every section optional):
 *
 *   remove:                          # drop an event Lectern found
 *     - datetime: "2019"             #   the event's datetime …
 *       match: "Non-Aligned"         #   … and a piece of its sentence
 *   reword:                          # change what the appendix says
 *     - datetime: "2020-09-27"
 *       match: "first day"
 *       label: "27 September 2020, the war begins"   # new label and/or
 *       sentence: "The Second Karabakh War began."   # new sentence
 *   add:                             # an event Lectern missed
 *     - datetime: "2020-11-10"       #   yyyy-mm-dd, yyyy-mm, yyyy, or a decade "1990s"
 *       label: "10 November 2020"
 *       sentence: "The ceasefire took effect."
 *       blockId: p17                 #   the paragraph it links to, or
 *       near: "2020-09-27"           #   the datetime of a found event whose paragraph it shares
 *
 * `match` must pick exactly one event with that datetime. Problems are L-EVENTS errors at the
 * entry's line (invalid YAML is L-YAML); entries with problems are skipped, the rest applied.
 * Order: removals, rewordings, then additions; the result is sorted again.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import type { Block, Chapter, ChronologyEvent, DatePrecision } from '../../model/book.js';
import { error, type Diagnostic } from '../../model/diagnostic.js';
import type { Position } from '../../model/position.js';
import { sortKey } from './labels.js';

export interface OverrideResult { events: ChronologyEvent[]; diagnostics: Diagnostic[] }

const KEYS: Record<string, readonly string[]> = {
  remove: ['datetime', 'match'],
  reword: ['datetime', 'match', 'label', 'sentence'],
  add: ['datetime', 'label', 'sentence', 'blockId', 'near'],
};

function precisionOf(datetime: string): { datetime: string; precision: DatePrecision } | undefined {
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(datetime);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const t = new Date(Date.UTC(y, mo - 1, d));
    return t.getUTCMonth() === mo - 1 && t.getUTCDate() === d ? { datetime, precision: 'day' } : undefined;
  }
  m = /^(\d{4})-(\d{2})$/.exec(datetime);
  if (m) return Number(m[2]) >= 1 && Number(m[2]) <= 12 ? { datetime, precision: 'month' } : undefined;
  if (/^\d{4}$/.test(datetime)) return { datetime, precision: 'year' };
  m = /^(\d{3})0s$/.exec(datetime);
  if (m) return { datetime: `${m[1]}0`, precision: 'decade' };
  return undefined;
}

function findParagraph(blocks: readonly Block[], id: string): Block | undefined {
  for (const b of blocks) {
    if (b.kind === 'paragraph' && b.id === id) return b;
    const inner = b.kind === 'list' ? b.items.flatMap((i) => i.children)
      : b.kind === 'blockquote' ? b.children
        : b.kind === 'definitionList' ? b.items.flatMap((i) => i.definitions.flat()) : [];
    const found = findParagraph(inner, id);
    if (found) return found;
  }
  return undefined;
}

export function applyEventOverrides(
  events: readonly ChronologyEvent[],
  eventsYamlText: string,
  file: string,
  options: { chapters?: readonly Chapter[] } = {},
): OverrideResult {
  const diagnostics: Diagnostic[] = [];
  const lineCounter = new LineCounter();
  // The document is read node by node and never turned into JS, so aliases are never expanded
  // (an alias where a text is expected is an error): no alias bombs, and `maxAliasCount` (a
  // toJS option) has nothing to limit.
  const doc = parseDocument(eventsYamlText, { lineCounter, prettyErrors: true, uniqueKeys: true });
  const posAt = (offset: number | undefined): Position => {
    const p = lineCounter.linePos(offset ?? 0);
    return { file, line: p.line, column: p.col };
  };
  const where = (node: unknown): Position => posAt((node as Node | null)?.range?.[0]);
  const fail = (message: string, node: unknown): void => { diagnostics.push(error('L-EVENTS', message, where(node))); };

  if (doc.errors.length > 0) {
    for (const e of doc.errors) diagnostics.push(error('L-YAML', `${file} is not valid YAML: ${e.message.split('\n')[0]}`, posAt(e.pos[0])));
    return { events: [...events], diagnostics };
  }
  const root = doc.contents;
  if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) return { events: [...events], diagnostics };
  if (!isMap(root)) { fail('events.yaml must be a mapping with remove, reword and/or add', root); return { events: [...events], diagnostics }; }

  type Entry = { node: Node; values: Record<string, string> };
  const sections: Record<string, Entry[]> = { remove: [], reword: [], add: [] };
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (!(key in KEYS)) { fail(`unknown section "${key}"; use remove, reword or add`, pair.key); continue; }
    if (pair.value === null || (isScalar(pair.value) && pair.value.value === null)) continue;
    if (!isSeq(pair.value)) { fail(`"${key}" must be a list of entries`, pair.value); continue; }
    for (const item of pair.value.items) {
      if (!isMap(item)) { fail(`each "${key}" entry must be a mapping`, item); continue; }
      const values: Record<string, string> = {};
      let ok = true;
      for (const p of item.items) {
        const k = isScalar(p.key) ? String(p.key.value) : '';
        if (!KEYS[key]!.includes(k)) { fail(`"${k}" is not a field of a ${key} entry (${KEYS[key]!.join(', ')})`, p.key); ok = false; continue; }
        if (!isScalar(p.value) || p.value.value === null || typeof p.value.value === 'object') { fail(`"${k}" must be a text value`, p.value ?? p.key); ok = false; continue; }
        values[k] = String(p.value.value);
      }
      if (ok) sections[key]!.push({ node: item as Node, values });
    }
  }

  let list = [...events];
  const pick = (e: Entry, verb: string): number | undefined => {
    const { datetime, match } = e.values;
    if (datetime === undefined || match === undefined) { fail(`a ${verb} entry needs datetime and match`, e.node); return undefined; }
    const hits = list.flatMap((ev, i) => (ev.datetime === datetime && ev.sentence.includes(match) ? [i] : []));
    if (hits.length === 1) return hits[0];
    fail(hits.length === 0
      ? `no event at ${datetime} has a sentence containing "${match}"`
      : `${hits.length} events at ${datetime} contain "${match}"; make match longer`, e.node);
    return undefined;
  };

  for (const e of sections.remove!) {
    const i = pick(e, 'remove');
    if (i !== undefined) list = list.filter((_, j) => j !== i);
  }
  for (const e of sections.reword!) {
    if (e.values.label === undefined && e.values.sentence === undefined) { fail('a reword entry needs label or sentence', e.node); continue; }
    const i = pick(e, 'reword');
    if (i === undefined) continue;
    const ev = list[i]!;
    list[i] = { ...ev, label: e.values.label ?? ev.label, sentence: e.values.sentence ?? ev.sentence };
  }
  for (const e of sections.add!) {
    const { datetime, label, sentence, blockId, near } = e.values;
    if (datetime === undefined || label === undefined || sentence === undefined) { fail('an add entry needs datetime, label and sentence', e.node); continue; }
    const dt = precisionOf(datetime);
    if (!dt) { fail(`"${datetime}" is not a date: use yyyy-mm-dd, yyyy-mm, yyyy or a decade like 1990s`, e.node); continue; }
    if ((blockId === undefined) === (near === undefined)) { fail('an add entry needs exactly one of blockId or near', e.node); continue; }
    let place: Pick<ChronologyEvent, 'chapterId' | 'blockId' | 'at'> | undefined;
    if (near !== undefined) {
      const hits = events.filter((ev) => ev.datetime === near);
      if (hits.length !== 1) { fail(hits.length === 0 ? `no event at ${near} to place this entry near` : `${hits.length} events at ${near}; use blockId instead`, e.node); continue; }
      place = hits[0]!;
    } else {
      const byEvent = events.find((ev) => ev.blockId === blockId);
      if (byEvent) place = byEvent;
      else for (const c of options.chapters ?? []) {
        const b = findParagraph(c.blocks, blockId!);
        if (b) { place = { chapterId: c.id, blockId: blockId!, at: b.at }; break; }
      }
      if (!place) { fail(`no paragraph with id "${blockId}"`, e.node); continue; }
    }
    list.push({ ...dt, label, sentence, chapterId: place.chapterId, blockId: place.blockId, at: place.at });
  }

  const order = list.map((ev, i) => ({ ev, i, k: sortKey(ev.datetime) }));
  order.sort((a, b) => a.k - b.k || a.i - b.i);
  return { events: order.map((o) => o.ev), diagnostics };
}

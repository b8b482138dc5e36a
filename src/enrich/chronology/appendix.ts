/**
 * buildChronologyAppendix: the generated "Chronology" appendix, written with the generic model
 * nodes only (heading, paragraphs, an ordered list, time and internal link nodes), so both
 * renderers show it without knowing about chronologies.
 *
 * Each entry: `<time>label</time>: sentence (read in context: paragraph N, Chapter title)`. The
 * link text names the place, so a screen reader's list of links tells the entries apart; without
 * `chapters` it names the date instead ("read in context: 27 September 2020").
 */
import type { Block, Chapter, ChronologyEvent, Inline, ListItem } from '../../model/book.js';
import { generatedAt } from '../../model/position.js';
import { generatedLanguage, quoted } from '../front-matter.js';

export interface AppendixOptions {
  readonly lang: string;
  readonly title?: string;
  /** The book's chapters, to name the passage each entry links to. */
  readonly chapters?: readonly Chapter[];
}

function paragraphIds(blocks: readonly Block[], out: string[] = []): string[] {
  for (const b of blocks) {
    if (b.kind === 'paragraph') out.push(b.id);
    else if (b.kind === 'list') for (const it of b.items) paragraphIds(it.children, out);
    else if (b.kind === 'blockquote') paragraphIds(b.children, out);
    else if (b.kind === 'definitionList') for (const it of b.items) for (const d of it.definitions) paragraphIds(d, out);
  }
  return out;
}

/** "(read in context: paragraph 3, Chapter title)", the title quoted from the book. */
function placeText(e: ChronologyEvent, chapters: readonly Chapter[] | undefined, bookLang: string | undefined): Inline[] {
  const text = (value: string): Inline => ({ kind: 'text', value });
  const chapter = chapters?.find((c) => c.id === e.chapterId);
  if (!chapter) return [text(`(read in context: ${e.label})`)];
  const n = paragraphIds(chapter.blocks).indexOf(e.blockId) + 1;
  return [text(n > 0 ? `(read in context: paragraph ${n}, ` : '(read in context: '), ...quoted([text(chapter.title)], bookLang), text(')')];
}

export function buildChronologyAppendix(events: readonly ChronologyEvent[], options: AppendixOptions): Chapter {
  const at = generatedAt('chronology');
  const lang = generatedLanguage(options.lang);
  const title = options.title ?? 'Chronology';
  const blocks: Block[] = [
    { kind: 'heading', level: 1, id: 'chronology-title', at, children: [{ kind: 'text', value: title }] },
  ];
  if (events.length === 0) {
    blocks.push({ kind: 'paragraph', id: 'chronology-intro', at, children: [{ kind: 'text', value: 'The text mentions no dates that could be placed in time.' }] });
  } else {
    blocks.push({
      kind: 'paragraph', id: 'chronology-intro', at,
      children: [{ kind: 'text', value: 'The dates the text mentions, in time order. Each entry links back to the passage that tells it.' }],
    });
    const items = events.map((e, i): ListItem => {
      const children: Inline[] = [
        { kind: 'time', datetime: e.datetime, children: [{ kind: 'text', value: e.label }] },
        { kind: 'text', value: ': ' },
        ...quoted([{ kind: 'text', value: e.sentence }], lang.quoted),
        { kind: 'text', value: ' ' },
        {
          kind: 'link',
          target: { kind: 'internal', chapterId: e.chapterId, anchor: e.blockId },
          children: placeText(e, options.chapters, lang.quoted),
        },
      ];
      // The entry repeats the sentence: a problem in it (a glyph the PDF's fonts lack) is reported where the text tells it.
      return { at: e.at, children: [{ kind: 'paragraph', id: `chronology-event-${i + 1}`, at: e.at, children }] };
    });
    blocks.push({ kind: 'list', id: 'chronology-list', ordered: true, at, items });
  }
  return { id: 'chronology', role: 'appendix', title, blocks, notes: [], at, generated: true, ...(lang.page ? { lang: lang.page } : {}) };
}

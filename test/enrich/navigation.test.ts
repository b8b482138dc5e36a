/** tableOfContents and landmarks: every heading, nested by level, in spine order; E-NAV-2 landmarks. */
import { describe, expect, it } from 'vitest';
import { landmarks, tableOfContents } from '../../src/enrich/navigation.js';
import type { Chapter, ChapterRole, TocEntry } from '../../src/model/book.js';
import { generatedAt } from '../../src/model/position.js';
import { parseChapter } from '../../src/parse/to-model.js';

const used = new Set<string>();
function chapter(id: string, md: string, role: ChapterRole = 'chapter', title = id): Chapter {
  const c = parseChapter(md, { file: `${id}.md`, chapterId: id, chapterIds: new Map(), usedIds: used, imageAsset: () => 'img' }).chapter;
  return { ...c, role, ...(md.includes('#') ? {} : { title }) };
}

/** Entries as `label -> chapter#anchor`, nested as arrays. */
const shape = (es: readonly TocEntry[]): unknown[] => es.map((e) => {
  const here = `${e.level} ${e.label} -> ${e.chapterId}${e.anchor ? `#${e.anchor}` : ''}`;
  return e.children.length ? [here, shape(e.children)] : here;
});

describe('tableOfContents', () => {
  const title = { ...chapter('titlepage', '# The Book'), role: 'titlepage' as const, generated: true, at: generatedAt('titlepage') };
  const about = chapter('about', '# About this edition\n\n## Accessibility', 'colophon');
  const one = chapter('ch-one', '# Arrival\n\n## The   old  city\n\n### Things *to* see\n\n## Second section\n\n# A second h1');
  const two = chapter('ch-two', 'No heading at all, just text.', 'chapter', 'The untitled part');
  const skip = chapter('ch-skip', '# Top\n\n### Deep\n\n## Middle');
  const appendix = chapter('chronology', '# Chronology', 'appendix');

  it('leaves out the title page; the first heading of a document links to the document itself', () => {
    const toc = tableOfContents([title, about, one]);
    expect(shape(toc)).toEqual([
      ['1 About this edition -> about', ['2 Accessibility -> about#accessibility']],
      ['1 Arrival -> ch-one', [
        ['2 The old city -> ch-one#the-old-city', ['3 Things to see -> ch-one#things-to-see']],
        '2 Second section -> ch-one#second-section',
      ]],
      '1 A second h1 -> ch-one#a-second-h1',
    ]);
  });

  it('a document without headings gets one entry with its title', () => {
    expect(shape(tableOfContents([two]))).toEqual(['1 The untitled part -> ch-two']);
  });

  it('a skipped level nests under the nearest higher heading, and the next one climbs back', () => {
    expect(shape(tableOfContents([skip]))).toEqual([
      ['1 Top -> ch-skip', ['3 Deep -> ch-skip#deep', '2 Middle -> ch-skip#middle']],
    ]);
  });

  it('follows spine order: entries come in the order of the documents given', () => {
    const toc = tableOfContents([title, about, one, two, appendix]);
    expect(toc.map((e) => e.chapterId)).toEqual(['about', 'ch-one', 'ch-one', 'ch-two', 'chronology']);
    const flat: TocEntry[] = [];
    const walk = (es: readonly TocEntry[]) => { for (const e of es) { flat.push(e); walk(e.children); } };
    walk(toc);
    const order = ['about', 'ch-one', 'ch-two', 'chronology'];
    const idx = flat.map((e) => order.indexOf(e.chapterId));
    expect([...idx].sort((a, b) => a - b)).toEqual(idx);
  });

  it('labels are plain text with white space collapsed, never empty', () => {
    const toc = tableOfContents([one]);
    const labels: string[] = [];
    const walk = (es: readonly TocEntry[]) => { for (const e of es) { labels.push(e.label); walk(e.children); } };
    walk(toc);
    for (const l of labels) {
      expect(l.trim()).not.toBe('');
      expect(l).not.toMatch(/\s{2,}|[*_`]/);
    }
  });
});

describe('landmarks', () => {
  const title = chapter('titlepage', '# T', 'titlepage');
  const about = chapter('about', '# About', 'colophon');
  const one = chapter('ch-a', '# A');
  const two = chapter('ch-b', '# B');
  const appendix = chapter('chronology', '# Chronology', 'appendix');

  it('toc, colophon, bodymatter (the first chapter) and appendix; each type once', () => {
    const l = landmarks([title, about, one, two, appendix], 'Contents');
    expect(l.map((x) => [x.type, x.chapterId])).toEqual([
      ['titlepage', 'titlepage'], ['toc', 'toc'], ['colophon', 'about'], ['bodymatter', 'ch-a'], ['appendix', 'chronology'],
    ]);
    for (const x of l) expect(x.label.trim()).not.toBe('');
    expect(l.find((x) => x.type === 'toc')!.label).toBe('Contents');
  });

  it('no appendix landmark without an appendix document', () => {
    expect(landmarks([title, one], 'Contents').map((x) => x.type)).toEqual(['titlepage', 'toc', 'bodymatter']);
  });
});

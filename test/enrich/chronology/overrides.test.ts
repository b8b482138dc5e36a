import { describe, expect, it } from 'vitest';
import { applyEventOverrides, extractChronology } from '../../../src/enrich/chronology/index.js';
import { chapterOf } from './helpers.js';
import { ARTICLE_PARAGRAPHS } from './sample-article.js';

const article = chapterOf(ARTICLE_PARAGRAPHS, { id: 'article', file: 'article.md' });
const { events } = extractChronology([article], { lang: 'en' });
const FILE = 'events.yaml';
const yaml = (...lines: string[]): string => `${lines.join('\n')}\n`;

describe('events.yaml', () => {
  it('removes an event by datetime and a piece of its sentence', () => {
    const r = applyEventOverrides(events, yaml('remove:', '  - datetime: "2019"', '    match: Non-Aligned Movement'), FILE);
    expect(r.diagnostics).toEqual([]);
    expect(r.events.map((e) => e.datetime)).toEqual(events.map((e) => e.datetime).filter((d) => d !== '2019'));
  });

  it('rewords a label and a sentence', () => {
    const r = applyEventOverrides(events, yaml(
      'reword:',
      '  - datetime: "1990"',
      '    match: recognize',
      '    label: the early 1990s',
      '  - datetime: 2020-09-27',
      '    match: first day',
      "    sentence: 'The Second Karabakh War began; Pakistan issued a statement.'",
    ), FILE);
    expect(r.diagnostics).toEqual([]);
    expect(r.events[0]).toMatchObject({ datetime: '1990', label: 'the early 1990s', sentence: events[0]!.sentence });
    const war = r.events.find((e) => e.datetime === '2020-09-27')!;
    expect(war.sentence).toBe('The Second Karabakh War began; Pakistan issued a statement.');
    expect(war.label).toBe('27 September 2020');
    expect(r.events).toHaveLength(events.length);
  });

  it('adds events near a found one or at a paragraph, in time order', () => {
    const r = applyEventOverrides(events, yaml(
      'add:',
      '  - datetime: "2020-11-10"',
      '    label: 10 November 2020',
      '    sentence: The ceasefire took effect.',
      '    near: "2020-09-27"',
      '  - datetime: 1980s',
      '    label: the 1980s',
      '    sentence: The conflict began.',
      '    blockId: p2',
    ), FILE, { chapters: [article] });
    expect(r.diagnostics).toEqual([]);
    const war = events.find((e) => e.datetime === '2020-09-27')!;
    expect(r.events.map((e) => e.datetime)).toEqual(['1980', '1990', '1992', '2019', '2020-09-27', '2020-09-30', '2020-10-18', '2020-11-10', '2020-12-11', '2020-12-30', '2021-03-03', '2021-04-13']);
    expect(r.events[7]).toEqual({ datetime: '2020-11-10', precision: 'day', label: '10 November 2020', sentence: 'The ceasefire took effect.', chapterId: 'article', blockId: war.blockId, at: war.at });
    expect(r.events[0]).toMatchObject({ precision: 'decade', chapterId: 'article', blockId: 'p2', at: { file: 'article.md', line: 5, column: 1 } });
  });

  it('treats an empty file as no changes', () => {
    expect(applyEventOverrides(events, '# nothing yet\n', FILE)).toEqual({ events: [...events], diagnostics: [] });
  });

  it('reports entries that do not match the text, with their lines', () => {
    const r = applyEventOverrides(events, yaml(
      'remove:',
      '  - datetime: "2019"',
      '    match: nothing like this',
      'add:',
      '  - datetime: "2020-13-01"',
      '    label: x',
      '    sentence: y',
      '    near: "2020-09-27"',
      '  - datetime: "2020-11-10"',
      '    label: x',
      '    colour: red',
      'frobnicate: 1',
      'reword:',
      '  - datetime: "2021"',
      '    match: anything',
      '    label: &a z',
      '  - datetime: "2020-12-30"',
      '    match: President',
      '    sentence: *a',
    ), FILE);
    expect(r.events).toEqual(events);
    expect(r.diagnostics.every((d) => d.code === 'L-EVENTS' && d.severity === 'error' && d.at?.file === FILE)).toBe(true);
    const lines = r.diagnostics.map((d) => d.at!.line).sort((a, b) => a - b);
    expect(lines).toEqual([2, 5, 11, 12, 14, 19]);
    const at = (line: number): string => r.diagnostics.find((d) => d.at?.line === line)!.message;
    expect(at(2)).toContain('no event at 2019');
    expect(at(5)).toContain('not a date');
    expect(at(11)).toContain('"colour"');
    expect(at(12)).toContain('frobnicate');
    expect(at(14)).toContain('no event at 2021');
    expect(at(19)).toContain('text value');
  });

  it('reports a match that picks several events', () => {
    const twice = [...events, { ...events[1]! }];
    const r = applyEventOverrides(twice, yaml('remove:', '  - datetime: "1992"', '    match: diplomatic'), FILE);
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({ code: 'L-EVENTS', at: { line: 2, column: 5 } });
    expect(r.events).toHaveLength(twice.length);
  });

  it('reports invalid YAML with its line', () => {
    const r = applyEventOverrides(events, yaml('remove:', '  - datetime: "2019"', '    match: [unclosed'), FILE);
    expect(r.events).toEqual(events);
    expect(r.diagnostics.length).toBeGreaterThan(0);
    expect(r.diagnostics[0]).toMatchObject({ code: 'L-YAML', severity: 'error', at: { file: FILE } });
    expect(r.diagnostics[0]!.at!.line).toBeGreaterThanOrEqual(3);
  });

  it('rejects a document that is not a mapping', () => {
    const r = applyEventOverrides(events, yaml('- remove'), FILE);
    expect(r.diagnostics).toMatchObject([{ code: 'L-EVENTS', at: { line: 1 } }]);
  });
});

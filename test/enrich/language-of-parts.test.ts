/** src/enrich/language-of-parts.ts: L-LANG, text in another script with no language of its own. */
import { describe, expect, it } from 'vitest';
import { languageOfPartsDiagnostics } from '../../src/enrich/language-of-parts.js';
import type { Block, Chapter, Inline } from '../../src/model/book.js';

const t = (value: string): Inline => ({ kind: 'text', value } as Inline);
const at = (file: string, line: number) => ({ file, line, column: 1 });
const para = (line: number, ...children: Inline[]): Block => ({ kind: 'paragraph', id: `p${line}`, at: at('c.md', line), children } as unknown as Block);
const chapter = (...blocks: Block[]): Chapter => ({ id: 'ch', blocks, notes: [] } as unknown as Chapter);

describe('languageOfPartsDiagnostics', () => {
  it('warns once per script and file, at the first passage, counting the others; marked text, code, Latin names and a lone Greek letter pass', () => {
    const ch = chapter(
      para(3, t('Hello \u041f\u0440\u0438\u0432\u0435\u0442 and \u03a9\u03bc\u03ad\u03b3\u03b1, the \u03b1-helix, Ə and Ç.')),
      para(5, { kind: 'span', lang: 'ru', children: [t('\u0417\u0434\u0440\u0430\u0432\u0441\u0442\u0432\u0443\u0439')] } as Inline, t(' '), { kind: 'code', value: '\u043a\u043e\u0434' } as Inline),
      para(7, { kind: 'emphasis', children: [t('\u041c\u0438\u0440 and \u0434\u043e\u043c')] } as Inline),
    );
    const ds = languageOfPartsDiagnostics([ch], 'en');
    expect(ds.map((d) => [d.code, d.severity, d.at?.line])).toEqual([['L-LANG', 'warning', 3], ['L-LANG', 'warning', 3]]);
    expect(ds[0]!.message).toBe('Cyrillic text "\u041f\u0440\u0438\u0432\u0435\u0442" (and 2 more passages in Cyrillic in this file) is not marked with its language: a screen reader reads it with the voice of the book\'s language (en)');
    expect(ds[0]!.hint).toContain('[\u041f\u0440\u0438\u0432\u0435\u0442]{lang=ru}');
    expect(ds[1]!.message).toMatch(/^Greek text "\u03a9\u03bc\u03ad\u03b3\u03b1" is not marked/);
  });

  it('takes a paragraph or heading marked as a whole as marked', () => {
    const marked = (kind: 'paragraph' | 'heading') => ({ ...(para(1, t('\u0635\u062f\u0627\u0642\u062a \u067e\u0627\u06a9\u0633\u062a\u0627\u0646')) as object), kind, level: 2, lang: 'fa' } as unknown as Block);
    expect(languageOfPartsDiagnostics([chapter(marked('paragraph'), marked('heading'))], 'en')).toEqual([]);
    // and a list or quotation marked as a whole, with all it holds
    const persian = para(2, t('\u0635\u062f\u0627\u0642\u062a \u067e\u0627\u06a9\u0633\u062a\u0627\u0646'));
    const list = { kind: 'list', ordered: false, id: 'l', at: at('c.md', 2), lang: 'fa', items: [{ at: at('c.md', 2), children: [persian] }] } as unknown as Block;
    const quote = { kind: 'blockquote', id: 'q', at: at('c.md', 4), lang: 'fa', children: [persian] } as unknown as Block;
    expect(languageOfPartsDiagnostics([chapter(list, quote)], 'en')).toEqual([]);
    expect(languageOfPartsDiagnostics([chapter({ ...(quote as object), lang: undefined } as unknown as Block)], 'en').map((d) => d.code)).toEqual(['L-LANG']);
    // the same text unmarked is reported, and the hint says how to mark a whole paragraph
    const ds = languageOfPartsDiagnostics([chapter(para(1, t('\u0635\u062f\u0627\u0642\u062a \u067e\u0627\u06a9\u0633\u062a\u0627\u0646')))], 'en');
    expect(ds.map((d) => d.code)).toEqual(['L-LANG']);
    expect(ds[0]!.hint).toMatch(/or a whole paragraph with \{lang=ar\} after its text/);
  });

  it('knows the scripts of the book\'s language: Cyrillic in a Russian or Serbian book, Han and kana in a Japanese one, pass; Latin is never reported', () => {
    const cyr = chapter(para(1, t('\u041f\u0440\u0438\u0432\u0435\u0442, Hello')));
    expect(languageOfPartsDiagnostics([cyr], 'ru')).toEqual([]);
    expect(languageOfPartsDiagnostics([cyr], 'sr')).toEqual([]);
    const ja = chapter(para(1, t('\u65e5\u672c\u8a9e\u3068\u30ab\u30bf\u30ab\u30ca')));
    expect(languageOfPartsDiagnostics([ja], 'ja')).toEqual([]);
    expect(languageOfPartsDiagnostics([ja], 'en').map((d) => d.message.split(' ')[0])).toEqual(['Hiragana', 'Katakana', 'Han']);
    // a language Intl does not know: nothing can be said
    expect(languageOfPartsDiagnostics([cyr], 'tlh')).toEqual([]);
  });
});

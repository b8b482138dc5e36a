/**
 * L-LANG: text in a script the book's language is not written in, with no language of its own.
 *
 * A screen reader picks its voice from the language the text is marked with: the book's, unless a
 * span says otherwise (`[Привет]{lang=ru}`, which both editions carry: `xml:lang` in the EPUB, /Lang
 * in the PDF). A Russian word in an English book that is not marked is read by the English voice,
 * letter by letter or not at all (WCAG 2.2 success criterion 3.1.2, Language of Parts). Which
 * language a word is in cannot be known from its letters, but its script can: a passage in a
 * script the book's language does not use (Intl.Locale's likely script: en is Latin, ru Cyrillic,
 * ja Han, Hiragana and Katakana) is surely in another language. Latin is never reported: names
 * and terms in Latin letters are common in books in every script, and the criterion exempts them.
 * One warning per chapter file and script, at the first such passage, with how many there are.
 * Code is not prose and is not checked; alt text cannot hold a language, and is not either.
 */
import type { Block, Chapter, Inline } from '../model/book.js';
import { warning, type Diagnostic } from '../model/diagnostic.js';
import type { Position } from '../model/position.js';
import { blockInlines, blocksOf } from './walk.js';

interface Script {
  /** Unicode's name (the regular expression's Script=). */
  readonly name: string;
  /** ISO 15924 codes of the scripts a language written in it may have as its likely script. */
  readonly codes: readonly string[];
  /** Languages written in it, for the hint. */
  readonly languages: readonly string[];
  /** A passage: letters in a row (with their marks); alphabets need two, as one Greek letter is
   * usually a symbol ("α-helix"). */
  readonly passage: RegExp;
}

const script = (name: string, codes: readonly string[], languages: readonly string[], min: number): Script => ({
  name, codes, languages, passage: new RegExp(`(?:\\p{Script=${name}}\\p{M}*){${min},}`, 'gu'),
});

const SCRIPTS: readonly Script[] = [
  script('Cyrillic', ['Cyrl'], ['ru', 'uk', 'bg', 'sr', 'kk'], 2),
  script('Greek', ['Grek'], ['el'], 2),
  script('Armenian', ['Armn'], ['hy'], 2),
  script('Georgian', ['Geor'], ['ka'], 2),
  script('Hebrew', ['Hebr'], ['he', 'yi'], 2),
  script('Arabic', ['Arab'], ['ar', 'fa', 'ur'], 2),
  script('Devanagari', ['Deva'], ['hi', 'mr', 'ne'], 2),
  script('Bengali', ['Beng'], ['bn'], 2),
  script('Tamil', ['Taml'], ['ta'], 2),
  script('Thai', ['Thai'], ['th'], 2),
  script('Hangul', ['Kore'], ['ko'], 1),
  script('Hiragana', ['Jpan'], ['ja'], 1),
  script('Katakana', ['Jpan'], ['ja'], 1),
  script('Han', ['Hans', 'Hant', 'Jpan', 'Kore'], ['zh', 'ja'], 1),
];

/** A character beyond Latin and its extensions, IPA included: text without one needs no look. */
const BEYOND_LATIN = /[^\u0000-\u02ff\u1e00-\u1eff\u2000-\u206f]/;

/** The book language's likely script (ISO 15924), or undefined when Intl does not know it. */
function scriptOf(lang: string): string | undefined {
  try {
    return new Intl.Locale(lang).maximize().script;
  } catch {
    return undefined;
  }
}

/** A block marked with a language as a whole (`… {lang=fa}` after a paragraph or heading, or on
 * the line after a list or quotation): the author has said which language it and all it holds
 * are in. */
function markedAsAWhole(b: Block): boolean {
  return (b.kind === 'paragraph' || b.kind === 'heading' || b.kind === 'list' || b.kind === 'blockquote') && b.lang !== undefined;
}

interface Found { readonly script: Script; readonly sample: string; readonly at: Position; count: number }

export function languageOfPartsDiagnostics(chapters: readonly Chapter[], bookLang: string): Diagnostic[] {
  let foreign: readonly Script[] | undefined;
  const scripts = (): readonly Script[] => {
    if (!foreign) {
      const own = scriptOf(bookLang);
      // a language whose script is unknown: nothing can be said of its passages
      foreign = own === undefined ? [] : SCRIPTS.filter((s) => !s.codes.includes(own));
    }
    return foreign;
  };
  const out: Diagnostic[] = [];
  for (const chapter of chapters) {
    const found = new Map<string, Found>();
    const look = (nodes: readonly Inline[], at: Position): void => {
      for (const n of nodes) {
        if (n.kind === 'text') {
          if (!BEYOND_LATIN.test(n.value)) continue;
          for (const s of scripts()) {
            s.passage.lastIndex = 0;
            for (let m = s.passage.exec(n.value); m; m = s.passage.exec(n.value)) {
              const f = found.get(s.name);
              if (f) f.count++;
              else found.set(s.name, { script: s, sample: m[0], at, count: 1 });
            }
          }
        } else if (n.kind === 'span' && n.lang) {
          // marked: the author has said which language it is in
        } else if ('children' in n) {
          look(n.children, at);
        }
      }
    };
    for (const b of blocksOf([...chapter.blocks, ...chapter.notes.flatMap((n) => n.children)], markedAsAWhole)) {
      for (const inlines of blockInlines(b)) look(inlines, b.at);
    }
    for (const f of found.values()) {
      const more = f.count > 1 ? ` (and ${f.count - 1} more ${f.count - 1 === 1 ? 'passage' : 'passages'} in ${f.script.name} in this file)` : '';
      out.push(warning('L-LANG',
        `${f.script.name} text "${f.sample}"${more} is not marked with its language: a screen reader reads it with the voice of the book's language (${bookLang})`,
        f.at,
        `mark each passage with its language, e.g. [${f.sample}]{lang=${f.script.languages[0]}}, or a whole paragraph with {lang=${f.script.languages[0]}} after its text (${f.script.name}: ${f.script.languages.join(', ')}, …)`));
    }
  }
  return out;
}

/**
 * Strict XMP check: a namespace-aware, well-formedness-checking XML parse (saxes), then the
 * PDF/UA identification (pdfuaid:part = 1, element or attribute form) and a non-empty dc:title.
 */
import { SaxesParser } from 'saxes';

const PDFUAID = 'http://www.aiim.org/pdfua/ns/id/';
const DC = 'http://purl.org/dc/elements/1.1/';

export interface XmpFacts {
  readonly wellFormed: boolean;
  readonly error?: string;
  readonly pdfuaPart?: string;
  readonly title?: string;
  readonly rights?: string;
  readonly creators: string[];
}

export function readXmp(xml: string): XmpFacts {
  const parser = new SaxesParser({ xmlns: true });
  const stack: { uri: string; local: string }[] = [];
  const facts: { pdfuaPart?: string; title?: string; rights?: string; creators: string[] } = { creators: [] };
  let text = '';
  const inside = (uri: string, local: string): boolean => stack.some((e) => e.uri === uri && e.local === local);
  parser.on('opentag', (tag) => {
    stack.push({ uri: tag.uri, local: tag.local });
    text = '';
    for (const a of Object.values(tag.attributes)) {
      if (a.uri === PDFUAID && a.local === 'part') facts.pdfuaPart = a.value.trim();
    }
  });
  parser.on('text', (t) => { text += t; });
  parser.on('closetag', (tag) => {
    if (tag.uri === PDFUAID && tag.local === 'part') facts.pdfuaPart = text.trim();
    if (tag.local === 'li' && inside(DC, 'title') && facts.title === undefined) facts.title = text;
    if (tag.local === 'li' && inside(DC, 'rights') && facts.rights === undefined) facts.rights = text;
    if (tag.local === 'li' && inside(DC, 'creator')) facts.creators.push(text);
    stack.pop();
    text = '';
  });
  try {
    parser.write(xml).close();
    return { wellFormed: true, ...facts };
  } catch (e) {
    return { wellFormed: false, error: e instanceof Error ? e.message : String(e), creators: [] };
  }
}

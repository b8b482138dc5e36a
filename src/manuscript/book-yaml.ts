/**
 * book.yaml: parsed with `yaml` (positions for every node, alias bombs refused), checked by a zod
 * schema; each schema problem is reported at the line of the offending key.
 */
import { isMap, isNode, LineCounter, parseDocument, type Document } from 'yaml';
import { z } from 'zod';
import { error, type Diagnostic } from '../model/diagnostic.js';
import type { Position } from '../model/position.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date written YYYY-MM-DD (in quotes or not)');
const nonEmpty = z.string().trim().min(1, 'must not be empty');

/** MARC relator codes Lectern knows how to label. */
export const RELATORS: Record<string, string> = {
  aut: 'Author', edt: 'Editor', trl: 'Translator', ill: 'Illustrator', pht: 'Photographer',
  nrt: 'Narrator', ctb: 'Contributor', com: 'Compiler', pbl: 'Publisher', red: 'Redaktor',
};

export const bookYamlSchema = z.strictObject({
  title: nonEmpty,
  subtitle: nonEmpty.optional(),
  creators: z.array(z.strictObject({
    name: nonEmpty,
    role: z.enum(Object.keys(RELATORS) as [string, ...string[]]).default('aut'),
    fileAs: nonEmpty.optional(),
  })).min(1, 'name at least one creator'),
  language: z.string().regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/, 'a BCP 47 language tag such as en, en-GB or az-Latn'),
  identifier: z.string().regex(/^urn:(uuid:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|isbn:[0-9X-]{10,17}|[a-z0-9][a-z0-9-]{0,31}:\S+)$/, 'a URN: urn:uuid:… (lectern init makes one) or urn:isbn:…'),
  pdfIdentifier: z.string().regex(/^urn:\S+$/, 'a URN').optional(),
  date: isoDate,
  modified: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/, 'YYYY-MM-DDThh:mm:ssZ (UTC)').optional(),
  publisher: nonEmpty.optional(),
  source: z.strictObject({
    publication: nonEmpty.optional(),
    place: nonEmpty.optional(),
    geographicCode: nonEmpty.optional(),
    date: isoDate.optional(),
    distributors: z.array(nonEmpty).default([]),
    url: z.string().url().optional(),
  }).optional(),
  description: nonEmpty.optional(),
  subjects: z.array(nonEmpty).default([]),
  contents: z.array(nonEmpty).min(1).optional(),
  cover: z.strictObject({ image: nonEmpty, alt: nonEmpty }).optional(),
  accessibility: z.strictObject({
    review: z.strictObject({
      by: nonEmpty,
      date: isoDate,
      credential: nonEmpty.optional(),
      report: z.string().url().optional(),
    }).optional(),
  }).optional(),
});

export type BookYaml = z.infer<typeof bookYamlSchema>;

export type BookYamlResult =
  | { ok: true; value: BookYaml; /** Where a key (or list item) of book.yaml is written. */ at: (path: readonly (string | number)[]) => Position }
  | { ok: false; diagnostics: Diagnostic[] };

export function parseBookYaml(text: string, file: string): BookYamlResult {
  const lineCounter = new LineCounter();
  let doc: Document;
  try {
    doc = parseDocument(text, { lineCounter, schema: 'core', prettyErrors: false, uniqueKeys: true });
  } catch (e) {
    return { ok: false, diagnostics: [error('L-YAML', `${file} cannot be parsed: ${(e as Error).message}`, { file, line: 1, column: 1 })] };
  }
  const at = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };
  if (doc.errors.length > 0) {
    return {
      ok: false,
      diagnostics: doc.errors.map((e) => error('L-YAML', e.message.split('\n')[0] ?? e.message, at(e.pos[0]))),
    };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 50 });
  } catch (e) {
    return { ok: false, diagnostics: [error('L-YAML', (e as Error).message, at(0))] };
  }
  if (!isMap(doc.contents)) {
    return { ok: false, diagnostics: [error('L-META', 'book.yaml must be a mapping of keys (title:, creators:, …)', at(0))] };
  }
  const parsed = bookYamlSchema.safeParse(data);
  if (parsed.success) return { ok: true, value: parsed.data, at: (path) => positionOf(doc, [...path], at) };
  return {
    ok: false,
    diagnostics: parsed.error.issues.map((issue) => {
      const keyPath = issue.path.map(String);
      const pos = issue.code === 'unrecognized_keys' && issue.keys[0] !== undefined
        ? keyPosition(doc, [...issue.path as (string | number)[]], issue.keys[0], at)
        : positionOf(doc, issue.path as (string | number)[], at);
      const name = keyPath.join('.') || '(top level)';
      const message = issue.code === 'unrecognized_keys'
        ? `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}${keyPath.length ? ` in ${name}` : ''}`
        : issue.code === 'invalid_type' && issue.input === undefined
          ? `${name} is required`
          : `${name}: ${issue.message}`;
      return error('L-META', message, pos);
    }),
  };
}

/** The position of a key itself inside the mapping at `path`. */
function keyPosition(doc: Document, path: (string | number)[], key: string, at: (o: number) => Position): Position {
  const map = path.length === 0 ? doc.contents : doc.getIn(path, true);
  if (isMap(map)) {
    for (const pair of map.items) {
      const k = pair.key;
      if (isNode(k) && (k as { value?: unknown }).value === key && k.range) return at(k.range[0]);
    }
  }
  return positionOf(doc, path, at);
}

/** The position of the deepest node of `path` that exists in the document. */
function positionOf(doc: Document, path: (string | number)[], at: (o: number) => Position): Position {
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
    if (isNode(node) && node.range) return at(node.range[0]);
  }
  return at(0);
}

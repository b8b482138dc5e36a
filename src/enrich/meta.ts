/** BookMeta from book.yaml: the build time from SOURCE_DATE_EPOCH (or the manuscript), never the clock. */
import slugify from '@sindresorhus/slugify';
import { createHash } from 'node:crypto';
import type { BookMeta } from '../model/book.js';
import type { BookYaml } from '../manuscript/book-yaml.js';

export function modifiedFrom(config: BookYaml, sourceDateEpoch: number | undefined): string {
  if (sourceDateEpoch !== undefined) return new Date(sourceDateEpoch * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return config.modified ?? `${config.date}T00:00:00Z`;
}

/** A stable urn:uuid (version 5 layout) derived from a name: the same input always gives the same id. */
export function derivedUuid(name: string): string {
  const h = createHash('sha1').update(`lectern:${name}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `urn:uuid:${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

export function buildMeta(config: BookYaml, sourceDateEpoch: number | undefined): BookMeta {
  // the file name: compatibility characters as their letters first ("ﬁne" is "fine", not "ne";
  // slugify drops what it cannot transliterate)
  const slug = slugify(config.title.normalize('NFKC')) || 'book';
  return {
    title: config.title,
    ...(config.subtitle ? { subtitle: config.subtitle } : {}),
    creators: config.creators.map((c) => ({ name: c.name, role: c.role, ...(c.fileAs ? { fileAs: c.fileAs } : {}) })),
    language: config.language,
    identifier: config.identifier,
    date: config.date,
    modified: modifiedFrom(config, sourceDateEpoch),
    ...(config.publisher ? { publisher: config.publisher } : {}),
    ...(config.source ? { source: { ...config.source, distributors: config.source.distributors ?? [] } } : {}),
    ...(config.description ? { description: config.description } : {}),
    subjects: config.subjects ?? [],
    ...(config.accessibility?.review ? { review: config.accessibility.review } : {}),
    pdfIdentifier: config.pdfIdentifier ?? derivedUuid(`${config.identifier}#pdf`),
    slug,
  };
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "18 July 2021" from "2021-07-18" (no locale data involved, so output never varies). */
export function humanDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  return `${Number(m[3])} ${MONTHS[Number(m[2]) - 1]} ${m[1]}`;
}

let displayNames: Intl.DisplayNames | undefined;

export function languageName(tag: string): string {
  try {
    displayNames ??= new Intl.DisplayNames(['en'], { type: 'language' });
    return displayNames.of(tag) ?? tag;
  } catch {
    return tag;
  }
}

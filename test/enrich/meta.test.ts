/** src/enrich/meta.ts: the book's metadata from book.yaml. */
import { describe, expect, it } from 'vitest';
import { buildMeta } from '../../src/enrich/meta.js';
import type { BookYaml } from '../../src/manuscript/book-yaml.js';

const config = (title: string): BookYaml => ({
  title, creators: [{ name: 'A. Writer', role: 'aut' }], language: 'en', identifier: 'urn:uuid:00000000-0000-4000-8000-00000000f022', date: '2024-01-01',
} as unknown as BookYaml);

describe('buildMeta: the slug (the editions\' file names)', () => {
  it('spells compatibility characters as their letters and transliterates the rest', () => {
    expect(buildMeta(config('Friendship of Azerbaijan and Pakistan.'), undefined).slug).toBe('friendship-of-azerbaijan-and-pakistan');
    expect(buildMeta(config('\ufb01ne \ufb02ow, Kap\u0131 \uff21\uff22 x\u00b2'), undefined).slug).toBe('fine-flow-kapi-ab-x2');
    expect(buildMeta(config('\u4e2d\u6587'), undefined).slug).toBe('book');
  });
});

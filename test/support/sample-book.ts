/**
 * A hand-built Book for renderer tests: every block and inline kind of the model, a rights block
 * with U+00A0 and ©, a footnote, Azerbaijani text in a language span, internal and external links,
 * a table, a figure (a PNG made here with zlib), a definition list, time nodes and an appendix.
 */
import { deflateSync } from 'node:zlib';
import type {
  Block, Book, BookMeta, Chapter, ImageAsset, Inline, ParagraphBlock, RightsBlock,
} from '../../src/model/book.js';
import { generatedAt, type Position } from '../../src/model/position.js';

// ------------------------------------------------------------------ a tiny PNG

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(new TextEncoder().encode(type), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/** An RGB PNG of `width` × `height`: a diagonal gradient, deterministic. */
export function makePng(width: number, height: number): Uint8Array {
  const ihdr = new Uint8Array(13);
  const v = new DataView(ihdr.buffer);
  v.setUint32(0, width);
  v.setUint32(4, height);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit, truecolour, deflate, no filter, no interlace
  const raw = new Uint8Array(height * (1 + width * 3));
  for (let y = 0; y < height; y++) {
    const row = y * (1 + width * 3);
    raw[row] = 0;
    for (let x = 0; x < width; x++) {
      raw[row + 1 + x * 3] = (x * 255) / Math.max(width - 1, 1);
      raw[row + 2 + x * 3] = 90;
      raw[row + 3 + x * 3] = (y * 255) / Math.max(height - 1, 1);
    }
  }
  const sig = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const parts = [sig, chunk('IHDR', ihdr), chunk('IDAT', new Uint8Array(deflateSync(raw))), chunk('IEND', new Uint8Array(0))];
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

// ------------------------------------------------------------------ builders

export const at = (file: string, line: number, column = 1): Position => ({ file, line, column });
export const t = (value: string): Inline => ({ kind: 'text', value });
export const em = (...children: Inline[]): Inline => ({ kind: 'emphasis', children });
export const strong = (...children: Inline[]): Inline => ({ kind: 'strong', children });
export const p = (id: string, pos: Position, ...children: Inline[]): ParagraphBlock => ({ kind: 'paragraph', id, at: pos, children });

export const RIGHTS_LINES: readonly string[] = [
  'Copyright ©\u00a02024 Aynur Həsənova and the Lectern contributors.',
  'All rights reserved. No part of this edition may be reproduced without permission, except for brief\u00a0quotations in reviews and for accessible copies made under the Marrakesh Treaty.',
  '',
  'Edition:\u00a0first, (c) "straight quotes" -- kept verbatim.',
];

export const SAMPLE_TITLE = 'The Lantern & <the Well>';

export interface SampleOptions {
  readonly title?: string;
  /** Extra paragraphs appended to the main chapter. */
  readonly extra?: readonly Block[];
}

const F = 'chapters/01-shore.md';
const A = generatedAt('chronology');

export function sampleBook(opts: SampleOptions = {}): Book {
  const title = opts.title ?? SAMPLE_TITLE;
  const png = makePng(48, 32);
  const image: ImageAsset = {
    id: 'img-harbour', source: 'images/harbour.png', href: 'images/harbour.png', mediaType: 'image/png',
    width: 240, height: 160, bytes: png,
  };
  const rights: RightsBlock = { kind: 'rights', id: 'rights', at: at('book.yaml', 12), lines: RIGHTS_LINES };

  const titlePage: Chapter = {
    id: 'titlepage', role: 'titlepage', title, generated: true, at: generatedAt('titlepage'), notes: [],
    blocks: [
      { kind: 'heading', level: 1, id: 'title', at: generatedAt('titlepage'), children: [t(title)] },
      { kind: 'paragraph', id: 'subtitle', role: 'subtitle', at: generatedAt('titlepage'), children: [t('Stories from the Caspian shore')] },
      { kind: 'paragraph', id: 'byline', role: 'byline', at: generatedAt('titlepage'), children: [t('Aynur Həsənova')] },
    ],
  };

  const colophon: Chapter = {
    id: 'about', role: 'colophon', title: 'About this edition', generated: true, at: generatedAt('colophon'), notes: [],
    blocks: [
      { kind: 'heading', level: 1, id: 'about-h', at: generatedAt('colophon'), children: [t('About this edition')] },
      p('about-id', generatedAt('colophon'), t('Identifier: urn:uuid:6f1c2d3e-0000-4000-8000-000000000001. Published 2024-05-01.')),
      rights,
      p('about-a11y', generatedAt('colophon'), t('This edition has structured headings, a table of contents, alternative text for its image and a tagged PDF.')),
    ],
  };

  const shore: Block[] = [
    { kind: 'heading', level: 1, id: 'shore', at: at(F, 1), children: [t('The Caspian Shore')] },
    p('p-open', at(F, 3),
      t('The town wakes early. '), em(t('Fishermen')), t(' mend their nets, the '), strong(t('baker')),
      t(' lights the oven, and the radio plays '), { kind: 'code', value: 'news.fm' },
      t('. Read more at '),
      { kind: 'link', target: { kind: 'external', href: 'https://example.org/caspian' }, children: [t('the Caspian archive')] },
      t(' or go to '),
      { kind: 'link', target: { kind: 'internal', chapterId: 'shore', anchor: 'p-table-intro' }, children: [t('the table of catches')] },
      t('.'),
      { kind: 'noteRef', noteId: 'fn-1', refId: 'fnref-1', label: '1' },
      t(' Grandmother says '),
      { kind: 'span', lang: 'az', children: [t('ə ğ ı ş ç ö ü: səhər xeyir, dənizçilər')] },
      t(' every morning.'),
    ),
    p('p-dates', at(F, 7),
      t('The harbour opened on '), { kind: 'time', datetime: '1921-05-12', children: [t('12 May 1921')] },
      t(' and closed in '), { kind: 'time', datetime: '1990', children: [t('the 1990s')] }, t(', but the boats still come.'),
      { kind: 'lineBreak' }, t('A new line after a hard break.'),
    ),
    { kind: 'heading', level: 2, id: 'nets', at: at(F, 10), children: [t('Nets and '), em(t('knots'))] },
    {
      kind: 'list', ordered: true, start: 1, at: at(F, 12), items: [
        { at: at(F, 12), children: [p('li-1', at(F, 12), t('Soak the net in fresh water.'))] },
        { at: at(F, 13), children: [p('li-2', at(F, 13), t('Find every broken mesh, then tie a '), strong(t('sheet bend')), t('.'))] },
        {
          at: at(F, 14), children: [
            p('li-3', at(F, 14), t('Dry it in the shade:')),
            {
              kind: 'list', ordered: false, at: at(F, 15), items: [
                { at: at(F, 15), children: [p('li-3a', at(F, 15), t('never in full sun,'))] },
                { at: at(F, 16), children: [p('li-3b', at(F, 16), t('never on sand.'))] },
              ],
            },
          ],
        },
      ],
    },
    {
      kind: 'list', ordered: false, at: at(F, 18), items: [
        { at: at(F, 18), children: [p('bl-1', at(F, 18), t('Needles'))] },
        { at: at(F, 19), children: [p('bl-2', at(F, 19), t('Twine'))] },
      ],
    },
    {
      kind: 'blockquote', at: at(F, 21), children: [
        p('q-1', at(F, 21), t('The sea gives, and the sea keeps what it gives.')),
      ],
    },
    p('p-table-intro', at(F, 23), t('The catches of one week:')),
    {
      kind: 'table', id: 'tbl-catch', at: at(F, 25), caption: [t('Catch by day, in kilograms')],
      head: [{ cells: [
        { header: true, align: undefined, children: [t('Day')] },
        { header: true, align: 'right', children: [t('Sturgeon')] },
        { header: true, align: 'right', children: [t('Kutum')] },
      ] }],
      body: [
        { cells: [{ header: true, align: undefined, children: [t('Monday')] }, { header: false, align: 'right', children: [t('12')] }, { header: false, align: 'right', children: [t('40')] }] },
        { cells: [{ header: true, align: undefined, children: [t('Tuesday')] }, { header: false, align: 'right', children: [t('9')] }, { header: false, align: 'right', children: [t('31')] }] },
      ],
    },
    {
      kind: 'figure', id: 'fig-harbour', at: at(F, 30),
      image: { assetId: 'img-harbour', alt: 'The harbour at dawn: three boats by a stone pier', decorative: false, at: at(F, 30) },
      caption: [t('The harbour at dawn.')],
    },
    {
      kind: 'definitionList', at: at(F, 33), items: [
        { term: [t('Kutum')], definitions: [[p('dd-1', at(F, 34), t('A Caspian white fish, smoked for feasts.'))]] },
        { term: [t('Lavaş')], definitions: [[p('dd-2', at(F, 36), t('Thin bread baked on the inside wall of a tandir.'))]] },
      ],
    },
    { kind: 'codeBlock', at: at(F, 38), value: 'knot = "sheet bend"\n  tie(knot)' },
    { kind: 'thematicBreak', at: at(F, 41) },
    p('p-close', at(F, 43), t('Evening comes, and the lanterns are lit along the pier.')),
    ...(opts.extra ?? []),
  ];
  const shoreChapter: Chapter = {
    id: 'shore', role: 'chapter', title: 'The Caspian Shore', generated: false, at: at(F, 1), blocks: shore,
    notes: [{ id: 'fn-1', label: '1', refIds: ['fnref-1'], at: at(F, 50), children: [p('fn-1-p', at(F, 50), t('The archive is a fiction made for this sample.'))] }],
  };

  const chrono: Chapter = {
    id: 'chronology', role: 'appendix', title: 'Chronology', generated: true, at: A, notes: [],
    blocks: [
      { kind: 'heading', level: 1, id: 'chronology-h', at: A, children: [t('Chronology')] },
      {
        kind: 'list', ordered: true, at: A, items: [
          { at: A, children: [p('ev-1', A, { kind: 'link', target: { kind: 'internal', chapterId: 'shore', anchor: 'p-dates' }, children: [{ kind: 'time', datetime: '1921-05-12', children: [t('12 May 1921')] }, t(': the harbour opened.')] })] },
          { at: A, children: [p('ev-2', A, { kind: 'link', target: { kind: 'internal', chapterId: 'shore', anchor: 'p-dates' }, children: [{ kind: 'time', datetime: '1990', children: [t('the 1990s')] }, t(': the harbour closed.')] })] },
        ],
      },
    ],
  };

  const meta: BookMeta = {
    title, subtitle: 'Stories from the Caspian shore',
    creators: [{ name: 'Aynur Həsənova', role: 'aut' }, { name: 'R. O\'Brien & Sons', role: 'trl' }],
    language: 'en-GB', identifier: 'urn:uuid:6f1c2d3e-0000-4000-8000-000000000001', date: '2024-05-01',
    modified: '2024-05-02T10:20:30Z', publisher: 'Lectern Press', subjects: ['Caspian', 'fishing'],
    description: 'Short stories <with> markup & ampersands.', pdfIdentifier: 'urn:isbn:9780000000002', slug: 'lantern',
  };

  return {
    meta,
    chapters: [titlePage, colophon, shoreChapter, chrono],
    images: new Map([[image.id, image]]),
    rights,
    toc: [],
    landmarks: [],
    accessibility: {
      accessModes: ['textual', 'visual'], accessModeSufficient: [['textual']], features: ['alternativeText'],
      hazards: ['none'], summary: 'A sample.', gaps: [],
    },
    chronology: [],
  };
}

const WORDS = ('harbour lantern net boat salt wind shore morning evening dənizçi səhər balıq ' +
  'stone pier rope gull tide market bread tea samovar window street quiet').split(' ');

/** A deterministic paragraph of about `words` words (a little Azerbaijani, no odd glyphs). */
export function filler(seed: number, words: number): string {
  const out: string[] = [];
  let x = seed * 7919 + 13;
  for (let i = 0; i < words; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out.push(WORDS[x % WORDS.length]!);
  }
  const s = out.join(' ');
  return `${s.charAt(0).toUpperCase()}${s.slice(1)}.`;
}

/** A book of one long chapter (headings every few paragraphs), well over 10 pages. */
export function longBook(paragraphs = 80): Book {
  const base = sampleBook();
  const blocks: Block[] = [{ kind: 'heading', level: 1, id: 'long', at: at('chapters/long.md', 1), children: [t('A Long Chapter')] }];
  for (let i = 0; i < paragraphs; i++) {
    if (i % 12 === 11) blocks.push({ kind: 'heading', level: 2, id: `long-h-${i}`, at: at('chapters/long.md', 2 + i * 2), children: [t(`Part ${i}`)] });
    const pos = at('chapters/long.md', 3 + i * 2);
    blocks.push(i % 5 === 2
      ? p(`long-${i}`, pos, t(filler(i, 40)), t(' '), em(t(filler(i + 1000, 12))), t(' '), t(filler(i + 2000, 50)))
      : p(`long-${i}`, pos, t(filler(i, 60 + (i % 7) * 15))));
  }
  const long: Chapter = { id: 'long', role: 'chapter', title: 'A Long Chapter', generated: false, at: at('chapters/long.md', 1), blocks, notes: [] };
  return { ...base, chapters: [base.chapters[0]!, long] };
}

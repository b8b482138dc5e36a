/**
 * Deterministic synthetic manuscripts for the benchmark: chapters with headings, lists, tables,
 * footnotes, images, many dates and a rights block, in English with Azerbaijani words.
 *
 * The words are drawn by Zipf's law (exponent 1.15) from a lexicon of 60,000: English function
 * words and Azerbaijani words first, then words made of syllables. So a book's vocabulary grows
 * with it as a real book's does (Heaps' law). Counting distinct strings between white space (so
 * capitals, stops and markup count), there are:
 * - 505 in 1k words (the sample article has 420 in its 890);
 * - 9,800 in 50k, 25,600 in 200k and 45,300 in 500k.
 * Drawing evenly from the first 71 words alone, as the bench did before, gave 582 at any length.
 * Every new word costs a renderer its shaping once, so the small vocabulary flattered Lectern. At
 * 50k words, PDF alone, Lectern went from 2.35 s to 3.71 s with the real-sized vocabulary (medians
 * of 3, alternating), and WeasyPrint from 6.4 s to 6.8 s.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';

const WORDS = ('the of and to in a is that for it as was with be by on not he this are or his from at which but have an they you were their one all we can her has there been if more when will would who so no ' +
  'Azərbaycan dili gözəl şəhər çay ölkə üçün bağ günəş yol işıq kitab söz ağac dəniz məktəb dost ürək').split(' ');
const SYLLABLES = ('ka lo mi ne ru ta ve so di pa re zu ho ga fi bel tor man sen dar vil ost ren ach ' +
  'gül şə çi ər öz ün ağ ıl qa xa').split(' ');

/** The lexicon, most frequent first: WORDS, then syllable words (the same on every machine). */
const LEXICON: readonly string[] = (() => {
  const r = rng(0x1e7e);
  const seen = new Set(WORDS);
  const out = [...WORDS];
  while (out.length < 60_000) {
    let w = '';
    const n = 1 + Math.floor(r() * 4);
    for (let i = 0; i < n; i++) w += SYLLABLES[Math.floor(r() * SYLLABLES.length)];
    if (!seen.has(w)) { seen.add(w); out.push(w); }
  }
  return out;
})();

/** Zipf's law over LEXICON: rank k is drawn with weight k^-1.15. */
const ZIPF: Float64Array = (() => {
  const c = new Float64Array(LEXICON.length);
  let acc = 0;
  for (let k = 0; k < c.length; k++) { acc += (k + 1) ** -1.15; c[k] = acc; }
  return c;
})();

function zipfWord(u: number): string {
  const x = u * ZIPF[ZIPF.length - 1]!;
  let lo = 0;
  let hi = ZIPF.length - 1;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (ZIPF[mid]! < x) lo = mid + 1; else hi = mid; }
  return LEXICON[lo]!;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** A tiny linear congruential generator: the same seed gives the same book on every machine. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 2 ** 32; };
}

function png(w: number, h: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => { let c = n; for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; return c >>> 0; });
  const crc = (b: Buffer) => { let c = 0xffffffff; for (const x of b) c = crcTable[(c ^ x) & 0xff]! ^ (c >>> 8); return (c ^ 0xffffffff) >>> 0; };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type), data]);
    const c = Buffer.alloc(4); c.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c]);
  };
  const ihdr = Buffer.alloc(13); ihdr.writeUInt32BE(w, 0); ihdr.writeUInt32BE(h, 4); ihdr[8] = 8; ihdr[9] = 2;
  const raw = Buffer.alloc((w * 3 + 1) * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) { const o = y * (w * 3 + 1) + 1 + x * 3; raw[o] = (x * 5) & 255; raw[o + 1] = (y * 5) & 255; raw[o + 2] = 128; }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

export interface Generated { dir: string; words: number; chapters: number; paragraphs: string[] }

export function generateManuscript(dir: string, targetWords: number, seed = 1): Generated {
  const r = rng(seed + targetWords);
  const word = () => zipfWord(r());
  const sentence = (n: number) => { const ws = Array.from({ length: n }, word); ws[0] = ws[0]!.charAt(0).toUpperCase() + ws[0]!.slice(1); return `${ws.join(' ')}.`; };
  mkdirSync(path.join(dir, 'images'), { recursive: true });
  writeFileSync(path.join(dir, 'images', 'figure.png'), png(64, 48));
  const chapters = Math.max(1, Math.round(targetWords / 5000));
  const perChapter = Math.ceil(targetWords / chapters);
  const paragraphs: string[] = [];
  let total = 0;
  let year = 1900;
  for (let c = 1; c <= chapters; c++) {
    const lines: string[] = [`# Chapter ${c}: ${sentence(4).slice(0, -1)}`, ''];
    let words = 0;
    let p = 0;
    while (words < perChapter) {
      p++;
      if (p % 12 === 0) { lines.push(`## Section ${c}.${p / 12}`, ''); }
      if (p % 17 === 0) { lines.push(`- ${sentence(6)}`, `- ${sentence(7)}`, `- ${sentence(5)}`, ''); words += 18; continue; }
      if (p % 29 === 0) { lines.push('| Year | Event |', '|---|---|', `| ${year} | ${sentence(5)} |`, `| ${year + 1} | ${sentence(6)} |`, ''); words += 15; continue; }
      if (p % 41 === 0) { lines.push(`![A generated test figure, number ${c}.${p}](images/figure.png)`, ''); continue; }
      year = 1900 + ((year - 1900 + 1) % 120);
      const day = 1 + Math.floor(r() * 28);
      const dated = p % 5 === 0 ? ` On ${day} ${MONTHS[Math.floor(r() * 12)]} ${year}, ${sentence(8).toLowerCase()}` : '';
      const note = p % 23 === 0 ? `[^n${c}x${p}]` : '';
      const text = `${sentence(12)} ${sentence(15)} ${sentence(10)}${dated} ${sentence(9)}${note}`;
      lines.push(text, '');
      if (note) lines.push(`[^n${c}x${p}]: ${sentence(8)}`, '');
      paragraphs.push(text);
      words += text.split(/\s+/).length;
    }
    total += words;
    if (c === chapters) lines.push('::: rights', 'Copyright © 2024 Lectern Benchmark Press', 'Geographic\u00a0Code:9TEST', ':::', '');
    writeFileSync(path.join(dir, `${String(c).padStart(4, '0')}-chapter.md`), lines.join('\n'));
  }
  writeFileSync(path.join(dir, 'book.yaml'), `title: Benchmark book of ${targetWords} words
creators:
  - name: Lectern Bench
language: en
identifier: urn:uuid:00000000-0000-4000-8000-${String(targetWords).padStart(12, '0')}
date: 2024-01-01
`);
  return { dir, words: total, chapters, paragraphs };
}

/** esc: text and attribute values for Lectern's XHTML; read back by a strict XML parser. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { esc } from '../../../src/render/epub/xhtml.js';
import { parseXml } from '../../../src/verify/epub/xml.js';

// characters XML 1.0 allows (the loader refuses the others before anything is rendered)
const xmlChar = fc.oneof(
  fc.constantFrom('&', '<', '>', '"', "'", ' ', 'a', '\u00a0', '©', 'ə', '\t', '\n'),
  fc.integer({ min: 0x20, max: 0xd7ff }).map((c) => String.fromCharCode(c)),
);

describe('esc', () => {
  it('round-trips any text through an element and an attribute, and leaves text without markup as it is', () => {
    fc.assert(fc.property(fc.array(xmlChar, { maxLength: 40 }).map((a) => a.join('')), (s) => {
      const doc = parseXml(`<p title="${esc(s)}">${esc(s)}</p>`, 'esc.xhtml');
      const p = doc.documentElement;
      // attribute values are normalised by XML (tab and newline become spaces)
      expect(p.getAttribute('title')).toBe(s.replace(/[\t\n]/g, ' '));
      expect(p.textContent).toBe(s);
      if (!/[&<>"]/.test(s)) expect(esc(s)).toBe(s);
    }), { numRuns: 500 });
  });
});

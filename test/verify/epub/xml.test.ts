import { describe, expect, it } from 'vitest';
import { descendants, parseXml } from '../../../src/verify/epub/xml.js';

const XHTML = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="en" xml:lang="en">
<head><title>T</title></head>
<body><section epub:type="chapter" id="s"><p id="a">One <em>two</em> three&#160;&amp;<![CDATA[ <four> ]]></p><p>Five<br/>six</p></section></body>
</html>`;

describe('parseXml (the read-back XML tree)', () => {
  const doc = parseXml(XHTML, 'ch.xhtml');
  const html = doc.documentElement;

  it('gives elements with namespaces, qualified and namespaced attributes', () => {
    expect(html.localName).toBe('html');
    expect(html.namespaceURI).toBe('http://www.w3.org/1999/xhtml');
    expect(html.getAttribute('xml:lang')).toBe('en');
    expect(html.getAttribute('lang')).toBe('en');
    expect(html.getAttribute('dir')).toBeNull();
    expect(html.hasAttribute('lang')).toBe(true);
    const section = descendants(doc, 'section')[0]!;
    expect(section.getAttribute('epub:type')).toBe('chapter');
    expect(section.getAttributeNS('http://www.idpf.org/2007/ops', 'type')).toBe('chapter');
    expect(section.getAttributeNS('http://www.idpf.org/2007/ops', 'id')).toBeNull();
  });

  it('keeps text exactly: character references, entities, CDATA, in document order', () => {
    const p = descendants(doc, 'p')[0]!;
    expect(p.textContent).toBe('One two three\u00a0& <four> ');
    const kinds: number[] = [];
    for (let c = p.firstChild; c; c = c.nextSibling) kinds.push(c.nodeType);
    expect(kinds).toEqual([3, 1, 3, 4]);
    expect(p.parentNode?.localName).toBe('section');
  });

  it('lists descendants like the DOM: a document includes its root, an element not itself', () => {
    expect(descendants(doc).map((e) => e.localName)).toEqual(['html', 'head', 'title', 'body', 'section', 'p', 'em', 'p', 'br']);
    const section = descendants(doc, 'section')[0]!;
    expect(descendants(section).map((e) => e.localName)).toEqual(['p', 'em', 'p', 'br']);
    expect(descendants(section, 'section')).toEqual([]);
  });

  it.each([
    ['an unclosed element', '<html><p>text</html>'],
    ['an undeclared entity', '<html><p>&nbsp;</p></html>'],
    ['a repeated attribute', '<html><p id="a" id="b"/></html>'],
    ['two root elements', '<html/><html/>'],
    ['an unbound prefix', '<html><epub:x/></html>'],
    ['no element at all', ''],
  ])('refuses %s, naming the file', (_what, text) => {
    expect(() => parseXml(text, 'bad.xhtml')).toThrow(/^bad\.xhtml is not well-formed XML: /);
  });
});

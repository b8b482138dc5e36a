/**
 * Issue 6, case 4: no script. Every way Markdown could smuggle script in (raw HTML, attribute
 * junk, javascript:/vbscript:/data: links and images, autolinks, entity tricks) either ends up as
 * plain text or is an error at its line; the EPUB (every XML file, parsed strictly) carries no
 * script, no event handler, no iframe/form and no javascript:/vbscript:/data: URL, and the PDF no
 * JavaScript or launch action and no URI outside the allowed schemes.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { parseXml } from '../../src/verify/epub/read.js';
import { descendants as allElements } from '../../src/verify/epub/xml.js';
import { cleanTemps, contractViolation, dryBuild, epubTexts, errorsOf, latin1, manuscript, shown, within } from './support.js';

afterAll(cleanTemps);

/** Attempts that may build: each must come out as harmless text (or be dropped, for attributes). */
const HARMLESS = [
  '<script>alert(1)</script>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<form action="https://evil.example/"><input name="x"><button>go</button></form>',
  'Look: <img src=x onerror=alert(1)> and <svg onload=alert(1)> and <a href="javascript:alert(1)">a</a>',
  'A paragraph with an attribute {onclick="alert(1)"}',
  'A styled paragraph {style="background:url(javascript:alert(1))"}',
  'A paragraph with an href {href=javascript:alert(1)}',
  'A [span]{onmouseover=alert(1) lang=en} and a [second]{.x onfocus="alert(1)" dir=rtl}',
  'Entities in text: &#106;avascript:alert(1) &lt;script&gt; &#60;script&#62;',
  '`<script>alert(1)</script>` in code',
  '[A fine link](https://example.org/?q=%3Cscript%3E "title with <script> and &quot;quotes\\"")',
];

/** Attempts that must be errors, one per paragraph. */
const REFUSED = [
  '[x](javascript:alert(1))',
  '[x](JaVaScRiPt:alert(1))',
  '[x](vbscript:msgbox(1))',
  '[x](data:text/html,<script>alert(1)</script>)',
  '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '![x](javascript:alert(1))',
  '<javascript:alert(1)>',
  '[x](&#106;avascript:alert(1))',
  '[x](&#x6A;avascript&#58;alert(1))',
  '[x][ref]\n\n[ref]: javascript:alert(1)',
  '[x](java&#x09;script:alert(1))',
  '[x](file:///etc/passwd)',
];

const DANGEROUS_ELEMENTS = new Set(['script', 'iframe', 'frame', 'object', 'embed', 'form', 'input', 'button', 'textarea', 'select', 'applet', 'base', 'meta-refresh']);
const BAD_URL = /^(javascript|vbscript|data|file):/i;

function scanXml(name: string, text: string): string[] {
  const found: string[] = [];
  if (/<script\b/i.test(text)) found.push(`${name}: "<script" in the markup`);
  const doc = parseXml(text, name);
  for (const el of allElements(doc)) {
    const ln = el.localName.toLowerCase();
    if (DANGEROUS_ELEMENTS.has(ln)) found.push(`${name}: <${ln}>`);
    for (const attr of el.attributes) {
      const value = attr.value.replace(/[\u0000-\u0020]+/g, '');
      if (/^on/i.test(attr.localName ?? attr.name)) found.push(`${name}: event handler ${attr.name}`);
      if (BAD_URL.test(value)) found.push(`${name}: ${attr.name}="${attr.value.slice(0, 40)}"`);
      if (/javascript|vbscript|expression\(/i.test(value) && attr.name !== 'title' && attr.name !== 'alt' && attr.name !== 'aria-label') found.push(`${name}: ${attr.name} mentions script: ${attr.value.slice(0, 60)}`);
    }
  }
  return found;
}

describe('no script (issue 6, case 4)', () => {
  it('raw HTML, attribute junk and entity tricks build as plain text: no script in the EPUB or the PDF', async () => {
    const dir = await manuscript({ 'a.md': `# Attempts {onclick="alert(1)"}\n\n${HARMLESS.join('\n\n')}\n` });
    const { value: r } = await within(30_000, 'build', () => dryBuild(dir));
    expect(r.ok, shown(r)).toBe(true);
    const texts = await epubTexts(r.outputs!.epub!);
    const found: string[] = [];
    for (const [name, text] of texts) if (/\.(xhtml|opf|ncx|xml|svg)$/.test(name)) found.push(...scanXml(name, text));
    expect(found).toEqual([]);
    // The attempts are still there for the reader to see, as text.
    const chapter = [...texts.entries()].find(([n]) => /ch-a\.xhtml$/.test(n))![1];
    expect(chapter).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(chapter).toContain('&lt;img src=x onerror=alert(1)&gt;');

    const pdf = latin1(r.outputs!.pdf!);
    for (const key of ['/JS', '/JavaScript', '/Launch', '/SubmitForm', '/ImportData', '/RichMedia', '/EmbeddedFile', '/GoToR']) {
      expect(pdf.includes(`${key} `) || pdf.includes(`${key}(`) || pdf.includes(`${key}<`) || pdf.includes(`${key}/`) || pdf.includes(`${key}\n`), `PDF holds ${key}`).toBe(false);
    }
    const uris = [...pdf.matchAll(/\/URI\s*\(((?:\\.|[^\\)])*)\)/g)].map((m) => m[1]!);
    expect(uris).toEqual(['https://example.org/?q=%3Cscript%3E']);
    expect(pdf).not.toMatch(/\/URI\s*<(?!\/)/); // no hex-string URIs to hide from the look above
  });

  it('javascript:, vbscript:, data: and file: links and images are errors at their line', async () => {
    const paragraphs = ['# Refused', ...REFUSED];
    const lineOf: number[] = [];
    let line = 1;
    for (const p of paragraphs) { lineOf.push(line); line += p.split('\n').length + 1; }
    const dir = await manuscript({ 'a.md': `${paragraphs.join('\n\n')}\n` });
    const { value: r } = await within(30_000, 'build', () => dryBuild(dir));
    expect(contractViolation(r)).toBe('');
    expect(r.ok).toBe(false);
    expect(r.outputs).toBeUndefined();
    const errs = errorsOf(r);
    for (const code of errs.map((d) => d.code)) expect(['L-ATTR', 'L-PATH', 'L-REMOTE']).toContain(code);
    const lines = new Set(errs.map((d) => d.at!.line));
    REFUSED.forEach((attempt, i) => expect(lines.has(lineOf[i + 1]!), `${attempt} (line ${lineOf[i + 1]}) has no error:\n${shown(r)}`).toBe(true));
  });
});

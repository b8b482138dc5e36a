/**
 * The accessibility report a publisher hands to a distributor (`lectern check --report`): what
 * each edition claims, which machine checks ran and what they found, and what a person must still
 * review. Static HTML, no script.
 */
import { esc } from '../render/epub/xhtml.js';
import { HUMAN_CHECKS } from '../enrich/accessibility.js';
import type { CheckResult } from '../pipeline/check.js';
import { elements, packageDocument, readEpub } from './epub/read.js';

export interface ReportEntry {
  readonly file: string;
  readonly kind: 'epub' | 'pdf' | 'unknown';
  readonly result: CheckResult;
  /** The EPUB's accessibility metadata, read back from its package document. */
  readonly metadata?: readonly { property: string; value: string }[];
}

export async function epubAccessibilityMetadata(bytes: Uint8Array): Promise<{ property: string; value: string }[]> {
  const epub = await readEpub(bytes);
  const { opf } = packageDocument(epub);
  return elements(opf, 'meta')
    .filter((m) => /^(schema:|dcterms:conformsTo|a11y:)/.test(m.getAttribute('property') ?? ''))
    .map((m) => ({ property: m.getAttribute('property') ?? '', value: (m.textContent ?? '').trim() }));
}

export function renderReport(entries: readonly ReportEntry[], generatedFor: string): string {
  const sections = entries.map((e) => {
    const errors = e.result.diagnostics.filter((d) => d.severity === 'error');
    const warnings = e.result.diagnostics.filter((d) => d.severity === 'warning');
    const validators = e.result.validators.map((v) =>
      `<tr><th scope="row">${esc(v.tool === 'epubcheck' ? 'EPUBCheck' : 'DAISY Ace')}${v.version ? ` ${esc(v.version)}` : ''}</th><td>${v.ran ? esc(Object.entries(v.counts).map(([k, n]) => `${n} ${k}`).join(', ')) : 'did not run'}</td><td>${v.ran ? (v.passed ? 'pass' : 'fail') : 'not run'}</td></tr>`).join('\n');
    const meta = e.metadata?.length
      ? `<h3>Accessibility metadata the edition declares</h3>\n<dl>${e.metadata.map((m) => `<dt>${esc(m.property)}</dt><dd>${esc(m.value)}</dd>`).join('')}</dl>`
      : '';
    const list = (ds: typeof errors) => ds.length ? `<ul>${ds.map((d) => `<li><code>${esc(d.code)}</code> ${esc(d.message)}</li>`).join('')}</ul>` : '<p>None.</p>';
    return `<section aria-labelledby="f-${esc(slug(e.file))}">
<h2 id="f-${esc(slug(e.file))}">${esc(e.file)}: ${e.result.ok ? 'passed' : 'FAILED'}</h2>
<p>${e.kind === 'epub' ? 'EPUB 3 edition.' : e.kind === 'pdf' ? 'Tagged PDF edition (PDF/UA-1 machine-checkable requirements).' : 'Unknown file type.'}</p>
<table><caption>External validators</caption><thead><tr><th scope="col">Validator</th><th scope="col">Findings</th><th scope="col">Result</th></tr></thead>
<tbody>${validators || '<tr><th scope="row">Lectern\'s own checks only</th><td>–</td><td>–</td></tr>'}</tbody></table>
<h3>Errors</h3>${list(errors)}
<h3>Warnings</h3>${list(warnings)}
${meta}
</section>`;
  }).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Accessibility report: ${esc(generatedFor)}</title>
<style>
body { font-family: system-ui, sans-serif; line-height: 1.5; max-width: 48em; margin: 0 auto; padding: 1em; color: #111; background: #fff; }
table { border-collapse: collapse; margin: 1em 0; } th, td { border: 1px solid #555; padding: 0.25em 0.5em; text-align: left; }
code { overflow-wrap: anywhere; } dd { margin-left: 1.5em; }
</style>
</head>
<body>
<header><h1>Accessibility report: ${esc(generatedFor)}</h1>
<p>Made by Lectern's <code>check</code> command. Machine checks cannot judge everything: the last section lists what a person must review before the editions can claim conformance to EPUB Accessibility 1.1 and WCAG 2.2 Level AA.</p></header>
<main>
${sections}
<section aria-labelledby="human"><h2 id="human">What a person must still review</h2>
<ul>${HUMAN_CHECKS.map((h) => `<li>${esc(h.charAt(0).toUpperCase() + h.slice(1))}.</li>`).join('')}</ul>
<p>The PDF checks approximate veraPDF's PDF/UA-1 profile (machine-checkable Matterhorn conditions); they are not a conformance certificate.</p>
</section>
</main>
</body>
</html>
`;
}

function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}

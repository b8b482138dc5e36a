/**
 * Book nodes -> XHTML, one handler per node kind. Text is escaped, never rewritten: non-ASCII
 * characters (U+00A0, ©, ə) are written as themselves, not as entities.
 */
import type { Block, Book, Chapter, Inline, LinkTarget, Note, RightsBlock } from '../../model/book.js';
import type { PageBreaks } from './index.js';

const MARKUP = /[&<>"]/;

/** ` dir="…"` for an element with a direction of its own, or nothing. */
function dirAttr(dir: 'ltr' | 'rtl' | undefined): string {
  return dir ? ` dir="${dir}"` : '';
}

/** ` lang="…" xml:lang="…"` for an element in `lang`, or nothing. */
export function langAttrs(lang: string | undefined): string {
  return lang ? ` lang="${esc(lang)}" xml:lang="${esc(lang)}"` : '';
}

export function esc(s: string): string {
  // most text has nothing to escape: one test instead of four replacements
  if (!MARKUP.test(s)) return s;
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export interface XhtmlContext {
  readonly book: Book;
  readonly chapter: Chapter;
  /** Page-break markers to insert (issue 8). */
  readonly pageBreaks?: PageBreaks;
}

export function href(target: LinkTarget, from: Chapter): string {
  if (target.kind === 'external') return target.href;
  const file = target.chapterId === from.id ? '' : `${target.chapterId}.xhtml`;
  const anchor = target.anchor ? `#${target.anchor}` : '';
  return file + anchor || '#';
}

export function inlines(nodes: readonly Inline[], ctx: XhtmlContext): string {
  const marks = ctx.pageBreaks?.inInlines.get(nodes);
  if (marks && marks.length > 0) return withBreaks(marks, nodes, ctx);
  return plainInlines(nodes, ctx);
}

function plainInlines(nodes: readonly Inline[], ctx: XhtmlContext): string {
  let out = '';
  for (const n of nodes) out += inline(n, ctx);
  return out;
}

function inline(n: Inline, ctx: XhtmlContext): string {
  switch (n.kind) {
    case 'text': return esc(n.value);
    case 'emphasis': return `<em>${inlines(n.children, ctx)}</em>`;
    case 'strong': return `<strong>${inlines(n.children, ctx)}</strong>`;
    case 'code': return `<code>${esc(n.value)}</code>`;
    case 'lineBreak': return '<br/>';
    case 'link': {
      const title = n.title ? ` title="${esc(n.title)}"` : '';
      return `<a href="${esc(href(n.target, ctx.chapter))}"${title}>${inlines(n.children, ctx)}</a>`;
    }
    case 'span': return `<span${langAttrs(n.lang)}${dirAttr(n.dir)}>${inlines(n.children, ctx)}</span>`;
    case 'time': return `<time datetime="${esc(n.datetime)}">${inlines(n.children, ctx)}</time>`;
    case 'image': return img(n.image.assetId, n.image.alt, n.image.decorative, ctx);
    case 'noteRef':
      return `<a epub:type="noteref" role="doc-noteref" id="${esc(n.refId)}" href="#${esc(n.noteId)}">${esc(n.label)}</a>`;
  }
}

function img(assetId: string, alt: string, decorative: boolean, ctx: XhtmlContext): string {
  const asset = ctx.book.images.get(assetId);
  const src = asset ? asset.href : '';
  const size = asset ? ` width="${asset.width}" height="${asset.height}"` : '';
  return decorative
    ? `<img src="${esc(src)}" alt="" role="presentation"${size}/>`
    : `<img src="${esc(src)}" alt="${esc(alt)}"${size}/>`;
}

export function blocks(nodes: readonly Block[], ctx: XhtmlContext): string {
  return nodes.map((b) => {
    // Blocks without inline runs of their own (code, rules) take their markers just before them.
    const marks = b.id && b.kind !== 'rights' ? ctx.pageBreaks?.inBlock.get(b.id) : undefined;
    return (marks ? marks.map((m) => pageMarker(m.label)).join('') : '') + block(b, ctx);
  }).join('\n');
}

export function pageMarker(label: string): string {
  return `<span epub:type="pagebreak" role="doc-pagebreak" id="page-${esc(label)}" aria-label="${esc(label)}"></span>`;
}

function idAttr(id: string | undefined): string {
  return id ? ` id="${esc(id)}"` : '';
}

function block(b: Block, ctx: XhtmlContext): string {
  switch (b.kind) {
    case 'heading': return `<h${b.level}${idAttr(b.id)}${langAttrs(b.lang)}${dirAttr(b.dir)}>${inlines(b.children, ctx)}</h${b.level}>`;
    case 'paragraph': {
      const cls = b.role ? ` class="${b.role}"` : '';
      return `<p${idAttr(b.id)}${cls}${langAttrs(b.lang)}${dirAttr(b.dir)}>${inlines(b.children, ctx)}</p>`;
    }
    case 'list': {
      const tag = b.ordered ? 'ol' : 'ul';
      const start = b.ordered && b.start !== undefined ? ` start="${b.start}"` : '';
      const items = b.items.map((it) => `<li>${blocks(it.children, ctx)}</li>`).join('\n');
      return `<${tag}${idAttr(b.id)}${start}${langAttrs(b.lang)}${dirAttr(b.dir)}>\n${items}\n</${tag}>`;
    }
    case 'blockquote': return `<blockquote${idAttr(b.id)}${langAttrs(b.lang)}${dirAttr(b.dir)}>\n${blocks(b.children, ctx)}\n</blockquote>`;
    case 'table': {
      const caption = b.caption ? `<caption>${inlines(b.caption, ctx)}</caption>` : '';
      const row = (cells: typeof b.head[number]['cells'], inHead: boolean) => cells.map((c, i) => {
        const cls = c.align ? ` class="align-${c.align}"` : '';
        if (c.header || inHead) return `<th scope="${inHead ? 'col' : 'row'}"${cls}>${inlines(c.children, ctx)}</th>`;
        return `<td${cls}>${inlines(c.children, ctx)}</td>`;
      }).join('');
      const head = b.head.length ? `<thead>${b.head.map((r) => `<tr>${row(r.cells, true)}</tr>`).join('')}</thead>` : '';
      const body = `<tbody>${b.body.map((r) => `<tr>${row(r.cells, false)}</tr>`).join('\n')}</tbody>`;
      return `<table${idAttr(b.id)}>${caption}${head}\n${body}</table>`;
    }
    case 'definitionList':
      return `<dl${idAttr(b.id)}>\n${b.items.map((it) => `<dt>${inlines(it.term, ctx)}</dt>${it.definitions.map((d) => `<dd>${blocks(d, ctx)}</dd>`).join('')}`).join('\n')}\n</dl>`;
    case 'figure': {
      const caption = b.caption ? `<figcaption>${inlines(b.caption, ctx)}</figcaption>` : '';
      return `<figure${idAttr(b.id)}>${img(b.image.assetId, b.image.alt, b.image.decorative, ctx)}${caption}</figure>`;
    }
    case 'codeBlock': return `<pre${idAttr(b.id)}><code>${esc(b.value)}</code></pre>`;
    case 'thematicBreak': return '<hr/>';
    case 'rights': return rights(b, ctx);
  }
}

/** Groups of lines separated by blank lines become paragraphs; the lines inside keep their breaks. */
export function rightsGroups(lines: readonly string[]): string[][] {
  const groups: string[][] = [];
  let cur: string[] = [];
  for (const l of lines) {
    if (l.trim() === '') { if (cur.length) groups.push(cur); cur = []; } else cur.push(l);
  }
  if (cur.length) groups.push(cur);
  return groups;
}

function rights(b: RightsBlock, ctx: XhtmlContext): string {
  // Page-break offsets count in the lines joined with '\n'; a marker goes before its line.
  const marks = (b.id ? ctx.pageBreaks?.inBlock.get(b.id) : undefined) ?? [];
  const before = new Map<number, string>();
  let offset = 0;
  b.lines.forEach((line, i) => {
    const here = marks.filter((m) => m.offset >= offset && m.offset <= offset + line.length).map((m) => pageMarker(m.label)).join('');
    if (here) before.set(i, here);
    offset += line.length + 1;
  });
  const groups: string[][] = [];
  let cur: string[] = [];
  b.lines.forEach((l, i) => {
    if (l.trim() === '') { if (cur.length) groups.push(cur); cur = []; return; }
    cur.push((before.get(i) ?? '') + esc(l));
  });
  if (cur.length) groups.push(cur);
  // No newline after <br/>: the block is white-space: pre-wrap, so leading spaces and tabs show.
  const paras = groups.map((g) => `<p>${g.join('<br/>')}</p>`).join('\n');
  return `<div${idAttr(b.id)} class="rights" epub:type="copyright-page"${langAttrs(b.lang)}>\n${paras}\n</div>`;
}

/** Inline content with page-break markers inserted at plain-text offsets (issue 8). */
function withBreaks(marks: readonly { offset: number; label: string }[], children: readonly Inline[], ctx: XhtmlContext): string {
  // Markers at offset 0 go before the content; others are placed by splitting text nodes.
  let remaining = [...marks].sort((a, b) => a.offset - b.offset);
  let pos = 0;
  const marker = pageMarker;
  const walk = (nodes: readonly Inline[]): string => {
    let out = '';
    for (const n of nodes) {
      if (n.kind === 'text') {
        let text = n.value;
        let start = pos;
        while (remaining.length && remaining[0]!.offset >= start && remaining[0]!.offset < start + text.length) {
          const m = remaining.shift()!;
          const cut = m.offset - start;
          out += esc(text.slice(0, cut)) + marker(m.label);
          text = text.slice(cut);
          start = m.offset;
        }
        pos = start + text.length;
        out += esc(text);
      } else if ('children' in n) {
        const inner = walk(n.children);
        // re-wrap the children with the element's own markup
        out += inline({ ...n, children: [] } as Inline, { ...ctx, pageBreaks: undefined }).replace(/(<\/[a-z]+>)$/, `${inner}$1`);
      } else {
        const before = remaining.filter((m) => m.offset <= pos);
        remaining = remaining.filter((m) => m.offset > pos);
        out += before.map((m) => marker(m.label)).join('') + inline(n, ctx);
        pos += n.kind === 'code' ? n.value.length : n.kind === 'lineBreak' ? 1 : n.kind === 'noteRef' ? n.label.length : n.kind === 'image' ? n.image.alt.length : 0;
      }
    }
    return out;
  };
  const body = walk(children);
  return remaining.map((m) => marker(m.label)).join('') + body;
}

export function notes(list: readonly Note[], ctx: XhtmlContext): string {
  if (list.length === 0) return '';
  const items = list.map((n) => {
    const back = n.refIds.map((r, i) => ` <a href="#${esc(r)}" role="doc-backlink" aria-label="Back to reference ${esc(n.label)}${n.refIds.length > 1 ? ` (${i + 1})` : ''}">↩</a>`).join('');
    return `<aside id="${esc(n.id)}" class="footnote" epub:type="footnote" role="doc-footnote" aria-label="Note ${esc(n.label)}">\n${blocks(n.children, ctx)}${back}\n</aside>`;
  }).join('\n');
  return `<section class="endnotes" epub:type="endnotes" role="doc-endnotes" aria-label="Notes">\n${items}\n</section>`;
}

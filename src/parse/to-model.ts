/**
 * markdown-it tokens -> Lectern's book tree, one handler per token kind, every block carrying its
 * manuscript position. Images are only referenced here (by source path); the loader resolves them.
 */
import type { Token } from 'markdown-it';
import type {
  Block, Chapter, DefinitionItem, Inline, ListItem, Note, TableCell, TableRow, LinkTarget,
} from '../model/book.js';
import { error, warning, type Diagnostic } from '../model/diagnostic.js';
import type { Position } from '../model/position.js';
import { plainText } from '../model/plain-text.js';
import type { NestingEnv, RightsFenceMeta } from './markdown.js';
import { createMarkdown, MAX_BLOCK_NESTING } from './markdown.js';

/** An image as written in the Markdown, before the loader checks the file. */
export interface ImageMention { src: string; at: Position }

export interface ParseContext {
  /** Manuscript-relative file name, for positions. */
  file: string;
  /** Document id of this chapter. */
  chapterId: string;
  /** Chapter file name -> chapter id, to resolve links such as `other.md#section`. */
  chapterIds: ReadonlyMap<string, string>;
  /** Ids already used in the book (headings); new ones are made unique against it. */
  usedIds: Set<string>;
  /** Called for every image; returns the asset id the model should reference. */
  imageAsset: (mention: ImageMention) => string;
}

export interface ParsedChapter {
  chapter: Chapter;
  diagnostics: Diagnostic[];
}

const md = createMarkdown();

export function parseChapter(source: string, ctx: ParseContext): ParsedChapter {
  const lines = source.split('\n');
  const env: NestingEnv = {};
  const tokens = md.parse(source, env);
  const parser = new TokenParser(tokens, ctx, lines);
  for (const t of tokens) {
    if ((t.type === 'inline' || t.type === 'fence' || t.type === 'code_block') && t.content.length > MAX_BLOCK_CHARS) {
      const line = (t.map?.[0] ?? 0) + 1;
      parser.diagnostics.push(error('L-LIMIT', `this ${t.type === 'inline' ? 'paragraph' : 'code block'} has ${t.content.length} characters, more than ${MAX_BLOCK_CHARS}`, { file: ctx.file, line, column: 1 }, 'split it into paragraphs (a blank line between them)'));
    }
  }
  if (env.lecternTooDeep !== undefined) {
    parser.diagnostics.push(error('L-LIMIT', `block quotes and lists are nested more than ${MAX_BLOCK_NESTING} levels deep here`, { file: ctx.file, line: env.lecternTooDeep + 1, column: 1 }, 'flatten the nesting; deeper content could not be kept'));
  }
  const blocks = parser.blocks(0, tokens.length);
  const notes = parser.notes();
  parser.checkNotes(notes);
  footnoteDiagnostics(env, lines, ctx.file, blocks, parser.diagnostics);
  const firstHeading = blocks.find((b) => b.kind === 'heading');
  const title = firstHeading && firstHeading.kind === 'heading' ? plainText(firstHeading.children) : ctx.file.replace(/\.md$/i, '');
  return {
    chapter: {
      id: ctx.chapterId, role: 'chapter', title, blocks, notes,
      at: { file: ctx.file, line: 1, column: 1 }, generated: false,
    },
    diagnostics: parser.diagnostics,
  };
}

/**
 * markdown-it-footnote drops definitions nobody references and leaves a reference to a missing
 * definition as plain text; both are mistakes an author wants to hear about (L-FOOTNOTE).
 */
function footnoteDiagnostics(env: NestingEnv, lines: readonly string[], file: string, blocks: readonly Block[], out: Diagnostic[]): void {
  const refs = (env.footnotes as { refs?: Record<string, number> } | undefined)?.refs ?? {};
  for (const [key, id] of Object.entries(refs)) {
    if (id !== -1) continue;
    const label = key.slice(1);
    out.push(warning('L-FOOTNOTE', `footnote [^${label}] is defined but never referenced, so it is left out`,
      definitionAt(lines, file, label) ?? { file, line: 1, column: 1 }));
  }
  const stray = /\[\^([^\]\s]+)\]/;
  const visit = (b: Block) => {
    if (b.kind === 'paragraph' || b.kind === 'heading') {
      const text = plainText(b.children);
      const m = stray.exec(text);
      if (m) {
        let line = b.at.line;
        for (let i = b.at.line - 1; i < lines.length; i++) if (lines[i]!.includes(m[0])) { line = i + 1; break; }
        out.push(warning('L-FOOTNOTE', `footnote reference ${m[0]} has no definition; it is kept as text`, { file, line, column: (lines[line - 1]?.indexOf(m[0]) ?? 0) + 1 }, `add a line "${m[0]}: the note" at the end of the chapter`));
      }
    }
    if (b.kind === 'list') for (const it of b.items) it.children.forEach(visit);
    if (b.kind === 'blockquote') b.children.forEach(visit);
  };
  blocks.forEach(visit);
}

/** Where the footnote `[^label]:` is defined (markdown-it-footnote's tokens for it may carry no line). */
function definitionAt(lines: readonly string[], file: string, label: string): Position | undefined {
  const line = lines.findIndex((l) => l.trimStart().startsWith(`[^${label}]:`));
  return line >= 0 ? { file, line: line + 1, column: lines[line]!.indexOf('[^') + 1 } : undefined;
}

export function slugId(text: string): string {
  const s = text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
    .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 48);
  return /^[a-z]/.test(s) ? s : `s-${s || 'section'}`;
}

/** Per id registry, the next number to try for each base: 10,000 equal headings stay linear. */
const nextSuffix = new WeakMap<Set<string>, Map<string, number>>();

export function uniqueId(base: string, used: Set<string>): string {
  let id = base;
  if (used.has(id)) {
    let counters = nextSuffix.get(used);
    if (!counters) { counters = new Map(); nextSuffix.set(used, counters); }
    let n = counters.get(base) ?? 2;
    for (id = `${base}-${n}`; used.has(id); id = `${base}-${n}`) n++;
    counters.set(base, n + 1);
  }
  used.add(id);
  return id;
}

class TokenParser {
  readonly diagnostics: Diagnostic[] = [];
  private paragraphCount = 0;
  private blockCount = 0;
  private readonly noteTokens: { start: number; end: number; id: number; label: string }[] = [];
  private readonly refs = new Map<number, string[]>();

  constructor(private readonly tokens: Token[], private readonly ctx: ParseContext, private readonly lines: string[]) {}

  private pos(token: Token | undefined, fallback?: Position): Position {
    const line0 = token?.map?.[0];
    if (line0 === undefined) return fallback ?? { file: this.ctx.file, line: 1, column: 1 };
    const text = this.lines[line0] ?? '';
    const column = text.length - text.trimStart().length + 1;
    return { file: this.ctx.file, line: line0 + 1, column };
  }

  /** How many markers each source line has given out (the chapter is parsed in source order). */
  private readonly markersUsed = new Map<string, number>();

  /** The position of the next `marker` on the current inline line: the second image on a line
   * points at the second "![". */
  private inlinePos(at: Position, marker: string): Position {
    const line = at.line + this.inlineLine;
    const text = this.lines[line - 1] ?? '';
    const key = `${line}\u0000${marker}`;
    const nth = this.markersUsed.get(key) ?? 0;
    this.markersUsed.set(key, nth + 1);
    let col = text.indexOf(marker);
    for (let k = 0; k < nth && col >= 0; k++) col = text.indexOf(marker, col + marker.length);
    if (col < 0) col = text.indexOf(marker);
    return { file: at.file, line, column: col >= 0 ? col + 1 : at.column };
  }

  /** Index of the token closing the one opened at `i` (same level, nesting -1). */
  private closeOf(i: number): number {
    const open = this.tokens[i]!;
    let depth = 0;
    for (let j = i; j < this.tokens.length; j++) {
      const t = this.tokens[j]!;
      depth += t.nesting;
      if (depth === 0 && j > i) return j;
      if (t.nesting === 0 && j === i) return i;
    }
    throw new Error(`unbalanced token ${open.type}`);
  }

  private nextId(kind: string): string {
    this.blockCount++;
    // Registered like every other id, so an explicit {#id} can never collide with a generated one.
    return uniqueId(`${this.ctx.chapterId}-${kind}${this.blockCount}`, this.ctx.usedIds);
  }

  blocks(from: number, to: number, inherited?: Position): Block[] {
    const out: Block[] = [];
    for (let i = from; i < to; ) {
      const t = this.tokens[i]!;
      const at = this.pos(t, inherited);
      switch (t.type) {
        case 'heading_open': {
          const inline = this.tokens[i + 1]!;
          const children = this.inlines(inline.children ?? [], at);
          const explicit = attr(t, 'id');
          const id = uniqueId(explicit ?? slugId(plainText(children)), this.ctx.usedIds);
          out.push({ kind: 'heading', level: Number(t.tag.slice(1)), id, children, at, ...this.language(t, at) });
          i = this.closeOf(i) + 1;
          break;
        }
        case 'paragraph_open': {
          const inline = this.tokens[i + 1]!;
          out.push(this.paragraph(inline, t, at));
          i = this.closeOf(i) + 1;
          break;
        }
        case 'bullet_list_open': case 'ordered_list_open': {
          const close = this.closeOf(i);
          const items: ListItem[] = [];
          for (let j = i + 1; j < close; ) {
            const itemClose = this.closeOf(j);
            const itemAt = this.pos(this.tokens[j], at);
            items.push({ children: this.blocks(j + 1, itemClose, itemAt), at: itemAt });
            j = itemClose + 1;
          }
          const ordered = t.type === 'ordered_list_open';
          const start = Number(attr(t, 'start') ?? '1');
          out.push({ kind: 'list', ordered, ...(ordered && start !== 1 ? { start } : {}), items, at, id: this.nextId('l'), ...this.language(t, at) });
          i = close + 1;
          break;
        }
        case 'blockquote_open': {
          const close = this.closeOf(i);
          out.push({ kind: 'blockquote', children: this.blocks(i + 1, close, at), at, id: this.nextId('q'), ...this.language(t, at) });
          i = close + 1;
          break;
        }
        case 'table_open': {
          const close = this.closeOf(i);
          out.push(this.table(i, close, at));
          i = close + 1;
          break;
        }
        case 'dl_open': {
          const close = this.closeOf(i);
          const items: DefinitionItem[] = [];
          let current: { term: Inline[]; definitions: Block[][] } | undefined;
          for (let j = i + 1; j < close; ) {
            const tj = this.tokens[j]!;
            const jClose = this.closeOf(j);
            if (tj.type === 'dt_open') {
              current = { term: this.inlines(this.tokens[j + 1]!.children ?? [], at), definitions: [] };
              items.push(current);
            } else if (tj.type === 'dd_open' && current) {
              current.definitions.push(this.blocks(j + 1, jClose, this.pos(tj, at)));
            }
            j = jClose + 1;
          }
          out.push({ kind: 'definitionList', items, at, id: this.nextId('dl') });
          i = close + 1;
          break;
        }
        case 'fence': case 'code_block': {
          const lang = t.info.trim().split(/\s+/)[0];
          out.push({ kind: 'codeBlock', value: t.content.replace(/\n$/, ''), ...(lang ? { lang } : {}), at, id: this.nextId('c') });
          i++;
          break;
        }
        case 'hr':
          out.push({ kind: 'thematicBreak', at });
          i++;
          break;
        case 'lectern_rights': {
          const meta = t.meta as RightsFenceMeta;
          if (meta.unclosed) {
            this.diagnostics.push(error('L-RIGHTS', 'the ::: rights fence is never closed', at, 'end the block with a line holding only ":::"'));
          }
          const lines = trimBlankEnds(meta.lines);
          if (lines.length === 0) this.diagnostics.push(error('L-RIGHTS', 'the ::: rights fence is empty', at));
          out.push({ kind: 'rights', lines, at, id: this.nextId('rights') });
          i++;
          break;
        }
        // the back-reference markdown-it-footnote puts after a note that does not end with a
        // paragraph (an empty one: "[^1]:" with nothing after it); Lectern makes its own
        case 'footnote_anchor':
          i++;
          break;
        case 'footnote_block_open': {
          const close = this.closeOf(i);
          for (let j = i + 1; j < close; ) {
            const tj = this.tokens[j]!;
            const jClose = this.closeOf(j);
            if (tj.type === 'footnote_open') {
              const meta = tj.meta as { id: number; label?: string };
              this.noteTokens.push({ start: j + 1, end: jClose, id: meta.id, label: meta.label ?? String(meta.id + 1) });
            }
            j = jClose + 1;
          }
          i = close + 1;
          break;
        }
        default:
          // html_block cannot occur (html: false); anything else unknown is Lectern's bug.
          this.diagnostics.push(error('I-BUG', `unhandled Markdown token "${t.type}"`, at));
          i = t.nesting === 1 ? this.closeOf(i) + 1 : i + 1;
      }
    }
    return out;
  }

  private paragraph(inline: Token, open: Token, at: Position): Block {
    const children = this.inlines(inline.children ?? [], at);
    const meaningful = children.filter((c) => !(c.kind === 'text' && c.value.trim() === ''));
    if (meaningful.length === 1 && meaningful[0]!.kind === 'image') {
      const image = meaningful[0].image;
      return { kind: 'figure', image, ...(image.title ? { caption: [{ kind: 'text', value: image.title }] } : {}), at, id: this.nextId('fig') };
    }
    this.paragraphCount++;
    const cls = attr(open, 'class') ?? '';
    const role = /\bbyline\b/.test(cls) ? 'byline' as const : /\bsubtitle\b/.test(cls) ? 'subtitle' as const : undefined;
    const explicit = attr(open, 'id');
    const id = uniqueId(explicit ?? `${this.ctx.chapterId}-p${this.paragraphCount}`, this.ctx.usedIds);
    return { kind: 'paragraph', id, children, at, ...(role ? { role } : {}), ...this.language(open, at) };
  }

  /** A block's or span's `lang` (a BCP 47 tag, else L-ATTR) and `dir` (rtl or ltr) attributes. */
  private language(t: Token, at: Position): { lang?: string; dir?: 'ltr' | 'rtl' } {
    const lang = attr(t, 'lang');
    const dir = attr(t, 'dir');
    if (lang !== null && !/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/.test(lang)) {
      this.diagnostics.push(error('L-ATTR', `"${lang}" is not a BCP 47 language tag`, at));
    }
    return { ...(lang ? { lang } : {}), ...(dir === 'rtl' || dir === 'ltr' ? { dir } : {}) };
  }

  private table(open: number, close: number, at: Position): Block {
    const head: TableRow[] = [];
    const body: TableRow[] = [];
    let section: TableRow[] = body;
    for (let j = open + 1; j < close; j++) {
      const t = this.tokens[j]!;
      if (t.type === 'thead_open') section = head;
      else if (t.type === 'tbody_open') section = body;
      else if (t.type === 'tr_open') {
        const trClose = this.closeOf(j);
        const cells: TableCell[] = [];
        // a row's cells are on the row's own source line (markdown-it maps each row)
        const rowAt = t.map ? { ...at, line: at.line + (t.map[0] - this.tokens[open]!.map![0]), column: 1 } : at;
        for (let k = j + 1; k < trClose; k++) {
          const c = this.tokens[k]!;
          if (c.type === 'th_open' || c.type === 'td_open') {
            const style = attr(c, 'style') ?? '';
            const m = /text-align:(left|center|right)/.exec(style);
            cells.push({ header: c.type === 'th_open', align: (m?.[1] as TableCell['align']) ?? undefined, children: this.inlines(this.tokens[k + 1]!.children ?? [], rowAt) });
          }
        }
        section.push({ cells });
        j = trClose;
      }
    }
    return { kind: 'table', head, body, at, id: this.nextId('t') };
  }

  /** Lines into the current inline run (soft and hard breaks seen), for positions of images. */
  private inlineLine = 0;

  inlines(tokens: Token[], at: Position): Inline[] {
    this.inlineLine = 0;
    const [nodes] = this.inlineRange(tokens, 0, at, undefined);
    return mergeText(nodes);
  }

  /** Parse inline tokens from `i` until the closing token of type `until`; returns [nodes, next index]. */
  private inlineRange(tokens: Token[], i: number, at: Position, until: string | undefined): [Inline[], number] {
    const out: Inline[] = [];
    while (i < tokens.length) {
      const t = tokens[i]!;
      if (until && t.type === until) return [out, i + 1];
      switch (t.type) {
        case 'text': out.push({ kind: 'text', value: t.content }); i++; break;
        case 'softbreak': out.push({ kind: 'text', value: ' ' }); this.inlineLine++; i++; break;
        case 'hardbreak': out.push({ kind: 'lineBreak' }); this.inlineLine++; i++; break;
        case 'code_inline': out.push({ kind: 'code', value: t.content }); i++; break;
        case 'em_open': { const [c, n] = this.inlineRange(tokens, i + 1, at, 'em_close'); out.push({ kind: 'emphasis', children: mergeText(c) }); i = n; break; }
        case 'strong_open': { const [c, n] = this.inlineRange(tokens, i + 1, at, 'strong_close'); out.push({ kind: 'strong', children: mergeText(c) }); i = n; break; }
        case 'span_open': {
          const [c, n] = this.inlineRange(tokens, i + 1, at, 'span_close');
          out.push({ kind: 'span', children: mergeText(c), ...this.language(t, at) });
          i = n;
          break;
        }
        case 'link_open': {
          const [c, n] = this.inlineRange(tokens, i + 1, at, 'link_close');
          const href = attr(t, 'href') ?? '';
          const title = attr(t, 'title');
          const target = this.linkTarget(href, at);
          // A refused link keeps its text (the error stops the build; nothing is silently dropped).
          if (target) out.push({ kind: 'link', target, ...(title ? { title } : {}), children: mergeText(c) });
          else out.push(...c);
          i = n;
          break;
        }
        case 'image': {
          const src = attr(t, 'src') ?? '';
          const imgAt = this.inlinePos(at, '![');
          const alt = plainText(mergeText(this.inlineRange(t.children ?? [], 0, at, undefined)[0])).trim();
          const decorative = /\bdecorative\b/.test(attr(t, 'class') ?? '');
          const title = attr(t, 'title');
          if (!decorative && alt === '') {
            this.diagnostics.push(error('L-ALT', `image "${src}" has no alternative text`, imgAt, 'write ![what the image shows](…), or mark a purely decorative image with {.decorative}'));
          }
          const assetId = this.ctx.imageAsset({ src, at: imgAt });
          out.push({ kind: 'image', image: { assetId, alt: decorative ? '' : alt, decorative, ...(title ? { title } : {}), at: imgAt } });
          i++;
          break;
        }
        case 'footnote_ref': {
          const meta = t.meta as { id: number; subId: number; label?: string };
          const refId = `${this.ctx.chapterId}-fnref${meta.id + 1}${meta.subId > 0 ? `-${meta.subId + 1}` : ''}`;
          const list = this.refs.get(meta.id) ?? [];
          list.push(refId);
          this.refs.set(meta.id, list);
          out.push({ kind: 'noteRef', noteId: `${this.ctx.chapterId}-fn${meta.id + 1}`, refId, label: String(meta.id + 1) });
          i++;
          break;
        }
        case 'footnote_anchor': i++; break;
        default:
          this.diagnostics.push(error('I-BUG', `unhandled inline token "${t.type}"`, at));
          i++;
      }
    }
    return [out, i];
  }

  /** The target of a link, or undefined (with an error) when no edition may carry it. */
  private linkTarget(href: string, at: Position): LinkTarget | undefined {
    const shown = href.length > 80 ? `${href.slice(0, 77)}...` : href;
    const malformed = () => {
      this.diagnostics.push(error('L-PATH', `link "${shown}" has a malformed %-escape in its #anchor`, at, 'write the anchor as plain text (#café), or escape "%" as %25'));
      return undefined;
    };
    if (href.startsWith('#')) {
      const anchor = decodeOrUndefined(href.slice(1));
      return anchor === undefined ? malformed() : { kind: 'internal', chapterId: this.ctx.chapterId, anchor };
    }
    const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(href)?.[1]?.toLowerCase();
    if (scheme !== undefined) {
      if (LINK_SCHEMES.has(scheme)) return { kind: 'external', href };
      this.diagnostics.push(error('L-ATTR', `link "${shown}" uses the ${scheme}: scheme, which no edition may carry`, at, `a link may go to ${[...LINK_SCHEMES].map((s) => `${s}:`).join(', ')}, to #id, or to chapter.md#id`));
      return undefined;
    }
    const [file = '', anchor] = href.split('#', 2);
    if (anchor !== undefined && decodeOrUndefined(anchor) === undefined) return malformed();
    const chapterId = this.ctx.chapterIds.get(file.replace(/^\.\//, ''));
    if (chapterId) return { kind: 'internal', chapterId, ...(anchor ? { anchor } : {}) };
    this.diagnostics.push(error('L-PATH', `link "${shown}" points at no chapter of this book`, at, 'link to a chapter file (other.md#id), a place in this chapter (#id) or a web address (https://…)'));
    return undefined;
  }

  notes(): Note[] {
    return this.noteTokens.map((n) => {
      const at = this.pos(this.tokens[n.start]);
      const children = this.blocks(n.start, n.end, at);
      if (children.length === 0) {
        // markdown-it-footnote's tokens of an empty note carry no line: the definition's own
        const where = definitionAt(this.lines, this.ctx.file, n.label) ?? at;
        this.diagnostics.push(warning('L-FOOTNOTE', `footnote [^${n.label}] has no text: its number stays in the text, and the note is empty`, where,
          `write the note after "[^${n.label}]:" on the same line (a line after it belongs to the note only when indented by four spaces)`));
      }
      return {
        id: `${this.ctx.chapterId}-fn${n.id + 1}`,
        label: String(n.id + 1),
        refIds: this.refs.get(n.id) ?? [],
        children,
        at,
      };
    });
  }

  checkNotes(notes: Note[]): void {
    for (const n of notes) {
      if (n.refIds.length === 0) this.diagnostics.push(warning('L-FOOTNOTE', `footnote [^${n.label}] is defined but never referenced`, n.at));
    }
  }
}

/**
 * The most characters one paragraph (or heading, table cell, code block) may hold: about 170,000
 * words, far beyond any real paragraph. Laying out and checking a single block costs more than its
 * length (a 10 MB paragraph would take hours); past this limit the build stops at once, at the line.
 */
export const MAX_BLOCK_CHARS = 1_000_000;

/** URL schemes a link may use; anything else (javascript:, vbscript:, data:, file:, …) is refused. */
export const LINK_SCHEMES: ReadonlySet<string> = new Set(['https', 'http', 'mailto', 'tel', 'ftp', 'urn', 'doi']);

function decodeOrUndefined(s: string): string | undefined {
  try { return decodeURIComponent(s); } catch { return undefined; }
}

function attr(t: Token, name: string): string | null {
  const v = t.attrGet(name);
  return v === null ? null : String(v);
}

function trimBlankEnds(lines: readonly string[]): string[] {
  let a = 0;
  let b = lines.length;
  while (a < b && lines[a]!.trim() === '') a++;
  while (b > a && lines[b - 1]!.trim() === '') b--;
  return lines.slice(a, b);
}

function mergeText(nodes: Inline[]): Inline[] {
  const out: Inline[] = [];
  for (const n of nodes) {
    const last = out[out.length - 1];
    if (n.kind === 'text' && last?.kind === 'text') out[out.length - 1] = { kind: 'text', value: last.value + n.value };
    else out.push(n);
  }
  return out;
}

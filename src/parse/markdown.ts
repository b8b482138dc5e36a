/**
 * The one markdown-it configuration Lectern uses: CommonMark plus pipe tables, footnotes,
 * definition lists, attributes limited to id/class/lang/dir, bracketed language spans and the
 * verbatim `::: rights` fence. No raw HTML, no typographer, no linkify.
 */
import MarkdownItCallable, { type MarkdownIt, type StateBlock } from 'markdown-it';
import markdownItAttrs from 'markdown-it-attrs';
import markdownItBracketedSpans from 'markdown-it-bracketed-spans';
import markdownItDeflist from 'markdown-it-deflist';
import markdownItFootnote from 'markdown-it-footnote';

export type RightsFenceMeta = {
  /** The raw lines between the fences, exactly as written (trailing line break removed). */
  lines: string[];
  /** True when the closing `:::` was never found. */
  unclosed: boolean;
  /** 0-based line of the opening fence. */
  openLine: number;
};

const OPEN = /^ {0,3}:::[ \t]*rights[ \t]*$/;
const CLOSE = /^ {0,3}:::[ \t]*$/;

/** Block rule for `::: rights` … `:::`; keeps every raw line in `token.meta`. */
function rightsFence(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  const lineText = (n: number) => state.src.slice(state.bMarks[n]!, state.eMarks[n]);
  if (state.sCount[startLine]! - state.blkIndent >= 4) return false;
  if (!OPEN.test(lineText(startLine))) return false;
  if (silent) return true;
  const lines: string[] = [];
  let line = startLine + 1;
  let closed = false;
  for (; line < endLine; line++) {
    const text = lineText(line);
    if (CLOSE.test(text)) { closed = true; break; }
    lines.push(text);
  }
  const token = state.push('lectern_rights', '', 0);
  token.block = true;
  token.map = [startLine, closed ? line + 1 : line];
  const meta: RightsFenceMeta = { lines, unclosed: !closed, openLine: startLine };
  token.meta = meta;
  state.line = closed ? line + 1 : line;
  return true;
}

/**
 * Blocks nested deeper than this (a block quote counts one level, a list item two) are an
 * L-LIMIT error. markdown-it silently drops everything past its own maxNesting (100); the guard
 * below fires well before that and records the line, so nothing is ever lost without a word.
 */
export const MAX_BLOCK_NESTING = 64;

/** What the nesting guard records in the parse env. */
export interface NestingEnv { [key: string | symbol]: unknown; lecternTooDeep?: number }

function nestingGuard(state: StateBlock, startLine: number): boolean {
  if (state.level >= MAX_BLOCK_NESTING) {
    const env = state.env as NestingEnv;
    if (env.lecternTooDeep === undefined) env.lecternTooDeep = startLine;
  }
  return false;
}

export function createMarkdown(): MarkdownIt {
  const md = new MarkdownItCallable('default', {
    html: false,
    xhtmlOut: true,
    linkify: false,
    typographer: false,
    breaks: false,
  });
  md.disable(['replacements', 'smartquotes', 'strikethrough']);
  md.block.ruler.before('fence', 'lectern_rights', rightsFence, { alt: ['paragraph', 'reference', 'blockquote', 'list'] });
  md.use(markdownItFootnote);
  md.use(markdownItDeflist);
  md.use(markdownItBracketedSpans);
  md.use(markdownItAttrs, { allowedAttributes: ['id', 'class', 'lang', 'dir'] });
  // The attributes rule walks every token of every chapter looking for `{…}`; a chapter without
  // a `{` has none to find (500k words: 0.3 s saved).
  type CoreRule = Parameters<typeof md.core.ruler.at>[1];
  const rules = (md.core.ruler as unknown as { __rules__: { name: string; fn: CoreRule }[] }).__rules__;
  const curly = rules.find((r) => r.name === 'curly_attributes')?.fn;
  if (!curly) throw new Error('markdown-it-attrs registered no curly_attributes rule');
  md.core.ruler.at('curly_attributes', (state) => (state.src.includes('{') ? curly(state) : undefined));
  md.block.ruler.before('table', 'lectern_nesting', nestingGuard);
  // markdown-it would leave a link or image with a refused scheme (javascript:, file:, …) as
  // literal text, silently; Lectern lets every destination through to the model, where a scheme
  // it does not allow is an error at its line (parse/to-model.ts, manuscript/paths.ts).
  md.validateLink = () => true;
  return md;
}

/**
 * The plain text of a paragraph's inline tree, and which stretches of it can be wrapped in a
 * `<time>` element (those that lie in one text node outside code and existing time elements).
 *
 * What each inline contributes: text and code their value, a line break "\n" (so words either
 * side do not run together), existing time nodes their children's text, images and note
 * references nothing. Only text nodes are wrappable.
 */
import type { Inline } from '../../model/book.js';

export interface Segment {
  readonly start: number;
  readonly end: number;
  /** True for a text node that may be split to wrap a date. */
  readonly wrappable: boolean;
}

export interface PlainText {
  readonly text: string;
  readonly segments: readonly Segment[];
  /** Stretches that are not prose to read dates from: code, and existing time elements. */
  readonly ignored: readonly { readonly start: number; readonly end: number }[];
}

export function plainText(children: readonly Inline[]): PlainText {
  let text = '';
  const segments: Segment[] = [];
  const ignored: { start: number; end: number }[] = [];
  const add = (value: string, wrappable: boolean): void => {
    if (value === '') return;
    segments.push({ start: text.length, end: text.length + value.length, wrappable });
    text += value;
  };
  const walk = (nodes: readonly Inline[], wrappable: boolean): void => {
    for (const node of nodes) {
      switch (node.kind) {
        case 'text': add(node.value, wrappable); break;
        case 'code': ignored.push({ start: text.length, end: text.length + node.value.length }); add(node.value, false); break;
        case 'lineBreak': add('\n', false); break;
        case 'time': { const start = text.length; walk(node.children, false); ignored.push({ start, end: text.length }); break; }
        case 'emphasis': case 'strong': case 'link': case 'span': walk(node.children, wrappable); break;
        case 'image': case 'noteRef': break;
      }
    }
  };
  walk(children, true);
  return { text, segments, ignored };
}

/** True when [start, end) touches code or an existing time element. */
export function isIgnored(pt: PlainText, start: number, end: number): boolean {
  return pt.ignored.some((r) => r.start < end && start < r.end);
}

/** True when [start, end) lies inside one wrappable text node. */
export function isWrappable(pt: PlainText, start: number, end: number): boolean {
  return pt.segments.some((s) => s.wrappable && s.start <= start && end <= s.end);
}

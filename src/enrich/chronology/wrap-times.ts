/**
 * Wraps stretches of a paragraph's plain text in `time` nodes. Offsets are those of
 * `plainText()` (same traversal); a stretch must lie inside one wrappable text node, others are
 * ignored. Text outside the stretches is kept byte for byte: text nodes are only split.
 */
import type { Inline, TextNode, TimeNode } from '../../model/book.js';

export interface TimeSpan { readonly start: number; readonly end: number; readonly datetime: string }

export function wrapTimes(children: readonly Inline[], spans: readonly TimeSpan[]): Inline[] {
  let offset = 0;
  const sorted = [...spans].sort((a, b) => a.start - b.start);

  const splitText = (node: TextNode, wrappable: boolean): Inline[] => {
    const from = offset;
    offset += node.value.length;
    if (!wrappable) return [node];
    const inside = sorted.filter((s) => s.start >= from && s.end <= offset && s.end > s.start);
    if (inside.length === 0) return [node];
    const out: Inline[] = [];
    let at = from;
    for (const s of inside) {
      if (s.start < at) continue; // overlapping spans: keep the first
      if (s.start > at) out.push({ kind: 'text', value: node.value.slice(at - from, s.start - from) });
      const time: TimeNode = {
        kind: 'time',
        datetime: s.datetime,
        children: [{ kind: 'text', value: node.value.slice(s.start - from, s.end - from) }],
      };
      out.push(time);
      at = s.end;
    }
    if (at < offset) out.push({ kind: 'text', value: node.value.slice(at - from) });
    return out;
  };

  const walk = (nodes: readonly Inline[], wrappable: boolean): Inline[] => {
    const out: Inline[] = [];
    for (const node of nodes) {
      switch (node.kind) {
        case 'text': out.push(...splitText(node, wrappable)); break;
        case 'code': offset += node.value.length; out.push(node); break;
        case 'lineBreak': offset += 1; out.push(node); break;
        case 'time': out.push({ ...node, children: walk(node.children, false) }); break;
        case 'emphasis': case 'strong': case 'link': case 'span':
          out.push({ ...node, children: walk(node.children, wrappable) });
          break;
        case 'image': case 'noteRef': out.push(node); break;
      }
    }
    return out;
  };
  return walk(children, true);
}

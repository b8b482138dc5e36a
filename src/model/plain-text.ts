/** The text a reader gets from a run of inline nodes (what a screen reader reads, less markup). */
import type { Inline } from './book.js';

export function plainText(inlines: readonly Inline[]): string {
  let out = '';
  for (const n of inlines) {
    switch (n.kind) {
      case 'text': case 'code': out += n.value; break;
      case 'lineBreak': out += '\n'; break;
      case 'emphasis': case 'strong': case 'link': case 'span': case 'time': out += plainText(n.children); break;
      case 'image': out += n.image.alt; break;
      case 'noteRef': out += n.label; break;
    }
  }
  return out;
}

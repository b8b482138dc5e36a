/**
 * A mark that has no anchor on its base is left where it stands.
 *
 * An OpenType mark-attachment table may give a base (or ligature component, or mark) no anchor for
 * a class of marks: a NULL offset, which means the mark does not attach to it. fontkit (2.0.4)
 * reads the missing anchor's coordinates anyway and throws ("Cannot read properties of null
 * (reading 'xCoordinate')"), and the build stopped with I-BUG: DejaVu Serif has no anchor below
 * "ї" (U+0457), so "ї" with a combining mark below (U+0316, U+0323) could not be laid out. Here
 * such a mark is not moved (it keeps the position the font gives it), as HarfBuzz leaves it.
 */

interface MarkRecord { readonly markAnchor?: unknown }
interface GposProcessor {
  applyAnchor(markRecord: MarkRecord, baseAnchor: unknown, baseGlyphIndex: number): void;
}

const patched = new WeakSet<object>();

/** Puts the guard on the class of `fontkitFont`'s GPOS processor (once per class). */
export function skipMissingAnchors(fontkitFont: object): void {
  const engine = (fontkitFont as { _layoutEngine?: { engine?: { GPOSProcessor?: object | null } } })._layoutEngine?.engine;
  const processor = engine?.GPOSProcessor;
  if (!processor) return;
  let proto = Object.getPrototypeOf(processor) as object | null;
  while (proto && !Object.prototype.hasOwnProperty.call(proto, 'applyAnchor')) proto = Object.getPrototypeOf(proto) as object | null;
  if (!proto || patched.has(proto)) return;
  patched.add(proto);
  const owner = proto as GposProcessor;
  const applyAnchor = owner.applyAnchor;
  owner.applyAnchor = function (this: GposProcessor, markRecord: MarkRecord, baseAnchor: unknown, baseGlyphIndex: number): void {
    if (baseAnchor == null || markRecord.markAnchor == null) return;
    applyAnchor.call(this, markRecord, baseAnchor, baseGlyphIndex);
  };
}

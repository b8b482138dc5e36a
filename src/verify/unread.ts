/**
 * What a screen reader does not read: format characters (\p{Cf}: direction marks, zero-width
 * spaces and joiners, the soft hyphen) and the other default-ignorable characters (variation
 * selectors, the combining grapheme joiner). The PDF draws none of the invisible ones
 * (render/pdf/text-run.ts), and its text layer holds a variation selector only where fontkit kept
 * it with the glyph it chose, first: so the two editions' readings are compared (parity.ts), and the
 * rights block is found in the PDF's text (pdf/index.ts), without them. The EPUB and the PDF's
 * XMP keep them, byte for byte.
 */

/**
 * The characters that may be such characters: those of the Basic Multilingual Plane, and every
 * surrogate (the others are all beyond it). A text without any is spared a scan for the Unicode
 * properties, which is slower than a plain character class (test/verify/unread.test.ts holds the
 * list to the runtime's properties).
 */
export const MAYBE_UNREAD_CLASS = '\\u00ad\\u034f\\u115f\\u1160\\u17b4\\u17b5\\u180b-\\u180f\\u3164\\ufe00-\\ufe0f\\uffa0\\u0600-\\u0605\\u061c\\u06dd\\u070f\\u0890\\u0891\\u08e2\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u206f\\ufeff\\ufff0-\\ufffb\\ud800-\\udfff';
export const MAYBE_UNREAD = new RegExp(`[${MAYBE_UNREAD_CLASS}]`);
const UNREAD = /[\p{Cf}\p{Default_Ignorable_Code_Point}]/gu;

/** The text without what is not read. */
export function withoutUnread(text: string): string {
  return MAYBE_UNREAD.test(text) ? text.replace(UNREAD, '') : text;
}

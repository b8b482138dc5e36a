/** src/verify/unread.ts: what a screen reader does not read. */
import { describe, expect, it } from 'vitest';
import { MAYBE_UNREAD, withoutUnread } from '../../src/verify/unread.js';
import { normalizeRightsText } from '../../src/verify/pdf/index.js';

describe('MAYBE_UNREAD (what may be a format or other default-ignorable character)', () => {
  it('finds every such character the runtime knows, in the BMP and beyond it', () => {
    const unread = /[\p{Cf}\p{Default_Ignorable_Code_Point}]/u;
    for (let c = 0; c <= 0xffff; c++) {
      const ch = String.fromCharCode(c);
      if (unread.test(ch)) expect(MAYBE_UNREAD.test(ch), c.toString(16)).toBe(true);
    }
    for (let c = 0x10000; c <= 0x10ffff; c += c >= 0xe0000 && c < 0xe1000 ? 1 : 7) {
      const ch = String.fromCodePoint(c);
      if (unread.test(ch)) expect(MAYBE_UNREAD.test(ch), c.toString(16)).toBe(true);
    }
    expect(MAYBE_UNREAD.test('Friendship of Azerbaijan and Pakistan. © 2021 – “quoted”')).toBe(false);
  });
});

describe('withoutUnread, and the rights lines the PDF\'s text is searched for', () => {
  it('drops format characters, variation selectors and the grapheme joiner, and keeps everything else', () => {
    expect(withoutUnread('Auf\u200clage \u00a9\ufe0f x\u034fy \u00ad\u200e\ufeff.')).toBe('Auf\u200clage'.replace('\u200c', '') + ' \u00a9 xy .');
    expect(withoutUnread('Copyright \u00a9 2021 \u2013 \u201cquoted\u201d\u00a0x')).toBe('Copyright \u00a9 2021 \u2013 \u201cquoted\u201d\u00a0x');
    // a rights line with a non-joiner, a selector or a soft hyphen is found in a PDF, which draws none
    expect(normalizeRightsText('Copyright Auf\u200clage \u00a9\ufe0f Press.')).toBe('Copyright Auflage \u00a9 Press.');
  });
});

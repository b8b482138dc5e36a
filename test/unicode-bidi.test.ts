/** src/unicode-bidi.ts: runs of one embedding level, in the order they are seen from the left. */
import { describe, expect, it } from 'vitest';
import { visualRuns } from '../src/unicode-bidi.js';

const seen = (text: string, base?: 'ltr' | 'rtl') => visualRuns(text, base).map((r) => [text.slice(r.start, r.end), r.level]);

describe('visualRuns', () => {
  it('gives a left-to-right text as one run', () => {
    expect(seen('Friendship of Azerbaijan')).toEqual([['Friendship of Azerbaijan', 0]]);
    expect(seen('')).toEqual([]);
  });

  it('sees a right-to-left name after the Latin word before it, and a Persian line\'s runs from its end', () => {
    // the line's first letter is Latin: "by" stands first, then the name, which reads from the right
    expect(seen('by فؤاد حسین‌زاده')).toEqual([['by ', 0], ['فؤاد حسین‌زاده', 1]]);
    // the line's first letter is Persian: its last word is seen first, the Latin word between
    expect(seen('از Pakistan سپاس')).toEqual([[' سپاس', 1], ['Pakistan', 2], ['از ', 1]]);
    // a direction given overrides the first letter's
    expect(seen('by فؤاد', 'rtl')).toEqual([[' فؤاد', 1], ['by', 2]]);
  });
});

import { describe, expect, it } from 'vitest';
import { sentenceAround } from '../../../src/enrich/chronology/sentences.js';

const around = (text: string, needle: string): string => {
  const i = text.indexOf(needle);
  return sentenceAround(text, i, i + needle.length);
};

describe('sentenceAround', () => {
  it.each([
    ['First one. The date 1992 is here. Last one.', '1992', 'The date 1992 is here.'],
    ['During the event, the President of Pakistan Dr Arif Alvi visited in 2019. Then he left.', '2019', 'During the event, the President of Pakistan Dr Arif Alvi visited in 2019.'],
    ['The war ended on 2 Sept. 1945 in Tokyo. Peace followed.', '2 Sept. 1945', 'The war ended on 2 Sept. 1945 in Tokyo.'],
    ['Mr. J. Smith arrived in 1990. He stayed.', '1990', 'Mr. J. Smith arrived in 1990.'],
    ['It was the 90s. Therefore, in 1992 it happened.', '1992', 'Therefore, in 1992 it happened.'],
    ["He said: 'We won.' In 2020 it ended.", '2020', 'In 2020 it ended.'],
    ['Prices, e.g. in 2001, rose. Next.', '2001', 'Prices, e.g. in 2001, rose.'],
    ['Is it 1999? Yes! In 2000 too.', '2000', 'In 2000 too.'],
    ['  Spaces around 1999 are trimmed.  ', '1999', 'Spaces around 1999 are trimmed.'],
    ['Costs fell 3.5 per cent in 2001. Then rose.', '2001', 'Costs fell 3.5 per cent in 2001.'],
  ])('%s', (text, needle, expected) => {
    expect(around(text, needle)).toBe(expected);
  });
});

/**
 * accessibilityFacts (standards E-A11Y-3, E-A11Y-4): every claim computed from the book, never a
 * default; the conformance claim only with an attested review.
 */
import { describe, expect, it } from 'vitest';
import { accessibilityFacts, CONFORMANCE, HUMAN_CHECKS, structureFacts, type NavigationFacts } from '../../src/enrich/accessibility.js';
import type { Chapter } from '../../src/model/book.js';
import { parseChapter } from '../../src/parse/to-model.js';

function chapter(md: string, n = 1): Chapter {
  return parseChapter(md, {
    file: `ch${n}.md`, chapterId: `ch-${n}`, chapterIds: new Map(), usedIds: new Set(), imageAsset: () => `img${n}`,
  }).chapter;
}

const NAV: NavigationFacts = { toc: true, pageList: false, pdfEdition: true };
const TEXT_ONLY = chapter('# One\n\nText.\n\n## Two\n\nMore text.');
const WITH_IMAGE = chapter('# One\n\n![A map of the coast](m.png)\n\nText.');
const DECORATIVE_ONLY = chapter('# One\n\n![](rule.png){.decorative}\n\nText.');
const NO_ALT = chapter('# One\n\n![](m.png)\n\nText.');
const SKIPPED = chapter('# One\n\n### Three\n\nText.');
const INLINE_IMAGE = chapter('# One\n\nSee ![a dot](d.png) here.');
const TABLE_AND_LANG = chapter('# One\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[gözəl]{lang=az}');

describe('accessibilityFacts: access modes', () => {
  it('text only: textual, sufficient textual; no visual, no alternativeText', () => {
    const f = accessibilityFacts([TEXT_ONLY], NAV, undefined);
    expect(f.accessModes).toEqual(['textual']);
    expect(f.accessModeSufficient).toEqual([['textual']]);
    expect(f.features).not.toContain('alternativeText');
    expect(f.summary).toMatch(/no images/);
  });

  it('an image with alt: visual, alternativeText, sufficient textual and textual+visual (m-028, m-029)', () => {
    const f = accessibilityFacts([TEXT_ONLY, WITH_IMAGE], NAV, undefined);
    expect(f.accessModes).toEqual(['textual', 'visual']);
    expect(f.features).toContain('alternativeText');
    expect(f.accessModeSufficient).toEqual([['textual'], ['textual', 'visual']]);
    expect(f.summary).toMatch(/1 image, each with a text description/);
  });

  it('an inline image counts like a figure', () => {
    const f = accessibilityFacts([INLINE_IMAGE], NAV, undefined);
    expect(f.accessModes).toContain('visual');
    expect(f.features).toContain('alternativeText');
  });

  it('only decorative images: no visual mode and no alternativeText claim (m-038)', () => {
    const f = accessibilityFacts([DECORATIVE_ONLY], NAV, undefined);
    expect(f.accessModes).toEqual(['textual']);
    expect(f.features).not.toContain('alternativeText');
    expect(f.summary).toMatch(/1 decorative image/);
  });

  it('an image without alt: visual, but no alternativeText and text alone is not sufficient', () => {
    const f = accessibilityFacts([NO_ALT], NAV, undefined);
    expect(f.accessModes).toContain('visual');
    expect(f.features).not.toContain('alternativeText');
    expect(f.accessModeSufficient).not.toContainEqual(['textual']);
  });
});

describe('accessibilityFacts: features', () => {
  it('tableOfContents only with a toc', () => {
    expect(accessibilityFacts([TEXT_ONLY], NAV, undefined).features).toContain('tableOfContents');
    expect(accessibilityFacts([TEXT_ONLY], { ...NAV, toc: false }, undefined).features).not.toContain('tableOfContents');
  });

  it('structuralNavigation only when no heading level is skipped', () => {
    expect(accessibilityFacts([TEXT_ONLY], NAV, undefined).features).toContain('structuralNavigation');
    expect(accessibilityFacts([TEXT_ONLY, SKIPPED], NAV, undefined).features).not.toContain('structuralNavigation');
    expect(structureFacts([SKIPPED]).skippedHeadingLevels).toBe(1);
  });

  it('pageNavigation and pageBreakMarkers only with a page list', () => {
    const without = accessibilityFacts([TEXT_ONLY], NAV, undefined).features;
    expect(without).not.toContain('pageNavigation');
    expect(without).not.toContain('pageBreakMarkers');
    const withList = accessibilityFacts([TEXT_ONLY], { ...NAV, pageList: true }, undefined);
    expect(withList.features).toEqual(expect.arrayContaining(['pageNavigation', 'pageBreakMarkers']));
    expect(withList.summary).toMatch(/page numbers/);
  });

  it('never taggedPDF in the EPUB facts; values only from the schema.org vocabulary; no duplicates', () => {
    const all = ['alternativeText', 'tableOfContents', 'structuralNavigation', 'readingOrder', 'displayTransformability', 'pageNavigation', 'pageBreakMarkers', 'MathML', 'describedMath'];
    for (const book of [[TEXT_ONLY], [WITH_IMAGE], [NO_ALT, SKIPPED]]) {
      const f = accessibilityFacts(book, { ...NAV, pageList: true }, undefined);
      for (const x of f.features) expect(all).toContain(x);
      expect(new Set(f.features).size).toBe(f.features.length);
      expect(f.features).not.toContain('taggedPDF');
    }
  });

  it('hazard none (no audio, video, animation in the model)', () => {
    expect(accessibilityFacts([WITH_IMAGE], NAV, undefined).hazards).toEqual(['none']);
  });

  it('the summary mentions tables and language marking only when present', () => {
    const plain = accessibilityFacts([TEXT_ONLY], NAV, undefined).summary;
    expect(plain).not.toMatch(/table has|tables have/);
    expect(plain).not.toMatch(/other languages/);
    const rich = accessibilityFacts([TABLE_AND_LANG], NAV, undefined).summary;
    expect(rich).toMatch(/table has marked header cells/);
    expect(rich).toMatch(/other languages are marked/);
  });
});

describe('accessibilityFacts: the conformance claim (E-A11Y-4)', () => {
  it('no review: no conformsTo, no certifier, the summary says so, the human checks are listed', () => {
    const f = accessibilityFacts([TEXT_ONLY], NAV, undefined);
    expect(f.conformsTo).toBeUndefined();
    expect(f.certifiedBy).toBeUndefined();
    expect(f.summary).toMatch(/not yet been reviewed by a person/);
    expect(f.summary).toMatch(/no conformance claim/);
    expect(f.gaps).toEqual(HUMAN_CHECKS);
  });

  it('an attested review: conformsTo, certifiedBy and the optional fields; no gaps', () => {
    const f = accessibilityFacts([TEXT_ONLY], NAV, { by: 'Jane Reviewer', date: '2024-03-20', credential: 'CPACC', report: 'https://example.org/report' });
    expect(f.conformsTo).toBe(CONFORMANCE);
    expect(CONFORMANCE).toBe('EPUB Accessibility 1.1 - WCAG 2.2 Level AA');
    expect(f.certifiedBy).toBe('Jane Reviewer');
    expect(f.certifierCredential).toBe('CPACC');
    expect(f.certifierReport).toBe('https://example.org/report');
    expect(f.summary).toMatch(/reviewed by Jane Reviewer on 2024-03-20/);
    expect(f.gaps).toEqual([]);
  });

  it('the same book gives the same facts (no clock, no randomness)', () => {
    expect(accessibilityFacts([WITH_IMAGE, TABLE_AND_LANG], NAV, undefined)).toEqual(accessibilityFacts([WITH_IMAGE, TABLE_AND_LANG], NAV, undefined));
  });
});

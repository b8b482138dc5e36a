/**
 * Accessibility facts computed from the book, never defaults (standards.md E-A11Y-3). The same
 * facts feed the OPF, the PDF's XMP and the plain-words statement on the metadata page.
 */
import type { AccessibilityFacts, AccessMode, Chapter, ReviewAttestation } from '../model/book.js';
import { blockInlines, chapterBlocks, inlinesOf } from './walk.js';
import { listWords } from '../model/list-words.js';

export interface StructureFacts {
  images: number;
  decorativeImages: number;
  imagesWithoutAlt: number;
  headings: number;
  skippedHeadingLevels: number;
  tables: number;
  languageSpans: number;
}

export function structureFacts(chapters: readonly Chapter[]): StructureFacts {
  const f: StructureFacts = { images: 0, decorativeImages: 0, imagesWithoutAlt: 0, headings: 0, skippedHeadingLevels: 0, tables: 0, languageSpans: 0 };
  for (const ch of chapters) {
    let level = 0;
    for (const b of chapterBlocks(ch)) {
      if (b.kind === 'heading') {
        f.headings++;
        if (b.level > level + 1) f.skippedHeadingLevels++;
        level = b.level;
      }
      if (b.kind === 'table') f.tables++;
      const imgs = b.kind === 'figure' ? [b.image] : [];
      for (const run of blockInlines(b)) for (const n of inlinesOf(run)) {
        if (n.kind === 'image') imgs.push(n.image);
        if (n.kind === 'span' && n.lang) f.languageSpans++;
      }
      for (const img of imgs) {
        if (img.decorative) f.decorativeImages++;
        else { f.images++; if (img.alt.trim() === '') f.imagesWithoutAlt++; }
      }
    }
  }
  return f;
}

export interface NavigationFacts { toc: boolean; pageList: boolean; pdfEdition: boolean }

export const CONFORMANCE = 'EPUB Accessibility 1.1 - WCAG 2.2 Level AA';

/** Things no machine can check (Matterhorn/standards §6); the metadata page lists them while no review is attested. */
export const HUMAN_CHECKS = [
  'that alternative text is meaningful and decorative images are decorative',
  'that the reading order is logical in both editions',
  'that headings and tags fit the meaning of the text',
  'that the language of each part is marked correctly',
  'that contrast is sufficient and colour never carries meaning alone',
  'that the accessibility summary and this page are true',
  'that the dates in the chronology are interpreted correctly',
];

export function accessibilityFacts(chapters: readonly Chapter[], nav: NavigationFacts, review: ReviewAttestation | undefined): AccessibilityFacts {
  const s = structureFacts(chapters);
  const modes: AccessMode[] = ['textual'];
  if (s.images > 0) modes.push('visual');
  const features: string[] = [];
  if (nav.toc) features.push('tableOfContents');
  if (s.headings > 0 && s.skippedHeadingLevels === 0) features.push('structuralNavigation');
  features.push('readingOrder');
  if (s.images > 0 && s.imagesWithoutAlt === 0) features.push('alternativeText');
  if (nav.pageList) features.push('pageNavigation', 'pageBreakMarkers');
  // Lectern's CSS sets no fixed sizes or colours that a reading system cannot override.
  features.push('displayTransformability');
  // Lectern writes no audio, video, animation or script: hazards are known to be absent.
  const hazards = ['none'];
  const sufficient: AccessMode[][] = s.imagesWithoutAlt === 0 ? [['textual']] : [];
  if (s.images > 0) sufficient.push(['textual', 'visual']);

  const parts: string[] = [];
  parts.push('This edition is text that a screen reader can read aloud in full, and that a reading system can resize and restyle.');
  const navs: string[] = [];
  if (nav.toc) navs.push('a table of contents');
  if (features.includes('structuralNavigation')) navs.push('headings that follow the structure of the text with no levels skipped');
  navs.push('a single logical reading order');
  if (nav.pageList) navs.push('page numbers that match the PDF edition');
  parts.push(`It has ${listWords(navs)}.`);
  if (s.images === 0 && s.decorativeImages === 0) parts.push('It contains no images.');
  else {
    const bits: string[] = [];
    if (s.images > 0) bits.push(`${s.images} ${s.images === 1 ? 'image' : 'images'}, each with a text description`);
    if (s.decorativeImages > 0) bits.push(`${s.decorativeImages} decorative ${s.decorativeImages === 1 ? 'image' : 'images'} that assistive technology skips`);
    parts.push(`It contains ${listWords(bits)}.`);
  }
  if (s.tables > 0) parts.push(`Its ${s.tables === 1 ? 'table has' : `${s.tables} tables have`} marked header cells.`);
  if (s.languageSpans > 0) parts.push('Passages in other languages are marked with their language.');
  parts.push('It has no sound, video, animation or flashing content.');
  const claimed = review !== undefined;
  if (claimed) parts.push(`It meets ${CONFORMANCE}, as reviewed by ${review.by} on ${review.date} after the automated checks (EPUBCheck, DAISY Ace and Lectern's own) passed.`);
  else parts.push(`It has passed automated checks but has not yet been reviewed by a person against ${CONFORMANCE}, so it makes no conformance claim.`);

  return {
    accessModes: modes,
    accessModeSufficient: sufficient,
    features,
    hazards,
    summary: parts.join(' '),
    ...(claimed ? {
      conformsTo: CONFORMANCE,
      certifiedBy: review.by,
      ...(review.credential ? { certifierCredential: review.credential } : {}),
      ...(review.report ? { certifierReport: review.report } : {}),
    } : {}),
    gaps: claimed ? [] : HUMAN_CHECKS,
  };
}


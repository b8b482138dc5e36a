/**
 * Enrich: manuscript -> Book. Everything both editions show is computed here, once: the title
 * page, the chronology, the metadata page, navigation and the accessibility facts.
 */
import type { Book, Chapter, RightsBlock } from '../model/book.js';
import { error, warning, type Diagnostic } from '../model/diagnostic.js';
import type { Manuscript } from '../manuscript/load.js';
import { accessibilityFacts } from './accessibility.js';
import { applyEventOverrides, buildChronologyAppendix, extractChronology } from './chronology/index.js';
import { generatedLanguage, metadataPage, titlePage } from './front-matter.js';
import { buildMeta, languageName } from './meta.js';
import { COVER_ID, coverAlt, generateCover } from './cover.js';
import type { FontFiles } from '../effects.js';
import type { ImageAsset } from '../model/book.js';
import { generatedAt } from '../model/position.js';
import { landmarks, tableOfContents } from './navigation.js';
import { blocksOf, chapterBlocks } from './walk.js';
import { plainText } from '../model/plain-text.js';
import { languageOfPartsDiagnostics } from './language-of-parts.js';
import { textDirection } from './direction.js';

export const TOC_TITLE = 'Contents';

export interface EnrichOptions {
  sourceDateEpoch: number | undefined;
  /**
   * Whether the EPUB will carry the PDF edition's page numbers (page-list and page-break
   * markers). The build always lays out the PDF first, so it is on unless a caller renders the
   * EPUB alone.
   */
  pageList?: boolean;
  /** Fonts for the generated cover; without them (and without a manuscript cover) there is no cover. */
  coverFonts?: FontFiles;
}

export function enrich(ms: Manuscript, options: EnrichOptions): { book: Book; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const meta = buildMeta(ms.config, options.sourceDateEpoch);
  diagnostics.push(...headingDiagnostics(ms.chapters));
  diagnostics.push(...languageOfPartsDiagnostics(ms.chapters, meta.language));

  const chrono = extractChronology(ms.chapters, { lang: meta.language });
  diagnostics.push(...chrono.diagnostics);
  const generatedLang = generatedLanguage(meta.language).page;
  if (generatedLang && !ms.eventsYaml) {
    diagnostics.push(warning('L-DATE', `dates are read in English text only, and this book is in ${languageName(meta.language)} (${meta.language}): its chronology holds only the dates written in numbers (2021-07-18, 25/12/2021)`, ms.configAt(['language']),
      'list the events the text tells in events.yaml (add:), or check the appendix with `lectern events`'));
  }
  let events = chrono.events;
  if (ms.eventsYaml) {
    const o = applyEventOverrides(events, ms.eventsYaml.text, ms.eventsYaml.file, { chapters: chrono.chapters });
    diagnostics.push(...o.diagnostics);
    events = o.events;
  }
  // the manuscript's documents in a language written right to left are laid out so
  const bookDir = textDirection(meta.language);
  const body: Chapter[] = chrono.chapters.map((ch) => ((ch.lang ? textDirection(ch.lang) : bookDir) === 'rtl' ? { ...ch, dir: 'rtl' as const } : ch));
  const rights = firstRights(body);
  diagnostics.push(...rightsDiagnostics(body, rights));
  const appendix = buildChronologyAppendix(events, { lang: meta.language, chapters: body });

  const title = titlePage(meta, ms.configAt);
  const images = new Map(ms.images);
  const coverAsset = images.get(COVER_ID) ?? (options.coverFonts ? generateCover(meta, options.coverFonts) : undefined);
  if (coverAsset) images.set(COVER_ID, coverAsset);
  const cover = coverAsset ? coverPage(coverAsset, ms.config.cover?.alt ?? coverAlt(meta)) : undefined;
  // The metadata page states the accessibility facts; compute them over every other document
  // first (the metadata page itself adds no images, tables or language spans).
  const withoutAbout = [...(cover ? [cover] : []), title, ...body, appendix];
  const pageList = options.pageList ?? true;
  const facts = accessibilityFacts(withoutAbout, { toc: true, pageList, pdfEdition: true }, meta.review);
  const pagination = pageList
    ? `Page numbers in the EPUB edition follow the PDF edition (${meta.pdfIdentifier}): page 5 in one is page 5 in the other.`
    : undefined;
  const about = metadataPage({ meta, facts, rights, configAt: ms.configAt, ...(pagination ? { pagination } : {}) });
  const chapters = [...(cover ? [cover] : []), title, about, ...body, appendix];

  return {
    book: {
      meta,
      chapters,
      images,
      ...(rights ? { rights } : {}),
      toc: tableOfContents(chapters),
      landmarks: landmarks(chapters, TOC_TITLE),
      accessibility: facts,
      chronology: events,
      ...(bookDir === 'rtl' ? { dir: 'rtl' as const } : {}),
      ...(generatedLang ? { generatedLang } : {}),
    },
    diagnostics,
  };
}

function firstRights(chapters: readonly Chapter[]): RightsBlock | undefined {
  for (const ch of chapters) for (const b of blocksOf(ch.blocks)) if (b.kind === 'rights') return b;
  return undefined;
}

/** A book has one copyright and attribution block; repeating it is fine, a different second one is not. */
function rightsDiagnostics(chapters: readonly Chapter[], first: RightsBlock | undefined): Diagnostic[] {
  if (!first) return [];
  const out: Diagnostic[] = [];
  const want = first.lines.join('\n');
  for (const ch of chapters) for (const b of blocksOf(ch.blocks)) {
    if (b.kind === 'rights' && b !== first && b.lines.join('\n') !== want) {
      out.push(error('L-RIGHTS', `this ::: rights block differs from the first one (${first.at.file}:${first.at.line}); a book has one rights block, which goes into dc:rights and the PDF's XMP`, b.at, 'merge the two blocks into one, or make them identical'));
    }
  }
  return out;
}

function headingDiagnostics(chapters: readonly Chapter[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const ch of chapters) {
    // A heading without words: a screen reader announces an empty heading, and the table of
    // contents and the PDF's bookmarks would have an entry without a label.
    for (const b of chapterBlocks(ch)) {
      if (b.kind === 'heading' && plainText(b.children).trim() === '') {
        out.push(error('L-HEADING', 'a heading has no text (an id or other attribute is not text)', b.at, 'write the words of the heading after the #, or remove the heading'));
      }
    }
    let level = 0;
    for (const b of ch.blocks) {
      if (b.kind !== 'heading') continue;
      if (b.level > level + 1) {
        out.push(warning('L-HEADING', `heading level ${b.level} follows level ${level || 'none'}: a level is skipped`, b.at,
          level === 0 ? 'start each chapter file with a # heading' : `use ${'#'.repeat(level + 1)} here`));
      }
      level = b.level;
    }
  }
  return out;
}

function coverPage(asset: ImageAsset, alt: string): Chapter {
  const at = generatedAt('cover');
  return {
    id: 'cover', role: 'cover', title: 'Cover', notes: [], at, generated: true,
    blocks: [{ kind: 'figure', id: 'cover-figure', image: { assetId: asset.id, alt, decorative: false, at }, at }],
  };
}

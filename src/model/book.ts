/**
 * Lectern's document model: one typed tree that every renderer reads. Parse builds it from
 * markdown-it tokens; enrich adds what Lectern generates (title page, metadata page, chronology,
 * navigation, accessibility facts). Renderers never see Markdown.
 */
import type { Position } from './position.js';

// ---------------------------------------------------------------- inline nodes

export interface TextNode { readonly kind: 'text'; readonly value: string }
export interface EmphasisNode { readonly kind: 'emphasis'; readonly children: readonly Inline[] }
export interface StrongNode { readonly kind: 'strong'; readonly children: readonly Inline[] }
export interface CodeNode { readonly kind: 'code'; readonly value: string }
export interface LineBreakNode { readonly kind: 'lineBreak' }

export type LinkTarget =
  | { readonly kind: 'external'; readonly href: string }
  /** A place inside the book: the chapter document and the id of an element in it (none = the top). */
  | { readonly kind: 'internal'; readonly chapterId: string; readonly anchor?: string };

export interface LinkNode {
  readonly kind: 'link';
  readonly target: LinkTarget;
  readonly title?: string;
  readonly children: readonly Inline[];
}

/** A run in another language or direction: `[buz]{lang=az}`. */
export interface SpanNode {
  readonly kind: 'span';
  readonly lang?: string;
  readonly dir?: 'ltr' | 'rtl';
  readonly children: readonly Inline[];
}

/** A date the chronology found in the text; `datetime` is yyyy, yyyy-mm or yyyy-mm-dd (a decade carries its first year). */
export interface TimeNode {
  readonly kind: 'time';
  readonly datetime: string;
  readonly children: readonly Inline[];
}

/** An inline image; a paragraph holding only an image becomes a FigureBlock. */
export interface ImageNode { readonly kind: 'image'; readonly image: ImageRef }

export interface NoteRefNode {
  readonly kind: 'noteRef';
  /** Id of the Note in the same chapter. */
  readonly noteId: string;
  /** Id of this reference (the back-link target). */
  readonly refId: string;
  readonly label: string;
}

export type Inline =
  | TextNode | EmphasisNode | StrongNode | CodeNode | LineBreakNode
  | LinkNode | SpanNode | TimeNode | ImageNode | NoteRefNode;

// ---------------------------------------------------------------- block nodes

interface BlockBase {
  /** Stable id, unique in the book, usable as an XHTML id and a PDF destination. */
  readonly id?: string;
  readonly at: Position;
}

/** A block's own language and direction: `… {lang=fa dir=rtl}` after a heading's or paragraph's
 * text, or on the line after a list or quotation. */
export interface BlockLanguage {
  readonly lang?: string;
  /** The block's base direction (right to left: set from the right margin, in both editions). */
  readonly dir?: 'ltr' | 'rtl';
}

export interface HeadingBlock extends BlockBase, BlockLanguage {
  readonly kind: 'heading';
  /** 1-6, after enrich the level inside its document (never skipping). */
  readonly level: number;
  readonly id: string;
  readonly children: readonly Inline[];
}

export interface ParagraphBlock extends BlockBase, BlockLanguage {
  readonly kind: 'paragraph';
  readonly id: string;
  readonly children: readonly Inline[];
  /** A role Lectern gives generated paragraphs: a byline, a subtitle. */
  readonly role?: 'byline' | 'subtitle';
}

export interface ListBlock extends BlockBase, BlockLanguage {
  readonly kind: 'list';
  readonly ordered: boolean;
  readonly start?: number;
  readonly items: readonly ListItem[];
}
export interface ListItem { readonly children: readonly Block[]; readonly at: Position }

export interface BlockquoteBlock extends BlockBase, BlockLanguage {
  readonly kind: 'blockquote';
  readonly children: readonly Block[];
}

export type CellAlign = 'left' | 'center' | 'right' | undefined;
export interface TableCell { readonly header: boolean; readonly align: CellAlign; readonly children: readonly Inline[] }
export interface TableRow { readonly cells: readonly TableCell[] }
export interface TableBlock extends BlockBase {
  readonly kind: 'table';
  readonly caption?: readonly Inline[];
  readonly head: readonly TableRow[];
  readonly body: readonly TableRow[];
}

export interface DefinitionItem { readonly term: readonly Inline[]; readonly definitions: readonly (readonly Block[])[] }
export interface DefinitionListBlock extends BlockBase {
  readonly kind: 'definitionList';
  readonly items: readonly DefinitionItem[];
}

export interface FigureBlock extends BlockBase {
  readonly kind: 'figure';
  readonly image: ImageRef;
  readonly caption?: readonly Inline[];
}

export interface CodeBlock extends BlockBase { readonly kind: 'codeBlock'; readonly value: string; readonly lang?: string }
export interface ThematicBreakBlock extends BlockBase { readonly kind: 'thematicBreak' }

/** The `::: rights` fence: lines exactly as in the manuscript, no Markdown applied. */
export interface RightsBlock extends BlockBase {
  readonly kind: 'rights';
  readonly lines: readonly string[];
  /** Set on a copy inside a page in another language (the About page of a book not in English). */
  readonly lang?: string;
}

export type Block =
  | HeadingBlock | ParagraphBlock | ListBlock | BlockquoteBlock | TableBlock | DefinitionListBlock
  | FigureBlock | CodeBlock | ThematicBreakBlock | RightsBlock;

// ---------------------------------------------------------------- resources

export interface ImageRef {
  /** Key into Book.images. */
  readonly assetId: string;
  readonly alt: string;
  readonly decorative: boolean;
  readonly title?: string;
  readonly at: Position;
}

export interface ImageAsset {
  readonly id: string;
  /** Path relative to the manuscript folder, as written in the Markdown (normalised). */
  readonly source: string;
  /** Name inside the EPUB (`images/…`). */
  readonly href: string;
  readonly mediaType: 'image/png' | 'image/jpeg' | 'image/gif' | 'image/svg+xml';
  readonly width: number;
  readonly height: number;
  readonly bytes: Uint8Array;
  /** For images Lectern draws itself (the generated cover): the same picture as filled outlines, for the PDF. */
  readonly vector?: { readonly width: number; readonly height: number; readonly shapes: readonly { readonly d: string; readonly fill: string }[] };
}

// ---------------------------------------------------------------- documents

/**
 * What a document is in the book. `cover`, `titlepage`, `colophon` (the "About this edition"
 * metadata page), `chapter` (body matter from the manuscript), `appendix` (the chronology).
 */
export type ChapterRole = 'cover' | 'titlepage' | 'colophon' | 'chapter' | 'appendix';

export interface Note {
  readonly id: string;
  readonly label: string;
  /** Ids of the references pointing at this note, for back-links. */
  readonly refIds: readonly string[];
  readonly children: readonly Block[];
  readonly at: Position;
}

export interface Chapter {
  /** Document id, also the XHTML file name without extension. */
  readonly id: string;
  readonly role: ChapterRole;
  /** Plain-text title for navigation. */
  readonly title: string;
  /** Set when the document's language differs from the book's. */
  readonly lang?: string;
  /** Set on a document of the manuscript whose language is written right to left (fa, ar, he…):
   * its blocks take right to left as their base direction (enrich/direction.ts). */
  readonly dir?: 'rtl';
  readonly blocks: readonly Block[];
  readonly notes: readonly Note[];
  /** The Markdown file it came from, or a generated position. */
  readonly at: Position;
  /** True for documents Lectern writes (title page, metadata page, chronology). */
  readonly generated: boolean;
}

// ---------------------------------------------------------------- metadata

export interface Creator {
  readonly name: string;
  /** MARC relator code: aut, edt, trl, ill, … */
  readonly role: string;
  readonly fileAs?: string;
}

export interface SourceInfo {
  readonly publication?: string;
  readonly place?: string;
  readonly geographicCode?: string;
  readonly date?: string;
  readonly distributors: readonly string[];
  readonly url?: string;
}

export interface ReviewAttestation {
  readonly by: string;
  readonly date: string;
  readonly credential?: string;
  readonly report?: string;
}

export interface BookMeta {
  readonly title: string;
  readonly subtitle?: string;
  readonly creators: readonly Creator[];
  /** BCP 47. */
  readonly language: string;
  /** `urn:uuid:…` or another URN; stable across builds. */
  readonly identifier: string;
  /** Publication date of the work, YYYY-MM-DD. */
  readonly date: string;
  /** This build's modification time, `YYYY-MM-DDThh:mm:ssZ` (SOURCE_DATE_EPOCH or the manuscript). */
  readonly modified: string;
  readonly publisher?: string;
  readonly source?: SourceInfo;
  readonly description?: string;
  readonly subjects: readonly string[];
  /** The author's attestation of the human accessibility review, if any. */
  readonly review?: ReviewAttestation;
  /** Identifier of the PDF edition (pagination source). */
  readonly pdfIdentifier: string;
  /** File name stem for the editions. */
  readonly slug: string;
}

// ---------------------------------------------------------------- enrichment results

export interface TocEntry extends BlockLanguage {
  readonly label: string;
  readonly chapterId: string;
  readonly anchor?: string;
  readonly level: number;
  readonly children: readonly TocEntry[];
}

export type LandmarkType = 'cover' | 'titlepage' | 'toc' | 'colophon' | 'bodymatter' | 'appendix';
export interface Landmark { readonly type: LandmarkType; readonly label: string; readonly chapterId: string; readonly anchor?: string }

export type AccessMode = 'textual' | 'visual';
export interface AccessibilityFacts {
  readonly accessModes: readonly AccessMode[];
  /** Each entry is one sufficient set, e.g. ['textual'] or ['textual', 'visual']. */
  readonly accessModeSufficient: readonly (readonly AccessMode[])[];
  readonly features: readonly string[];
  readonly hazards: readonly string[];
  /** Plain-words summary; the same text in OPF, XMP and the metadata page. */
  readonly summary: string;
  /** Set only with an attestation and passing gates. */
  readonly conformsTo?: string;
  readonly certifiedBy?: string;
  readonly certifierCredential?: string;
  readonly certifierReport?: string;
  /** Things a person must still review, shown on the metadata page. */
  readonly gaps: readonly string[];
}

export type DatePrecision = 'day' | 'month' | 'year' | 'decade';
export interface ChronologyEvent {
  /**
   * Valid HTML datetime: yyyy-mm-dd, yyyy-mm or yyyy. HTML has no decade syntax, so a decade
   * carries its first year (`1990`) with precision 'decade' and a label that says "1990s".
   */
  readonly datetime: string;
  readonly precision: DatePrecision;
  /** Human label for the date, e.g. "27 September 2020", "the 1990s". */
  readonly label: string;
  /** The sentence that tells the event, verbatim. */
  readonly sentence: string;
  readonly chapterId: string;
  /** Id of the paragraph that tells it. */
  readonly blockId: string;
  readonly at: Position;
}

export interface Book {
  readonly meta: BookMeta;
  /** Spine order. */
  readonly chapters: readonly Chapter[];
  readonly images: ReadonlyMap<string, ImageAsset>;
  /** The first `::: rights` block, if any: goes to dc:rights and the XMP. */
  readonly rights?: RightsBlock;
  readonly toc: readonly TocEntry[];
  readonly landmarks: readonly Landmark[];
  readonly accessibility: AccessibilityFacts;
  readonly chronology: readonly ChronologyEvent[];
  /** The language of Lectern's own words (English), set when the book is in another language:
   * renderers mark what they write themselves (the EPUB's navigation) with it. */
  readonly generatedLang?: string;
  /** Set when the book's language is written right to left (enrich/direction.ts): the editions
   * turn their pages from the right (the EPUB's page progression, the PDF's /Direction). */
  readonly dir?: 'rtl';
}

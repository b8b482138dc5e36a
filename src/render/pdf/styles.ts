/**
 * Page geometry and type styles of the PDF edition. Both the glyph check (fonts.ts) and the
 * layout read these, so a character is checked against the font it is drawn in.
 */
import type { ChapterRole, ParagraphBlock } from '../../model/book.js';

/** The faces text is set in: DejaVu Serif's four, and DejaVu Sans Mono for code. */
export type PrimaryKey = 'regular' | 'bold' | 'italic' | 'boldItalic' | 'mono';
/** DejaVu Sans's four faces, which draw the characters a primary face lacks (fonts.ts FALLBACK). */
export type FallbackKey = 'sans' | 'sansBold' | 'sansItalic' | 'sansBoldItalic';
export type FontKey = PrimaryKey | FallbackKey;

export interface TextStyle {
  readonly bold: boolean;
  readonly italic: boolean;
  readonly mono: boolean;
  /** Font size in points. */
  readonly size: number;
  /** Line height as a multiple of the size. */
  readonly leading: number;
}

export function fontKey(s: { bold: boolean; italic: boolean; mono: boolean }): PrimaryKey {
  if (s.mono) return 'mono';
  if (s.bold && s.italic) return 'boldItalic';
  if (s.bold) return 'bold';
  if (s.italic) return 'italic';
  return 'regular';
}

/** 6 × 9 in trade format. */
export const PAGE = {
  width: 432,
  height: 648,
  marginTop: 58,
  marginBottom: 62,
  marginLeft: 54,
  marginRight: 54,
  /** Baseline area of the running head and the folio. */
  headerY: 28,
  footerY: 648 - 40,
} as const;

const plain = { bold: false, italic: false, mono: false } as const;

export const BODY: TextStyle = { ...plain, size: 11, leading: 1.4 };
export const CODE: TextStyle = { ...plain, mono: true, size: 9.5, leading: 1.35 };
export const TABLE_CELL: TextStyle = { ...plain, size: 10, leading: 1.3 };
export const TABLE_HEAD: TextStyle = { ...TABLE_CELL, bold: true };
export const CAPTION: TextStyle = { ...plain, italic: true, size: 9.5, leading: 1.35 };
export const NOTE: TextStyle = { ...plain, size: 9.5, leading: 1.35 };
export const TERM: TextStyle = { ...BODY, bold: true };
export const RUNNING: TextStyle = { ...plain, italic: true, size: 8.5, leading: 1.2 };
export const FOLIO: TextStyle = { ...plain, size: 9, leading: 1.2 };

export function headingStyle(level: number, role: ChapterRole): TextStyle {
  const sizes = [20, 15, 13, 11.5, 11, 11];
  const size = sizes[Math.min(Math.max(level, 1), 6) - 1] ?? 11;
  return { bold: true, italic: false, mono: false, size: role === 'titlepage' && level === 1 ? 24 : size, leading: 1.25 };
}

export function paragraphStyle(p: ParagraphBlock, role: ChapterRole): TextStyle {
  if (p.role === 'subtitle') return { ...BODY, italic: true, size: 14 };
  if (p.role === 'byline') return { ...BODY, size: 13 };
  if (role === 'titlepage') return { ...BODY, size: 12 };
  return BODY;
}

/** Size of a note reference relative to its text, and how far it is raised. */
export const NOTE_REF = { scale: 0.7, rise: 0.38 } as const;

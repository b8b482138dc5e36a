import { formatPosition, type Position } from './position.js';

/**
 * Every problem Lectern reports. The code says what kind of problem; the README lists them.
 * `L-` codes mean the manuscript is wrong; `X-` codes mean an edition failed a check after it
 * was written; `I-` codes mean Lectern itself is wrong (please report).
 */
export const DIAGNOSTIC_CODES = {
  'L-IO': 'a manuscript file cannot be read',
  'L-UTF8': 'a file is not valid UTF-8 or holds NUL bytes',
  'L-YAML': 'book.yaml (or events.yaml) is not valid YAML',
  'L-META': 'book.yaml does not match its schema',
  'L-NOCHAPTERS': 'the manuscript has no chapter files',
  'L-PATH': 'a path leads outside the manuscript folder or is absolute',
  'L-REMOTE': 'a resource (image, font, stylesheet) is remote',
  'L-IMAGE': 'an image is missing, unreadable or not a supported image',
  'L-ALT': 'an image has no alternative text and is not marked decorative',
  'L-RIGHTS': 'the ::: rights fence is unclosed or malformed',
  'L-HEADING': 'a heading level is skipped, or a heading has no text',
  'L-ATTR': 'an attribute is not allowed',
  'L-FOOTNOTE': 'a footnote is referenced but not defined, or the reverse',
  'L-GLYPH': 'a character cannot be shown by the embedded fonts',
  'L-LANG': 'text in a script the book\'s language is not written in has no language of its own',
  'L-DATE': 'a date in the text is ambiguous or cannot be placed',
  'L-EVENTS': 'events.yaml does not match the text',
  'L-LIMIT': 'the manuscript exceeds a safety limit',
  'X-EPUB': 'the EPUB edition failed a check',
  'X-PDF': 'the PDF edition failed a check',
  'X-RIGHTS': 'the rights block is not reproduced verbatim in an edition',
  'X-PARITY': 'the two editions disagree',
  'X-VALIDATOR': 'an external validator (EPUBCheck, Ace) reported a problem or could not run',
  'I-BUG': 'Lectern itself failed: please report this as a bug',
} as const;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;
export type Severity = 'error' | 'warning';

export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  readonly message: string;
  /** Where in the manuscript; absent for problems with no source place (e.g. a whole edition). */
  readonly at?: Position;
  /** One line of advice. */
  readonly hint?: string;
}

export function error(code: DiagnosticCode, message: string, at?: Position, hint?: string): Diagnostic {
  return { code, severity: 'error', message, ...(at ? { at } : {}), ...(hint ? { hint } : {}) };
}

export function warning(code: DiagnosticCode, message: string, at?: Position, hint?: string): Diagnostic {
  return { code, severity: 'warning', message, ...(at ? { at } : {}), ...(hint ? { hint } : {}) };
}

export function formatDiagnostic(d: Diagnostic): string {
  const where = d.at ? `${formatPosition(d.at)}: ` : '';
  const hint = d.hint ? `\n  hint: ${d.hint}` : '';
  return `${where}${d.severity} ${d.code}: ${d.message}${hint}`;
}

/** Thrown to stop a build; carries every diagnostic gathered so far. */
export class LecternError extends Error {
  readonly diagnostics: readonly Diagnostic[];
  constructor(diagnostics: readonly Diagnostic[]) {
    super(diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic).join('\n') || 'build failed');
    this.name = 'LecternError';
    this.diagnostics = diagnostics;
  }
}

export function hasErrors(ds: readonly Diagnostic[]): boolean {
  return ds.some((d) => d.severity === 'error');
}

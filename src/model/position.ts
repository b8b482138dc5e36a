/** A place in the manuscript: file relative to the manuscript folder, 1-based line and column. */
export interface Position {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

export function formatPosition(pos: Position): string {
  return `${pos.file}:${pos.line}:${pos.column}`;
}

/** Nodes that Lectern itself generates (metadata page, appendix) point here. */
export function generatedAt(what: string): Position {
  return { file: `<lectern:${what}>`, line: 1, column: 1 };
}

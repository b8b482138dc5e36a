/** Printing diagnostics for people: `file:line:col: severity CODE: message`, a code frame, a hint. */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../model/diagnostic.js';
import { formatPosition } from '../model/position.js';

export function formatWithFrame(d: Diagnostic, manuscriptRoot: string | undefined): string {
  const where = d.at ? `${d.at.file.startsWith('<') || !manuscriptRoot ? d.at.file : path.join(path.relative(process.cwd(), manuscriptRoot) || '.', d.at.file)}:${d.at.line}:${d.at.column}: ` : '';
  let out = `${where}${d.severity} ${d.code}: ${d.message}`;
  const frame = d.at && manuscriptRoot ? codeFrame(path.join(manuscriptRoot, d.at.file), d.at.line, d.at.column) : '';
  if (frame) out += `\n${frame}`;
  if (d.hint) out += `\n  hint: ${d.hint}`;
  return out;
}

function codeFrame(file: string, line: number, column: number): string {
  let text: string;
  try {
    const buf = readFileSync(file);
    if (buf.length > 64 * 1024 * 1024) return '';
    text = buf.toString('utf8');
  } catch {
    return '';
  }
  const lines = text.split(/\r?\n/);
  const src = lines[line - 1];
  if (src === undefined) return '';
  const shown = src.length > 160 ? `${src.slice(0, 157)}...` : src;
  const num = String(line);
  const pad = ' '.repeat(num.length);
  return `  ${num} | ${shown}\n  ${pad} | ${' '.repeat(Math.max(0, Math.min(column - 1, 159)))}^`;
}

export function summaryLine(ds: readonly Diagnostic[]): string {
  const e = ds.filter((d) => d.severity === 'error').length;
  const w = ds.length - e;
  return `${e} error${e === 1 ? '' : 's'}, ${w} warning${w === 1 ? '' : 's'}`;
}

export function diagnosticJson(d: Diagnostic): Record<string, unknown> {
  return { code: d.code, severity: d.severity, message: d.message, ...(d.at ? { at: formatPosition(d.at), file: d.at.file, line: d.at.line, column: d.at.column } : {}), ...(d.hint ? { hint: d.hint } : {}) };
}

export function isDirectory(p: string): boolean {
  try { return statSync(p).isDirectory(); } catch { return false; }
}

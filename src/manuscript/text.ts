/** Manuscript text files: strict UTF-8, no NUL bytes; a BOM is dropped and CRLF becomes LF. */
import { error, type Diagnostic } from '../model/diagnostic.js';

export type DecodedText = { ok: true; text: string } | { ok: false; diagnostic: Diagnostic };

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

export function decodeText(bytes: Uint8Array, file: string): DecodedText {
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    const { line, column } = firstInvalidUtf8(bytes);
    return { ok: false, diagnostic: error('L-UTF8', `${file} is not valid UTF-8`, { file, line, column }, 'save the file as UTF-8') };
  }
  // Characters XML 1.0 cannot carry (NUL and the other C0 controls but tab and line breaks).
  const bad = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/.exec(text);
  if (bad) {
    const before = text.slice(0, bad.index);
    const line = before.split('\n').length;
    const column = bad.index - before.lastIndexOf('\n');
    const code = bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    const name = code === '0000' ? 'a NUL character' : `the control character U+${code}`;
    return { ok: false, diagnostic: error('L-UTF8', `${file} holds ${name}, which no edition can carry`, { file, line, column }) };
  }
  return { ok: true, text: text.replace(/\r\n?/g, '\n') };
}

function firstInvalidUtf8(bytes: Uint8Array): { line: number; column: number } {
  // Find the longest valid prefix by decoding progressively shorter pieces.
  let lo = 0;
  let hi = bytes.length;
  const probe = new TextDecoder('utf-8', { fatal: true });
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    try { probe.decode(bytes.subarray(0, mid)); lo = mid; } catch { hi = mid - 1; }
  }
  // lo bytes decode; a truncated sequence at the end can make a valid prefix fail, so back up to a boundary.
  let valid = '';
  for (let n = lo; n >= Math.max(0, lo - 4); n--) {
    try { valid = probe.decode(bytes.subarray(0, n)); break; } catch { /* keep backing up */ }
  }
  const lines = valid.split('\n');
  return { line: lines.length, column: (lines[lines.length - 1]?.length ?? 0) + 1 };
}

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
  // Byte 0x0A never occurs inside a multi-byte sequence, so each line can be decoded on its own.
  const probe = new TextDecoder('utf-8', { fatal: true });
  let start = 0;
  let line = 1;
  while (start <= bytes.length) {
    let end = bytes.indexOf(0x0a, start);
    if (end < 0) end = bytes.length;
    const piece = bytes.subarray(start, end);
    try {
      probe.decode(piece);
    } catch {
      // the first bad byte: the longest prefix of the line that decodes
      let ok = 0;
      for (let n = piece.length; n >= 0; n--) {
        try { probe.decode(piece.subarray(0, n)); ok = n; break; } catch { /* shorter */ }
      }
      const column = probe.decode(piece.subarray(0, ok)).length + 1;
      return { line, column };
    }
    start = end + 1;
    line++;
  }
  return { line: 1, column: 1 };
}

/**
 * Path safety: every file the build reads must be inside the manuscript folder. Absolute paths,
 * `..` that climbs out, URLs and symlinks that lead outside are refused.
 */
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { error, type Diagnostic, type DiagnosticCode } from '../model/diagnostic.js';
import type { Position } from '../model/position.js';

export type ResolvedPath = { ok: true; abs: string; rel: string } | { ok: false; diagnostic: Diagnostic };

const SCHEME = /^[a-zA-Z][a-zA-Z0-9+.-]*:/;

/** Resolve `ref` (as written in a manuscript file) against the manuscript root. */
export function resolveInside(root: string, ref: string, at: Position, what: string, missing: DiagnosticCode = 'L-IMAGE'): ResolvedPath {
  const trimmed = ref.trim();
  if (/^(https?:|ftp:)?\/\//i.test(trimmed) || /^(https?|ftp|data|blob):/i.test(trimmed)) {
    return { ok: false, diagnostic: error('L-REMOTE', `${what} "${ref}" is remote; resources must be files inside the manuscript folder`, at, 'download it into the manuscript folder (e.g. images/) and refer to it by a relative path') };
  }
  if (SCHEME.test(trimmed) && !/^[a-zA-Z]:[\\/]/.test(trimmed)) {
    return { ok: false, diagnostic: error('L-PATH', `${what} "${ref}" uses a URL scheme; only relative paths inside the manuscript folder are allowed`, at) };
  }
  let decoded = trimmed;
  try { decoded = decodeURIComponent(trimmed); } catch { /* keep as written */ }
  if (path.isAbsolute(decoded) || /^[a-zA-Z]:[\\/]/.test(decoded) || decoded.startsWith('\\')) {
    return { ok: false, diagnostic: error('L-PATH', `${what} "${ref}" is an absolute path; use a path relative to the manuscript folder`, at) };
  }
  const rootReal = realpathSync(root);
  const abs = path.resolve(rootReal, decoded);
  if (!isInside(rootReal, abs)) {
    return { ok: false, diagnostic: error('L-PATH', `${what} "${ref}" leads outside the manuscript folder`, at) };
  }
  let real: string;
  try {
    real = realpathSync(abs);
  } catch {
    return { ok: false, diagnostic: error(missing, `${what} "${ref}" does not exist`, at) };
  }
  if (!isInside(rootReal, real)) {
    return { ok: false, diagnostic: error('L-PATH', `${what} "${ref}" is a link that leads outside the manuscript folder`, at) };
  }
  return { ok: true, abs: real, rel: path.relative(rootReal, real).split(path.sep).join('/') };
}

export function isInside(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

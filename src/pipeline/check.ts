/** Check one edition by its bytes: Lectern's own checks, then the external validators. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { error, hasErrors, type Diagnostic } from '../model/diagnostic.js';
import { checkEpub } from '../verify/epub/check.js';
import { checkPdf } from '../verify/pdf/index.js';
import { runAce, runEpubcheck, type ValidatorRun } from '../verify/external.js';

export interface CheckOptions {
  /** Run EPUBCheck and Ace on an EPUB (default true). */
  readonly external?: boolean;
  /** A validator that cannot run is an error instead of a warning. */
  readonly requireExternal?: boolean;
  readonly rightsLines?: readonly string[];
}

export interface CheckResult {
  readonly ok: boolean;
  readonly diagnostics: readonly Diagnostic[];
  readonly validators: readonly ValidatorRun[];
  /** True when the failure is only that a required validator could not run. */
  readonly unavailable: boolean;
}

export async function check(file: string, bytes: Uint8Array, options: CheckOptions = {}): Promise<CheckResult> {
  const diagnostics: Diagnostic[] = [];
  const validators: ValidatorRun[] = [];
  const expect = options.rightsLines ? { rightsLines: options.rightsLines } : {};
  const kind = sniff(bytes);
  if (kind === 'epub') {
    diagnostics.push(...await checkEpub(bytes, expect));
    if (options.external !== false) {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'lectern-check-'));
      try {
        const p = path.join(dir, path.basename(file).replace(/[^\w.-]/g, '_') || 'book.epub');
        await writeFile(p, bytes);
        validators.push(await runEpubcheck(p), await runAce(p));
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }
  } else if (kind === 'pdf') {
    diagnostics.push(...await checkPdf(bytes, expect));
  } else {
    diagnostics.push(error('X-EPUB', `${file} is neither an EPUB (zip) nor a PDF`));
  }
  let unavailable = false;
  for (const v of validators) {
    if (v.ran) diagnostics.push(...v.diagnostics);
    else if (options.requireExternal) {
      unavailable = !hasErrors(diagnostics);
      diagnostics.push(...v.diagnostics.map((d) => ({ ...d, severity: 'error' as const })));
    } else diagnostics.push(...v.diagnostics);
  }
  const ok = !hasErrors(diagnostics) && validators.every((v) => v.passed || (!v.ran && !options.requireExternal));
  return { ok, diagnostics, validators, unavailable: unavailable && !ok };
}

/** What a file is, by its first bytes. */
export function sniff(bytes: Uint8Array): 'epub' | 'pdf' | 'unknown' {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) return 'epub';
  if (bytes[0] === 0x25 && bytes[1] === 0x50 && bytes[2] === 0x44 && bytes[3] === 0x46) return 'pdf';
  return 'unknown';
}

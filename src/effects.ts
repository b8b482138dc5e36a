/**
 * Every side effect the build needs comes in through here: the clock (SOURCE_DATE_EPOCH), the
 * file system and the fonts. Tests pass their own; nothing deeper imports `fs` or reads `Date.now`.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { TEMPLATES } from './code-files.js';

export interface FontFiles {
  readonly regular: Uint8Array;
  readonly bold: Uint8Array;
  readonly italic: Uint8Array;
  readonly boldItalic: Uint8Array;
  readonly mono: Uint8Array;
  /** DejaVu Sans, for the characters DejaVu Serif (or Sans Mono) lacks: ★ ✓ ☐ ⚠ and others. */
  readonly sans: Uint8Array;
  readonly sansBold: Uint8Array;
  readonly sansItalic: Uint8Array;
  readonly sansBoldItalic: Uint8Array;
}

export interface Effects {
  /** SOURCE_DATE_EPOCH in seconds, when set. */
  readonly sourceDateEpoch: number | undefined;
  readFile(absPath: string): Promise<Uint8Array>;
  /** The TTF fonts the PDF embeds (DejaVu Serif, Sans Mono and Sans, from the dejavu-fonts-ttf npm package). */
  fonts(): Promise<FontFiles>;
  /** A file from Lectern's own templates/ folder (EPUB templates, CSS, the web page). */
  template(name: string): Promise<string>;
}

const templateCache = new Map<string, Promise<string>>();

export function packageTemplate(name: string): Promise<string> {
  let p = templateCache.get(name);
  if (!p) {
    p = readFile(new URL(name, TEMPLATES), 'utf8');
    templateCache.set(name, p);
  }
  return p;
}

const require = createRequire(import.meta.url);

let fontCache: Promise<FontFiles> | undefined;

export function dejavuFonts(): Promise<FontFiles> {
  fontCache ??= (async () => {
    const dir = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
    const load = async (name: string) => new Uint8Array(await readFile(path.join(dir, name)));
    const [regular, bold, italic, boldItalic, mono, sans, sansBold, sansItalic, sansBoldItalic] = await Promise.all([
      load('DejaVuSerif.ttf'),
      load('DejaVuSerif-Bold.ttf'),
      load('DejaVuSerif-Italic.ttf'),
      load('DejaVuSerif-BoldItalic.ttf'),
      load('DejaVuSansMono.ttf'),
      load('DejaVuSans.ttf'),
      load('DejaVuSans-Bold.ttf'),
      load('DejaVuSans-Oblique.ttf'),
      load('DejaVuSans-BoldOblique.ttf'),
    ]);
    return { regular, bold, italic, boldItalic, mono, sans, sansBold, sansItalic, sansBoldItalic };
  })();
  return fontCache;
}

export function parseSourceDateEpoch(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  if (!/^\d+$/.test(value.trim())) throw new Error(`SOURCE_DATE_EPOCH must be a whole number of seconds, got "${value}"`);
  return Number(value.trim());
}

export function nodeEffects(env: NodeJS.ProcessEnv = process.env): Effects {
  return {
    sourceDateEpoch: parseSourceDateEpoch(env.SOURCE_DATE_EPOCH),
    readFile: async (p) => new Uint8Array(await readFile(p)),
    fonts: dejavuFonts,
    template: packageTemplate,
  };
}

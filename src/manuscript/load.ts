/**
 * Load a manuscript folder: book.yaml, the chapter files (in `contents:` order or by file name),
 * and the images they mention, all read through Effects and all inside the folder.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { imageSize } from 'image-size';
import type { Chapter, ImageAsset } from '../model/book.js';
import { error, type Diagnostic } from '../model/diagnostic.js';
import type { Position } from '../model/position.js';
import type { Effects } from '../effects.js';
import { parseChapter, type ImageMention } from '../parse/to-model.js';
import { parseBookYaml, type BookYaml } from './book-yaml.js';
import { checkAnchors } from './anchors.js';
import { resolveInside } from './paths.js';
import { decodeText } from './text.js';

export interface Manuscript {
  readonly root: string;
  readonly config: BookYaml;
  readonly chapters: readonly Chapter[];
  readonly images: ReadonlyMap<string, ImageAsset>;
  /** Where a key of book.yaml is written (for problems found in text taken from it). */
  readonly configAt: (path: readonly (string | number)[]) => Position;
  /** Raw text of events.yaml when the manuscript has one. */
  readonly eventsYaml?: { text: string; file: string };
  readonly diagnostics: readonly Diagnostic[];
}

export type LoadResult = { ok: true; manuscript: Manuscript } | { ok: false; diagnostics: Diagnostic[] };

export const LIMITS = {
  chapterBytes: 64 * 1024 * 1024,
  imageBytes: 32 * 1024 * 1024,
  imagePixels: 100_000_000,
  chapters: 5_000,
} as const;

const top = (file: string): Position => ({ file, line: 1, column: 1 });

export async function loadManuscript(dir: string, effects: Effects): Promise<LoadResult> {
  const root = path.resolve(dir);
  const diagnostics: Diagnostic[] = [];
  let isDir = false;
  try { isDir = statSync(root).isDirectory(); } catch { /* reported below */ }
  if (!isDir) return { ok: false, diagnostics: [error('L-IO', `manuscript folder "${dir}" does not exist`, top(dir))] };

  const bookFile = 'book.yaml';
  const bookPath = resolveInside(root, bookFile, top(bookFile), 'book.yaml', 'L-IO');
  if (!bookPath.ok) return { ok: false, diagnostics: [error('L-IO', `${dir} has no book.yaml`, top(bookFile), 'lectern init makes one')] };
  const bookText = decodeText(await effects.readFile(bookPath.abs), bookFile);
  if (!bookText.ok) return { ok: false, diagnostics: [bookText.diagnostic] };
  const parsedYaml = parseBookYaml(bookText.text, bookFile);
  if (!parsedYaml.ok) return { ok: false, diagnostics: parsedYaml.diagnostics };
  const config = parsedYaml.value;
  const yamlAt = parsedYaml.at;

  // ---- chapter files
  const files = config.contents ?? listMarkdown(root);
  if (files.length === 0) {
    return { ok: false, diagnostics: [error('L-NOCHAPTERS', 'the manuscript has no chapter files (*.md)', top(bookFile), 'add a Markdown file beside book.yaml, or list files under contents:')] };
  }
  if (files.length > LIMITS.chapters) return { ok: false, diagnostics: [error('L-LIMIT', `more than ${LIMITS.chapters} chapter files`, top(bookFile))] };
  const chapterIds = new Map<string, string>();
  const taken = new Set(['titlepage', 'about', 'chronology', 'toc', 'nav', 'cover']);
  const resolved: { rel: string; abs: string; id: string }[] = [];
  for (const [i, f] of files.entries()) {
    const r = resolveInside(root, f, config.contents ? yamlAt(['contents', i]) : top(f), 'chapter file', 'L-IO');
    if (!r.ok) { diagnostics.push(r.diagnostic); continue; }
    let id = `ch-${r.rel.replace(/\.md$/i, '').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').toLowerCase() || 'x'}`;
    while (taken.has(id)) id += '-x';
    taken.add(id);
    chapterIds.set(r.rel, id);
    resolved.push({ rel: r.rel, abs: r.abs, id });
  }

  // ---- parse chapters, collecting image mentions
  const usedIds = new Set<string>(taken);
  const mentions = new Map<string, { id: string; first: ImageMention }>();
  const chapters: Chapter[] = [];
  for (const f of resolved) {
    const st = statSync(f.abs);
    if (st.size > LIMITS.chapterBytes) { diagnostics.push(error('L-LIMIT', `${f.rel} is larger than ${LIMITS.chapterBytes / 1024 / 1024} MB`, top(f.rel))); continue; }
    const text = decodeText(await effects.readFile(f.abs), f.rel);
    if (!text.ok) { diagnostics.push(text.diagnostic); continue; }
    const parsed = parseChapter(text.text, {
      file: f.rel, chapterId: f.id, chapterIds, usedIds,
      imageAsset: (m) => {
        // One asset per file, however the path is written (./images/a.png, images/a.png).
        let key = m.src;
        try { key = path.posix.normalize(decodeURI(m.src)); } catch { /* keep as written */ }
        let entry = mentions.get(key);
        if (!entry) { entry = { id: `img${mentions.size + 1}`, first: m }; mentions.set(key, entry); }
        return entry.id;
      },
    });
    diagnostics.push(...parsed.diagnostics);
    chapters.push(parsed.chapter);
  }

  diagnostics.push(...checkAnchors(chapters));

  // ---- images
  const images = new Map<string, ImageAsset>();
  for (const { id, first } of mentions.values()) {
    // Resolved (and reported) as the author wrote it; the normalised key only merges duplicates.
    const asset = await loadImage(root, first.src, id, first.at, effects);
    if ('diagnostic' in asset) diagnostics.push(asset.diagnostic);
    else images.set(id, asset);
  }

  // ---- the cover, when the manuscript brings one
  if (config.cover) {
    const asset = await loadImage(root, config.cover.image, 'cover-image', yamlAt(['cover', 'image']), effects);
    if ('diagnostic' in asset) diagnostics.push(asset.diagnostic);
    else images.set('cover-image', asset);
  }

  // ---- events.yaml (optional)
  let eventsYaml: Manuscript['eventsYaml'];
  const ev = resolveInside(root, 'events.yaml', top('events.yaml'), 'events.yaml', 'L-IO');
  if (ev.ok) {
    const t = decodeText(await effects.readFile(ev.abs), 'events.yaml');
    if (t.ok) eventsYaml = { text: t.text, file: 'events.yaml' };
    else diagnostics.push(t.diagnostic);
  } else if (ev.diagnostic.code === 'L-PATH') {
    diagnostics.push(ev.diagnostic); // a link that leads outside is refused, not ignored
  }

  if (diagnostics.some((d) => d.severity === 'error')) return { ok: false, diagnostics };
  return { ok: true, manuscript: { root, config, configAt: yamlAt, chapters, images, ...(eventsYaml ? { eventsYaml } : {}), diagnostics } };
}

function listMarkdown(root: string): string[] {
  return readdirSync(root, { withFileTypes: true })
    .filter((e) => (e.isFile() || e.isSymbolicLink()) && /\.md$/i.test(e.name) && !/^readme\.md$/i.test(e.name) && !e.name.startsWith('_') && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

const MEDIA: Record<string, ImageAsset['mediaType']> = { png: 'image/png', jpg: 'image/jpeg' };

async function loadImage(root: string, src: string, id: string, at: Position, effects: Effects): Promise<ImageAsset | { diagnostic: Diagnostic }> {
  const r = resolveInside(root, src, at, 'image', 'L-IMAGE');
  if (!r.ok) return { diagnostic: r.diagnostic };
  const st = statSync(r.abs);
  if (!st.isFile()) return { diagnostic: error('L-IMAGE', `image "${src}" is not a file`, at) };
  if (st.size > LIMITS.imageBytes) return { diagnostic: error('L-LIMIT', `image "${src}" is larger than ${LIMITS.imageBytes / 1024 / 1024} MB`, at) };
  const bytes = await effects.readFile(r.abs);
  let info: { type?: string; width?: number; height?: number };
  try {
    info = imageSize(bytes);
  } catch {
    return { diagnostic: error('L-IMAGE', `image "${src}" is not a PNG or JPEG image (or it is damaged)`, at) };
  }
  const type = info.type === 'jpg' ? 'jpg' : info.type;
  const mediaType = type ? MEDIA[type] : undefined;
  if (!mediaType || !info.width || !info.height) {
    return { diagnostic: error('L-IMAGE', `image "${src}" is ${info.type ?? 'of an unknown type'}; Lectern takes PNG and JPEG`, at) };
  }
  if (info.width * info.height > LIMITS.imagePixels) {
    return { diagnostic: error('L-LIMIT', `image "${src}" has ${info.width}×${info.height} pixels, more than ${LIMITS.imagePixels}`, at) };
  }
  const problem = mediaType === 'image/png' ? pngProblem(bytes) : undefined;
  if (problem === 'damaged') return { diagnostic: error('L-IMAGE', `image "${src}" is a damaged PNG`, at) };
  if (problem === 'animated') {
    // reading systems would play it, the PDF cannot, and the editions' accessibility metadata
    // states that they hold no animation (no hazard): an animation needs its own review
    return { diagnostic: error('L-IMAGE', `image "${src}" is an animated PNG; Lectern's editions hold still images only`, at, 'use one still frame of it (the PDF cannot play it, and an animation can be a flashing hazard)') };
  }
  return { id, source: r.rel, href: `images/${id}.${type === 'jpg' ? 'jpg' : 'png'}`, mediaType, width: info.width, height: info.height, bytes };
}

/** PNG structure check: 'damaged' unless the signature is right and the chunks are whole and end
 * in IEND after an IDAT; 'animated' for an APNG (an acTL chunk). */
function pngProblem(b: Uint8Array): 'damaged' | 'animated' | undefined {
  const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (b.length < 8 || sig.some((v, i) => b[i] !== v)) return 'damaged';
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let p = 8;
  let idat = false;
  let animated = false;
  while (p + 8 <= b.length) {
    const len = dv.getUint32(p);
    const type = String.fromCharCode(b[p + 4]!, b[p + 5]!, b[p + 6]!, b[p + 7]!);
    if (p + 12 + len > b.length) return 'damaged';
    if (type === 'IDAT') idat = true;
    if (type === 'acTL') animated = true;
    if (type === 'IEND') return !idat ? 'damaged' : animated ? 'animated' : undefined;
    p += 12 + len;
  }
  return 'damaged';
}

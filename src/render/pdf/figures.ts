/**
 * Images: a Figure element with /Alt and a BBox (stack-notes: pdfkit needs bbox), its caption in
 * a Caption next to it inside a Div; a decorative image is an Artifact. The figure and its
 * caption are kept on one page. An inline image is drawn as a figure after its paragraph.
 */
import type { ImageAsset, ImageRef, Inline } from '../../model/book.js';
import { warning } from '../../model/diagnostic.js';
import { artifact, drawRule } from './artifacts.js';
import type { Env } from './blocks.js';
import { flattenInlines, type Item } from './inlines.js';
import type { Layout } from './layout.js';
import type { SourceRef } from './page-map.js';
import { CAPTION } from './styles.js';

const PX_TO_PT = 0.75;

interface OpenedImage { readonly width: number; readonly height: number }

type Vector = NonNullable<ImageAsset['vector']>;

/** Draw an image Lectern made itself (the cover) as filled outlines, scaled into the box. */
function drawVector(L: Layout, v: Vector, x: number, y: number, w: number, h: number): void {
  const doc = L.doc as unknown as {
    save(): unknown; restore(): unknown; translate(x: number, y: number): unknown; scale(s: number): unknown;
    fillColor(c: string): unknown; path(d: string): { fill(): unknown };
  };
  doc.save();
  doc.translate(x, y);
  doc.scale(Math.min(w / v.width, h / v.height));
  for (const s of v.shapes) {
    // colour first, then the path (stack-notes: no colour operators inside a path)
    doc.fillColor(s.fill);
    doc.path(s.d).fill();
  }
  doc.restore();
}

const opened = new WeakMap<Layout, Map<string, OpenedImage | null>>();

function openImage(L: Layout, env: Env, ref: ImageRef): OpenedImage | null {
  let cache = opened.get(L);
  if (!cache) { cache = new Map(); opened.set(L, cache); }
  if (cache.has(ref.assetId)) return cache.get(ref.assetId) ?? null;
  const asset = env.book.images.get(ref.assetId);
  let img: OpenedImage | null = null;
  if (!asset) {
    L.diagnostics.push(warning('L-IMAGE', `image "${ref.assetId}" is not in the book; the PDF shows its alternative text only`, ref.at));
  } else if (asset.vector) {
    img = { width: asset.vector.width, height: asset.vector.height };
  } else if (asset.mediaType !== 'image/png' && asset.mediaType !== 'image/jpeg') {
    L.diagnostics.push(warning('L-IMAGE', `${asset.source}: ${asset.mediaType} images cannot be placed in the PDF edition; it shows the alternative text only`, ref.at, 'use a PNG or JPEG image'));
  } else {
    try {
      img = L.doc.openImage(asset.bytes);
    } catch (e) {
      L.diagnostics.push(warning('L-IMAGE', `${asset.source}: the image cannot be decoded for the PDF (${String(e)})`, ref.at));
    }
  }
  cache.set(ref.assetId, img);
  return img;
}

export function renderFigure(L: Layout, ref: ImageRef, caption: readonly Inline[] | undefined, env: Env, src: SourceRef, dests: readonly string[]): void {
  const img = openImage(L, env, ref);
  const asset = env.book.images.get(ref.assetId);
  // The cover fills the page's text area; other figures take at most 60% of it.
  const maxH = (L.bottom - L.top) * (env.chapter.role === 'cover' ? 0.98 : 0.6);
  let w = (asset?.width ?? 200) * PX_TO_PT * (env.chapter.role === 'cover' ? 4 : 1);
  let h = (asset?.height ?? 60) * PX_TO_PT * (env.chapter.role === 'cover' ? 4 : 1);
  if (!img) { w = Math.min(env.width, 200); h = 40; }
  const scale = Math.min(1, env.width / w, maxH / h);
  w *= scale;
  h *= scale;
  const capItems: Item[] = caption ? flattenInlines(caption, CAPTION, { chapterId: env.chapter.id, keys: L.keys }) : [];
  const capLines = L.breakLines(capItems, env.width);
  const capH = capLines.reduce((s, l) => s + L.lineHeight(l, CAPTION), 0);
  L.space(4);
  L.ensureSpace(h + 6 + capH);
  for (const d of dests) L.dest(d);
  const x = env.x + (env.width - w) / 2;
  const y = L.y;
  const group = capLines.length > 0 ? L.lazy('Div', env.parent) : env.parent;
  L.lineTop = y;
  L.lineBaseline = y + CAPTION.size;
  if (ref.decorative) {
    if (img && asset?.vector) { const v = asset.vector; artifact(L.doc, 'Layout', () => { drawVector(L, v, x, y, w, h); }); }
    else if (img) artifact(L.doc, 'Layout', () => { L.doc.image(img, x, y, { width: w, height: h }); });
  } else {
    const fig = L.lazy('Figure', group, { alt: ref.alt, bbox: [x, y, x + w, y + h], placement: 'Block' });
    const el = L.ensure(fig);
    if (img && asset?.vector) { const v = asset.vector; el.add(() => { drawVector(L, v, x, y, w, h); }); }
    else if (img) el.add(() => { L.doc.image(img, x, y, { width: w, height: h }); });
    else {
      // no drawable image: a frame (artifact) where it would be; the alt text is in /Alt
      drawRule(L.doc, x, x + w, y);
      drawRule(L.doc, x, x + w, y + h);
    }
    L.end(fig);
    // a figure is reproduced content: a page that starts with it starts at its caption
    L.pageMap.content(src, 0);
  }
  L.y = y + h + 6;
  if (capLines.length > 0) {
    const cap = L.lazy('Caption', group);
    L.drawText(capLines, { owner: cap, x: env.x, width: env.width, style: CAPTION, src, align: 'left', at: ref.at });
    L.end(cap);
    L.end(group);
  }
  L.y += 6;
}

/** Images inside a paragraph's inlines: drawn after it, each as its own figure. */
export function renderInlineImages(L: Layout, items: readonly Item[], env: Env, src: SourceRef): void {
  for (const item of items) {
    if (item.type === 'image') renderFigure(L, item.image, undefined, env, src, []);
  }
}

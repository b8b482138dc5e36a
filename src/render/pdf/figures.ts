/**
 * Images: a Figure element with /Alt and a BBox (stack-notes: pdfkit needs bbox), its caption in
 * a Caption next to it inside a Div; a decorative image is an Artifact. The figure and its
 * caption are kept on one page. An image inside text is drawn in its line, as an inline Figure
 * (inlineImageBox sizes it; Layout.drawLineAt places it).
 */
import type { ImageAsset, ImageRef, Inline } from '../../model/book.js';
import { warning } from '../../model/diagnostic.js';
import { artifact, drawRule } from './artifacts.js';
import type { Env } from './blocks.js';
import { flattenInlines, type InlineBox, type Item } from './inlines.js';
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

function openImage(L: Layout, images: ReadonlyMap<string, ImageAsset>, ref: ImageRef): OpenedImage | null {
  let cache = opened.get(L);
  if (!cache) { cache = new Map(); opened.set(L, cache); }
  if (cache.has(ref.assetId)) return cache.get(ref.assetId) ?? null;
  const asset = images.get(ref.assetId);
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
  const img = openImage(L, env.book.images, ref);
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

/**
 * An image inside text: its natural size (CSS pixels at 0.75 pt), scaled down to fit `maxWidth`
 * and two fifths of the page's text height. An image that cannot be drawn takes no room; its
 * Figure and alt text still stand where it is in the text.
 */
export function inlineImageBox(L: Layout, images: ReadonlyMap<string, ImageAsset>, ref: ImageRef, maxWidth: number): InlineBox {
  const img = openImage(L, images, ref);
  const asset = images.get(ref.assetId);
  if (!img || !asset) return { width: 0, height: 0, draw: null };
  let w = asset.width * PX_TO_PT;
  let h = asset.height * PX_TO_PT;
  const scale = Math.min(1, maxWidth / w, ((L.bottom - L.top) * 0.4) / h);
  w *= scale;
  h *= scale;
  const vector = asset.vector;
  const draw = vector
    ? (x: number, y: number): void => { drawVector(L, vector, x, y, w, h); }
    : (x: number, y: number): void => { L.doc.image(img, x, y, { width: w, height: h }); };
  return { width: w, height: h, draw };
}

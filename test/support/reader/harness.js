/*
 * The test's handle on epub.js: open a book, display a target (a spine href, a TOC href, a CFI),
 * and report which text is visible inside the viewer, so tests check what a reader sees, not
 * just what the document contains.
 */
/* global ePub */
(function () {
  'use strict';
  let book;
  let rendition;
  const bar = document.getElementById('bar');
  const frames = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));

  function flatten(items, depth) {
    const out = [];
    for (const it of items || []) {
      out.push({ label: (it.label || '').trim(), href: it.href, depth });
      out.push(...flatten(it.subitems, depth + 1));
    }
    return out;
  }

  /** Block-level elements of every displayed document, with how much of each is in the viewer. */
  function visible() {
    const viewer = document.getElementById('viewer').getBoundingClientRect();
    const blocks = [];
    for (const contents of rendition.getContents()) {
      const doc = contents.document;
      const frame = doc.defaultView.frameElement.getBoundingClientRect();
      for (const el of doc.body.querySelectorAll('h1, h2, h3, h4, h5, h6, p, li, dt, dd, figcaption, caption, th, td')) {
        if (el.querySelector('p, li, dt, dd')) continue; // report the innermost blocks only
        const rects = [...el.getClientRects()].filter((r) => r.width > 0 && r.height > 0);
        if (rects.length === 0) continue;
        const inside = rects.filter((r) => {
          const left = frame.left + r.left;
          const right = frame.left + r.right;
          const top = frame.top + r.top;
          const bottom = frame.top + r.bottom;
          return left >= viewer.left - 1 && right <= viewer.right + 1 && bottom > viewer.top && top < viewer.bottom;
        });
        if (inside.length === 0) continue;
        blocks.push({ tag: el.tagName.toLowerCase(), id: el.id || undefined, text: el.textContent, whole: inside.length === rects.length });
      }
    }
    const loc = rendition.currentLocation();
    return { href: loc && loc.start ? loc.start.href : undefined, page: loc && loc.start ? loc.start.displayed : undefined, blocks };
  }

  /** Whether `needle` occurs in a single text node of a displayed document and every box of it is inside the viewer. */
  function shows(needle) {
    const viewer = document.getElementById('viewer').getBoundingClientRect();
    let found = false;
    for (const contents of rendition.getContents()) {
      const doc = contents.document;
      const frame = doc.defaultView.frameElement.getBoundingClientRect();
      const walker = doc.createTreeWalker(doc.body, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const at = n.data.indexOf(needle);
        if (at < 0) continue;
        found = true;
        const range = doc.createRange();
        range.setStart(n, at);
        range.setEnd(n, at + needle.length);
        const rects = [...range.getClientRects()].filter((r) => r.width > 0);
        const inside = rects.length > 0 && rects.every((r) => frame.left + r.left >= viewer.left - 1 && frame.left + r.right <= viewer.right + 1
          && frame.top + r.top >= viewer.top - 1 && frame.top + r.bottom <= viewer.bottom + 1);
        if (inside) return { found: true, visible: true };
      }
    }
    return { found, visible: false };
  }

  /** After a display or a page turn: wait for layout, show where we are in the status bar. */
  async function settled() {
    await frames();
    const v = visible();
    bar.textContent = `${book.packaging.metadata.title} · ${v.href}${v.page ? ` · page ${v.page.page} of ${v.page.total}` : ''}`;
    return v;
  }

  window.harness = {
    shows,
    async open(url) {
      book = ePub(url);
      const viewer = document.getElementById('viewer');
      rendition = book.renderTo(viewer, { width: '100%', height: '100%', flow: 'paginated', spread: 'none', allowScriptedContent: false });
      await book.ready;
      const nav = await book.loaded.navigation;
      const meta = await book.loaded.metadata;
      bar.textContent = meta.title;
      return {
        title: meta.title,
        language: meta.language,
        identifier: meta.identifier,
        spine: book.spine.spineItems.map((s) => s.href),
        toc: flatten(nav.toc, 0),
      };
    },
    async display(target) {
      await rendition.display(target);
      return settled();
    },
    async next() {
      await rendition.next();
      return settled();
    },
    visible,
  };
})();

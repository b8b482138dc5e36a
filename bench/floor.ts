/**
 * The floor for a size: pdfkit laying out the same paragraphs as tagged P elements with the same
 * font, and jszip deflating the same XHTML documents. Run in its own process; prints JSON.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import JSZip from 'jszip';

const require = createRequire(import.meta.url);
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the benchmark drives pdfkit's plain API
const PDFDocument = require('pdfkit') as new (o: object) => any;
const [paragraphsFile, epubFile] = process.argv.slice(2);
const paragraphs: string[] = JSON.parse(readFileSync(paragraphsFile!, 'utf8'));
const font = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf', 'DejaVuSerif.ttf');

const t0 = performance.now();
const doc = new PDFDocument({ pdfVersion: '1.7', tagged: true, subset: 'PDF/UA', lang: 'en', displayTitle: true, size: 'A5', margin: 54, font, info: { Title: 'floor', CreationDate: new Date(0), ModDate: new Date(0) } });
const chunks: Buffer[] = [];
doc.on('data', (c: Buffer) => { chunks.push(c); });
const done = new Promise<void>((resolve) => doc.on('end', () => resolve()));
const root = doc.struct('Document');
doc.addStructure(root);
doc.fontSize(11);
for (const p of paragraphs) {
  const el = doc.struct('P', () => { doc.text(`${p} `, { align: 'left', lineGap: 4 }); doc.moveDown(0.5); });
  root.add(el);
  el.end();
}
root.end();
doc.end();
await done;
const pdfMs = performance.now() - t0;
const pages = (doc as unknown as { _root: { data: { Pages: { data: { Count: number } } } } })._root.data.Pages.data.Count;

const t1 = performance.now();
const src = await JSZip.loadAsync(readFileSync(epubFile!));
const zip = new JSZip();
for (const f of Object.values(src.files)) if (!f.dir) zip.file(f.name, await f.async('uint8array'));
await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
const zipMs = performance.now() - t1;
process.stdout.write(`${JSON.stringify({ pdfMs, zipMs, pages, pdfBytes: Buffer.concat(chunks).length })}\n`);

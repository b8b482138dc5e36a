/**
 * The one adapter around epub-gen-memory. Lectern writes every document itself; the library
 * only zips. The subclass replaces the sanitised chapter content with Lectern's XHTML, puts the
 * images in from memory (nothing is fetched), and fixes every zip entry's date.
 */
import { EPub } from 'epub-gen-memory';
import type { ImageAsset } from '../../model/book.js';

export interface PackageDocument {
  /** Manifest id and file stem: `${id}.xhtml`. */
  readonly id: string;
  readonly title: string;
  /** The complete XHTML document. */
  readonly xhtml: string;
}

export interface PackageInput {
  readonly title: string;
  readonly lang: string;
  readonly documents: readonly PackageDocument[];
  readonly images: readonly ImageAsset[];
  readonly css: string;
  readonly contentOPF: string;
  readonly tocXHTML: string;
  readonly tocNCX: string;
  /** Data for the OPF/nav/NCX templates, under the key `L`. */
  readonly templateData: Record<string, unknown>;
  /** Zip entry timestamp (the build's modified time). */
  readonly date: Date;
}

class LecternEPub extends EPub {
  private readonly lectern: PackageInput;

  constructor(input: PackageInput) {
    super(
      {
        title: input.title,
        lang: input.lang,
        css: input.css,
        // The templates get `L` (Lectern's data) through the options object.
        contentOPF: input.contentOPF,
        tocXHTML: input.tocXHTML,
        tocNCX: input.tocNCX,
        chapterXHTML: '<%- content %>',
        prependChapterTitles: false,
        ignoreFailedDownloads: false,
        verbose: false,
        fonts: [],
        date: input.date.toISOString(),
        ...({ L: input.templateData } as Record<string, unknown>),
      },
      input.documents.map((d) => ({ title: d.title, content: '<p></p>', filename: `${d.id}.xhtml`, id: d.id })),
    );
    this.lectern = input;
    // Replace the library's sanitised HTML with Lectern's own well-formed XHTML.
    input.documents.forEach((d, i) => {
      const ch = this.content[i];
      if (!ch || ch.filename !== `${d.id}.xhtml`) throw new Error(`epub-gen-memory renamed document ${d.id}`);
      ch.content = d.xhtml;
    });
    this.images = [];
  }

  protected override async downloadAllImages(): Promise<void> {
    const oebps = this.zip.folder('OEBPS');
    if (!oebps) throw new Error('no OEBPS folder');
    for (const img of this.lectern.images) oebps.file(img.href, img.bytes, { binary: true });
  }

  protected override async downloadAllFonts(): Promise<void> {
    /* Lectern embeds no fonts in the EPUB: reading systems choose the reader's font. */
  }

  protected override async makeCover(): Promise<void> {
    /* The cover, when there is one, is an ordinary document with an image. */
  }

  /** Give every zip entry the build's date, so the same input gives the same bytes. */
  fixDates(): void {
    // jszip writes DOS time from the UTC getters, so the same date gives the same bytes in every time zone.
    for (const f of Object.values(this.zip.files)) f.date = this.lectern.date;
  }
}

export async function packageEpub(input: PackageInput): Promise<Uint8Array> {
  const epub = new LecternEPub(input);
  await epub.render();
  epub.fixDates();
  const buf = await epub.generateAsync({ type: 'nodebuffer', mimeType: 'application/epub+zip', compression: 'DEFLATE', compressionOptions: { level: 9 } });
  return new Uint8Array(buf as Buffer);
}

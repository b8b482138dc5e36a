/**
 * The one adapter around epub-gen-memory. Lectern writes every document itself; the library
 * only zips. The subclass replaces the sanitised chapter content with Lectern's XHTML, puts the
 * images in from memory (nothing is fetched); zip.ts writes the container.
 */
import { EPub } from 'epub-gen-memory';
import type { ImageAsset } from '../../model/book.js';
import { writeZip, type ZipEntry } from './zip.js';

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

  /** The entries epub-gen-memory assembled, in its order (`mimetype` first), for zip.ts. */
  async entries(): Promise<ZipEntry[]> {
    const out: ZipEntry[] = [];
    for (const f of Object.values(this.zip.files)) {
      const data = f.dir ? new Uint8Array(0) : await f.async('uint8array');
      const store = f.name === 'mimetype' || (f.options as { compression?: string } | undefined)?.compression === 'STORE';
      out.push({ name: f.name, data, store, dir: f.dir });
    }
    if (out[0]?.name !== 'mimetype') throw new Error('epub-gen-memory did not put mimetype first');
    return out;
  }
}

export async function packageEpub(input: PackageInput): Promise<Uint8Array> {
  const epub = new LecternEPub(input);
  await epub.render();
  // every entry gets the build's date, so the same input gives the same bytes
  return writeZip(await epub.entries(), input.date);
}

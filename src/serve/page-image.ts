/**
 * GET /api/page/:report_id/:page.png: a PDF page as a PNG, so the reader sees the printed cell and
 * the client draws the record's bbox over it (bbox is in PDF points from the top-left corner: pixel =
 * point × dpi / 72, the dpi the page was rendered at, which <page>.json gives). Rendered with pdf.js onto @napi-rs/canvas through the PDF reader's own loader
 * (ingest/pdf/load.ts: same fonts and cMaps, no network), as the OCR renderer does.
 *
 * Rendering costs a second or so, so pages are cached in memory, least recently used out first, up to
 * a total size; the same page asked for twice at once is rendered once.
 */

/** Enough to read a table's digits on screen; a page too large for it is rendered at less (PageImage.dpi). */
export const PAGE_DPI = 110;
/** A page larger than this (a poster) is rendered smaller rather than in gigabytes. */
const MAX_PIXELS = 12e6;

export class PageError extends Error {
  constructor(
    readonly status: 404 | 422,
    message: string,
  ) {
    super(message);
  }
}

/** A rendered page and the resolution it was rendered at (below PAGE_DPI for a page larger than MAX_PIXELS). */
export interface PageImage {
  png: Buffer;
  dpi: number;
}

/** Renders page n (1-based) of the PDF bytes to PNG. */
export async function renderPagePng(data: Uint8Array, file: string, n: number): Promise<PageImage> {
  // Loaded on the first page asked for: pdf.js and the canvas are most of an idle server's memory (some 60 MB), and the JSON routes never need them.
  const [{ createCanvas }, { openPdf, pdfjs }] = await Promise.all([import('@napi-rs/canvas'), import('../ingest/pdf/load.js')]);
  const pdf = openPdf(new Uint8Array(data), file);
  try {
    const doc = await pdf.ready;
    if (!Number.isInteger(n) || n < 1 || n > doc.numPages) throw new PageError(404, `${file} has no page ${n} (pages 1-${doc.numPages})`);
    const page = await doc.getPage(n);
    try {
      const base = page.getViewport({ scale: 1 });
      let scale = PAGE_DPI / 72;
      if (base.width * base.height * scale * scale > MAX_PIXELS) scale = Math.sqrt(MAX_PIXELS / (base.width * base.height));
      const viewport = page.getViewport({ scale });
      const canvas = createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
      const ctx = canvas.getContext('2d');
      ctx.fillStyle = '#fff';
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      await page.render({
        canvas: canvas as unknown as HTMLCanvasElement, canvasContext: ctx as unknown as CanvasRenderingContext2D, viewport,
        annotationMode: pdfjs.AnnotationMode.DISABLE,
      }).promise;
      return { png: await canvas.encode('png'), dpi: scale * 72 };
    } finally {
      page.cleanup();
    }
  } finally {
    await pdf.close();
  }
}

/** A byte-bounded LRU of rendered pages (a Map keeps insertion order: re-inserting on a hit makes it the newest). */
export class PageCache {
  private readonly pages = new Map<string, PageImage>();
  private readonly pending = new Map<string, Promise<PageImage>>();
  private bytes = 0;

  constructor(readonly maxBytes = 64 * 1024 * 1024) {}

  async get(key: string, render: () => Promise<PageImage>): Promise<PageImage> {
    const hit = this.pages.get(key);
    if (hit) {
      this.pages.delete(key);
      this.pages.set(key, hit);
      return hit;
    }
    let p = this.pending.get(key);
    if (!p) {
      p = render().finally(() => this.pending.delete(key));
      this.pending.set(key, p);
      const page = await p;
      this.put(key, page);
      return page;
    }
    return p;
  }

  private put(key: string, page: PageImage) {
    if (page.png.length > this.maxBytes) return;
    this.pages.set(key, page);
    this.bytes += page.png.length;
    for (const [k, v] of this.pages) {
      if (this.bytes <= this.maxBytes) break;
      this.pages.delete(k);
      this.bytes -= v.png.length;
    }
  }

  get size(): { pages: number; bytes: number } {
    return { pages: this.pages.size, bytes: this.bytes };
  }
}

/**
 * One page: text fragments and graphics from pdf.js, then ruled tables, rule-less tables, and the
 * remaining text as lines.
 */
import type { TextContent } from 'pdfjs-dist/types/src/display/api.js';
import { unruledTables } from './columns.js';
import { centre, contains, type Matrix, type Rect } from './geom.js';
import { ruledTables, type PageTable } from './grid.js';
import { buildLines, type Line } from './lines.js';
import { pdfjs, type PDFPageProxy } from './load.js';
import { walkOperatorList } from './oplist.js';
import { findRules } from './rules.js';
import { itemsToFragments, verticalFontNames, verticalRuns } from './text.js';

export interface PageContent {
  page: number;
  width: number;
  height: number;
  lines: Line[];
  tables: PageTable[];
  /** Readable characters on the page (0: no text layer, or one that decodes to nothing but garbage). */
  chars: number;
  /** Fraction of the page covered by images. */
  imageCover: number;
}

/** The page's text layer as pdf.js gives it (unnormalised: normalize.ts does that, selectively). */
export function pageText(pageProxy: PDFPageProxy): Promise<TextContent> {
  return pageProxy.getTextContent({ disableNormalization: true, includeMarkedContent: false });
}

/** Readable characters in a text layer, before any layout: enough to tell a scan. */
export function textLayerChars(content: TextContent): number {
  return content.items.reduce((n, item) => n + ('str' in item ? readableChars(item.str) : 0), 0);
}

export async function readPage(pageProxy: PDFPageProxy, pageNo: number, content: TextContent): Promise<PageContent> {
  const viewport = pageProxy.getViewport({ scale: 1 });
  const toPage = viewport.transform as Matrix;
  const verticalFonts = verticalFontNames(content);
  const ops = await pageProxy.getOperatorList({ annotationMode: pdfjs.AnnotationMode.DISABLE });
  const graphics = walkOperatorList(ops, toPage, verticalFonts);

  const page: Rect = { x0: 0, y0: 0, x1: viewport.width, y1: viewport.height };
  // Text drawn off the page (hidden by producers, or left over from templates) is not content.
  const frags = [...itemsToFragments(content, toPage, verticalFonts), ...verticalRuns(graphics.verticalGlyphs)]
    .filter((f) => contains(page, ...centre(f.rect)))
    .map((f) => ({ ...f, rect: clamp(f.rect, page) }));
  const chars = frags.reduce((n, f) => n + readableChars(f.text), 0);

  const ruled = ruledTables(findRules(graphics.segments), frags, pageNo);
  const lines = buildLines(ruled.rest);
  const unruled = unruledTables(lines, pageNo);
  return {
    page: pageNo,
    width: viewport.width,
    height: viewport.height,
    lines: unruled.rest,
    tables: [...ruled.tables, ...unruled.tables].map((t) => clampTable(t, page)).sort((a, b) => a.rect.y0 - b.rect.y0),
    chars,
    imageCover: Math.min(1, graphics.imageArea / (viewport.width * viewport.height)),
  };
}

/**
 * Characters that can be text: not private-use code points, U+FFFD or controls, which are what a
 * font without a usable ToUnicode map decodes to. A page of those needs OCR as much as a scan does.
 */
function readableChars(s: string): number {
  return s.replace(/[\s\uE000-\uF8FF\uFFFD\u0000-\u001F]/gu, '').length;
}

function clamp(r: Rect, page: Rect): Rect {
  return {
    x0: Math.max(page.x0, Math.min(r.x0, page.x1)),
    y0: Math.max(page.y0, Math.min(r.y0, page.y1)),
    x1: Math.max(page.x0, Math.min(r.x1, page.x1)),
    y1: Math.max(page.y0, Math.min(r.y1, page.y1)),
  };
}

/** Rules drawn past the page edge still make a table, but provenance stays on the page. */
function clampTable(t: PageTable, page: Rect): PageTable {
  return { ...t, rect: clamp(t.rect, page), cells: t.cells.map((c) => ({ ...c, rect: clamp(c.rect, page) })) };
}

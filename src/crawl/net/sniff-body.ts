/**
 * Whether a body is what its Content-Type or its URL says. Portals answer a missing file with an HTML
 * error page, status 200, at the .pdf URL or even as application/pdf; saving that as the report would
 * put a "page not found" into the corpus. The body's first bytes decide (magic numbers), the claims
 * are compared with that.
 */

/** What a body is. `zip` covers the OOXML formats (docx, xlsx); `ole2` the old Office formats and WPS. */
export type BodyKind = 'pdf' | 'zip' | 'ole2' | 'png' | 'jpeg' | 'gif' | 'html' | 'text' | 'binary' | 'empty';

export interface BodyMismatch {
  claimed: BodyKind;
  actual: BodyKind;
  /** Which claim the body contradicts. */
  by: 'content-type' | 'url';
}

const starts = (b: Uint8Array, sig: readonly number[], at = 0) => sig.every((x, i) => b[at + i] === x);

/** How far in a PDF header may start (Acrobat accepts junk before it within the first 1024 bytes). */
const PDF_WINDOW = 1024;
const HTML_START = /^\s*(<!doctype\s+html|<html|<head|<body|<meta|<title|<script|<style|<link|<div|<table|<p\b|<br|<h[1-6]|<center|<iframe|<!--)/i;

/** The kind of a body from its bytes. */
export function sniffKind(body: Uint8Array): BodyKind {
  if (body.byteLength === 0) return 'empty';
  const head = Buffer.from(body.buffer, body.byteOffset, Math.min(body.byteLength, PDF_WINDOW)).toString('latin1');
  if (head.startsWith('%PDF-') || head.includes('%PDF-')) return 'pdf';
  if (starts(body, [0x50, 0x4b, 0x03, 0x04])) return 'zip';
  if (starts(body, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return 'ole2';
  if (starts(body, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (starts(body, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (head.startsWith('GIF87a') || head.startsWith('GIF89a')) return 'gif';
  const text = head.replace(/^\uFEFF|^\u00EF\u00BB\u00BF/, '');
  if (HTML_START.test(text)) return 'html';
  // Text: no control bytes but tab, newline, form feed, carriage return, escape (GBK and UTF-8 bytes ≥ 0x80 pass).
  return /[\x00-\x08\x0B\x0E-\x1A\x1C-\x1F]/.test(head) ? 'binary' : 'text';
}

/** The kind a Content-Type names, if it names one. application/octet-stream names none. */
export function kindOfContentType(contentType: string | undefined): BodyKind | undefined {
  const t = contentType?.split(';')[0].trim().toLowerCase();
  if (!t) return undefined;
  if (t === 'application/pdf' || t === 'application/x-pdf') return 'pdf';
  if (t === 'application/zip' || t === 'application/x-zip-compressed' || t.startsWith('application/vnd.openxmlformats-officedocument.')) return 'zip';
  if (t === 'application/msword' || t === 'application/vnd.ms-excel' || t === 'application/vnd.ms-powerpoint' || t === 'application/vnd.ms-works' || t === 'application/kswps' || t === 'application/wps-office.wps') return 'ole2';
  if (t === 'image/png') return 'png';
  if (t === 'image/jpeg' || t === 'image/jpg' || t === 'image/pjpeg') return 'jpeg';
  if (t === 'image/gif') return 'gif';
  if (t === 'text/html' || t === 'application/xhtml+xml') return 'html';
  if (t === 'text/plain') return 'text';
  return undefined;
}

/**
 * The kind a URL's extension names, if it names one. Dynamic pages (.jsp, .php, .aspx, .do) name none:
 * they serve downloads as often as pages.
 */
export function kindOfUrl(url: string | URL | undefined): BodyKind | undefined {
  if (url === undefined) return undefined;
  let path: string;
  try {
    path = new URL(url).pathname.toLowerCase();
  } catch {
    return undefined;
  }
  const ext = /\.([a-z0-9]+)$/.exec(path)?.[1];
  switch (ext) {
    case 'pdf':
      return 'pdf';
    case 'docx':
    case 'xlsx':
    case 'pptx':
    case 'zip':
      return 'zip';
    case 'doc':
    case 'xls':
    case 'ppt':
    case 'wps':
    case 'et':
      return 'ole2';
    case 'png':
      return 'png';
    case 'jpg':
    case 'jpeg':
      return 'jpeg';
    case 'gif':
      return 'gif';
    case 'htm':
    case 'html':
    case 'shtml':
      return 'html';
    case 'txt':
      return 'text';
    default:
      return undefined;
  }
}

const TEXTUAL = new Set<BodyKind>(['html', 'text']);

/** Whether a body of kind `actual` fulfils a claim of kind `claimed`. */
function fulfils(claimed: BodyKind, actual: BodyKind): boolean {
  if (claimed === actual) return true;
  // Markup served as text/plain and the reverse are both text; which parser fits is the reader's business.
  return TEXTUAL.has(claimed) && TEXTUAL.has(actual);
}

/**
 * The claim the body contradicts, or undefined when it is what it claims (or claims nothing). A
 * document claim (pdf, zip, …) is checked before a text claim: `report.pdf` served as text/html with an
 * HTML body is reported as `{ claimed: 'pdf', actual: 'html', by: 'url' }`. An empty body contradicts
 * any claim. A URL that looks like a page but is answered with the type the body has is no mismatch.
 */
export function sniffBody(input: { body: Uint8Array; contentType?: string; url?: string | URL }): BodyMismatch | undefined {
  const actual = sniffKind(input.body);
  const claims: { claimed: BodyKind; by: BodyMismatch['by'] }[] = [];
  const byType = kindOfContentType(input.contentType);
  const byUrl = kindOfUrl(input.url);
  if (byType) claims.push({ claimed: byType, by: 'content-type' });
  if (byUrl) claims.push({ claimed: byUrl, by: 'url' });
  claims.sort((a, b) => Number(TEXTUAL.has(a.claimed)) - Number(TEXTUAL.has(b.claimed)));
  const broken = claims.find((c) => !fulfils(c.claimed, actual));
  if (!broken) return undefined;
  // A download behind a page-like URL (/show.html?id=… answering application/pdf with a PDF): the server
  // said what it sends, and sent it.
  if (broken.by === 'url' && TEXTUAL.has(broken.claimed) && byType && fulfils(byType, actual)) return undefined;
  return { claimed: broken.claimed, actual, by: broken.by };
}

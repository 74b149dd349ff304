/**
 * Which links are files, and of what kind. The kind is read from the file name: the URL path, or
 * for Hanweb's download servlet (/module/download/downfile.jsp?classid=0&filename=…, which answers
 * 302 to the file) the `filename` parameter, since the path says only "downfile.jsp".
 */
import type { Attachment, AttachmentKind } from './types.js';
import { fileName, queryParam } from './url.js';

/** Extension → kind. Extensions not listed here but in OTHER_FILES are files of kind 'other'. */
const KINDS: Record<string, AttachmentKind> = {
  pdf: 'pdf',
  docx: 'docx',
  doc: 'doc',
  wps: 'wps',
  xls: 'xls',
  xlsx: 'xlsx',
  jpg: 'image',
  jpeg: 'image',
  png: 'image',
  gif: 'image',
  bmp: 'image',
  tif: 'image',
  tiff: 'image',
  webp: 'image',
};
/** Files too, but none of the kinds above (OFD is the national e-document format; et is WPS's sheet). */
const OTHER_FILES = new Set(['ofd', 'zip', 'rar', '7z', 'et', 'ppt', 'pptx', 'csv', 'txt']);
/** Download servlets whose path does not name the file. */
const DOWNLOAD_SERVLETS = [/\/module\/download\/downfile\.jsp$/i, /\/downfile\.jsp$/i];

function extension(name: string): string {
  const m = /\.([a-z0-9]{1,5})$/i.exec(name.trim());
  return m ? m[1].toLowerCase() : '';
}

function isServlet(url: string): boolean {
  try {
    const path = new URL(url).pathname;
    return DOWNLOAD_SERVLETS.some((re) => re.test(path));
  } catch {
    return false;
  }
}

/** The file name a link's URL carries: the servlet's `filename` parameter, else the last path segment. */
export function urlFileName(url: string): string {
  if (isServlet(url)) return queryParam(url, 'filename') ?? queryParam(url, 'fileName') ?? '';
  return fileName(url);
}

/** The kind of a file named `name` (or found at a URL); 'other' when unknown. */
export function kindOf(name: string): AttachmentKind {
  return KINDS[extension(name)] ?? 'other';
}

/** Whether the URL is a file rather than a page. */
export function isFileUrl(url: string): boolean {
  if (isServlet(url)) return true;
  const ext = extension(fileName(url));
  return ext in KINDS || OTHER_FILES.has(ext);
}

/** Document formats a report is published in (no images, archives or slides). */
const DOCUMENTS = new Set(['pdf', 'docx', 'doc', 'wps', 'xls', 'xlsx', 'ofd']);

/** Whether the URL is a document: what a list may link a report as instead of an article page. */
export function isDocumentUrl(url: string): boolean {
  return isFileUrl(url) && DOCUMENTS.has(extension(urlFileName(url)));
}

/**
 * The attachment for a link, or undefined when the URL is not a file. The kind comes from the
 * URL's file name, else from the link text ("…年度报告.pdf" on a servlet link without an extension).
 */
export function attachmentFor(url: string, text: string): Attachment | undefined {
  if (!isFileUrl(url)) return undefined;
  const file = urlFileName(url);
  const name = text.trim() || file;
  // A servlet link may hide the extension; then the text ("…年度报告.pdf") tells the kind.
  const kind = extension(file) ? kindOf(file) : kindOf(name);
  return { url, name, kind };
}

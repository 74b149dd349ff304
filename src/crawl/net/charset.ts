/**
 * The character set of a body, in the order a browser decides it: a byte-order mark, then the
 * Content-Type header's charset, then the document's own declaration (<meta charset>, <meta
 * http-equiv="Content-Type" content="…; charset=…">, <?xml … encoding="…"?>) in its first bytes.
 * Chinese government pages often declare GB2312 or GBK; labels are returned as the WHATWG Encoding
 * name (gb2312, x-gbk and cp936 are all "gbk", which decodes them all), so later code has one name per
 * decoder. A label the platform does not know is skipped, and the next source decides.
 */

export type CharsetSource = 'bom' | 'header' | 'meta';

export interface Charset {
  charset: string;
  source: CharsetSource;
}

/** How far into the document a declaration is looked for (the HTML prescan reads 1024 bytes; be generous). */
const PRESCAN_BYTES = 4096;

/** The WHATWG name for an encoding label, or undefined if the label is unknown. */
export function encodingName(label: string): string | undefined {
  try {
    return new TextDecoder(label.trim().replace(/^["']|["']$/g, '')).encoding;
  } catch {
    return undefined;
  }
}

function fromBom(b: Uint8Array): string | undefined {
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return 'utf-8';
  if (b[0] === 0xff && b[1] === 0xfe) return 'utf-16le';
  if (b[0] === 0xfe && b[1] === 0xff) return 'utf-16be';
  return undefined;
}

/** The charset parameter of a Content-Type header value. */
export function headerCharset(contentType: string | undefined): string | undefined {
  const m = contentType && /;\s*charset\s*=\s*("?)([^";,\s]+)\1/i.exec(contentType);
  return m ? m[2] : undefined;
}

/** The declaration in the document's first bytes (read as latin1: every ASCII-compatible charset agrees there). */
function fromDocument(b: Uint8Array): string | undefined {
  const head = Buffer.from(b.buffer, b.byteOffset, Math.min(b.byteLength, PRESCAN_BYTES))
    .toString('latin1')
    .replace(/<!--[\s\S]*?-->/g, '');
  const meta = /<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head);
  if (meta) return meta[1];
  const xml = /^\s*<\?xml\b[^>]*\bencoding\s*=\s*["']([\w.:-]+)["']/i.exec(head);
  return xml ? xml[1] : undefined;
}

/** Whether a body of this type may carry its charset inside (markup), so a declaration in it counts. */
function isMarkup(contentType: string | undefined): boolean {
  if (!contentType) return true;
  const type = contentType.split(';')[0].trim().toLowerCase();
  return type === '' || /^(text\/|application\/(xhtml\+)?xml$|application\/[\w.+-]+\+xml$|application\/octet-stream$)/.test(type);
}

export function detectCharset(body: Uint8Array, contentType?: string): Charset | undefined {
  const bom = fromBom(body);
  if (bom) return { charset: bom, source: 'bom' };
  const declared = headerCharset(contentType);
  const header = declared === undefined ? undefined : encodingName(declared);
  if (header) return { charset: header, source: 'header' };
  if (!isMarkup(contentType)) return undefined;
  const inDoc = fromDocument(body);
  let meta = inDoc === undefined ? undefined : encodingName(inDoc);
  // A document cannot declare itself UTF-16 in ASCII bytes; browsers read such a declaration as UTF-8.
  if (meta === 'utf-16le' || meta === 'utf-16be') meta = 'utf-8';
  return meta ? { charset: meta, source: 'meta' } : undefined;
}

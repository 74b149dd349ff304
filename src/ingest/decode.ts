/**
 * Bytes to text for HTML and plain text. Chinese portals still serve GBK/GB2312, often declared
 * only in a <meta> tag, sometimes not at all; GB18030 is a superset of both.
 */
import iconv from 'iconv-lite';

export interface Decoded {
  text: string;
  charset: string;
  /** How the charset was decided: bom | hint | meta | utf8-valid | guessed. */
  via: 'bom' | 'hint' | 'meta' | 'utf8-valid' | 'guessed';
}

const ALIASES: Record<string, string> = { gb2312: 'gb18030', gbk: 'gb18030', 'x-gbk': 'gb18030', gb_2312: 'gb18030', 'utf8': 'utf-8' };

function canonical(label: string): string {
  const l = label.trim().toLowerCase();
  return ALIASES[l] ?? l;
}

function strictUtf8(buf: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    return null;
  }
}

/** The charset named in a <meta charset> or http-equiv Content-Type, read from the first bytes. */
function metaCharset(buf: Uint8Array): string | undefined {
  const head = Buffer.from(buf.subarray(0, 8192)).toString('latin1');
  const m = /<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)/i.exec(head);
  return m ? canonical(m[1]) : undefined;
}

export function decodeText(buf: Uint8Array, opts: { hint?: string; html?: boolean } = {}): Decoded {
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return { text: Buffer.from(buf.subarray(3)).toString('utf8'), charset: 'utf-8', via: 'bom' };
  if (buf[0] === 0xff && buf[1] === 0xfe) return { text: iconv.decode(Buffer.from(buf.subarray(2)), 'utf-16le'), charset: 'utf-16le', via: 'bom' };
  if (buf[0] === 0xfe && buf[1] === 0xff) return { text: iconv.decode(Buffer.from(buf.subarray(2)), 'utf-16be'), charset: 'utf-16be', via: 'bom' };
  const declared = opts.hint ? canonical(opts.hint) : opts.html ? metaCharset(buf) : undefined;
  const utf8 = strictUtf8(buf);
  if (declared && iconv.encodingExists(declared)) {
    // A page declaring UTF-8 whose bytes are not UTF-8 is mislabelled GBK far more often than broken.
    if (declared !== 'utf-8' || utf8 !== null) return { text: iconv.decode(Buffer.from(buf), declared), charset: declared, via: opts.hint ? 'hint' : 'meta' };
  }
  if (utf8 !== null) return { text: utf8, charset: 'utf-8', via: 'utf8-valid' };
  return { text: iconv.decode(Buffer.from(buf), 'gb18030'), charset: 'gb18030', via: 'guessed' };
}

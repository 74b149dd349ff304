/**
 * Read a response body into memory under a size cap that is enforced while streaming: the moment the
 * bytes read pass the cap, the stream is destroyed (closing the connection) and the rest is never
 * read, so a 2 GB file or an endless stream costs at most `maxBytes`. A declared Content-Length over
 * the cap is refused before reading anything. The cap applies to the decoded bytes too: a small
 * gzip body that inflates to gigabytes (a zip bomb) is stopped at the cap like any other.
 */
import { pipeline, type Readable } from 'node:stream';
import zlib from 'node:zlib';

export type BodyOutcome = { ok: true; body: Uint8Array } | { ok: false; bytes: number };

/** The encodings we ask for (Accept-Encoding) and can undo. */
export const ACCEPT_ENCODING = 'gzip, deflate, br';

function decoderFor(contentEncoding: string | undefined): zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress | undefined {
  switch (contentEncoding?.trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return zlib.createGunzip();
    case 'deflate':
      return zlib.createInflate();
    case 'br':
      return zlib.createBrotliDecompress();
    default:
      // identity, absent, or a coding we did not ask for: the bytes as sent.
      return undefined;
  }
}

/** Whether a declared Content-Length already exceeds the cap. */
export function declaredTooLarge(contentLength: string | undefined, maxBytes: number): boolean {
  const n = contentLength === undefined ? NaN : Number(contentLength);
  return Number.isFinite(n) && n > maxBytes;
}

export async function readBody(source: Readable, maxBytes: number, contentEncoding?: string): Promise<BodyOutcome> {
  const decoder = decoderFor(contentEncoding);
  // pipeline() passes an error of either stream to the other and destroys both; the for-await below
  // sees it as a throw.
  const stream: Readable = decoder ? pipeline(source, decoder, () => {}) : source;
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    bytes += chunk.byteLength;
    if (bytes > maxBytes) {
      source.destroy();
      stream.destroy();
      return { ok: false, bytes };
    }
    chunks.push(chunk);
  }
  const body = Buffer.concat(chunks, bytes);
  return { ok: true, body: new Uint8Array(body.buffer, body.byteOffset, body.byteLength) };
}

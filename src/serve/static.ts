/**
 * The comparison page's front end (web/, built by vite into dist/web/) served from memory. Every file
 * of the built folder is read once, when the app is made, into a map from its URL path to its bytes:
 * a request is answered by looking its path up in that map, never by joining it to a folder, so no
 * request can reach any other file. Hashed names under /assets/ never change (cached for a year);
 * index.html is revalidated on every load so that a new build is picked up.
 */
import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface StaticFile {
  body: Uint8Array;
  type: string;
  cacheControl: string;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

/** Enough for the built page (~1 MB); a folder far larger than that is not ours. */
const MAX_TOTAL = 64 * 1024 * 1024;

/**
 * Where the build puts the page: dist/web/, seen from dist/src/serve/ (the compiled server) or from
 * src/serve/ (the sources, under tsx or vitest).
 */
export function defaultWebRoot(): string | undefined {
  const candidates = ['../../web/', '../../dist/web/'].map((p) => fileURLToPath(new URL(p, import.meta.url)));
  return candidates.find((d) => existsSync(join(d, 'index.html')));
}

/** Every regular file under `root` by its URL path (`/index.html`, `/assets/index-3f9a.js`); symbolic links and unknown types are left out. */
export function loadStatic(root: string | undefined): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  if (!root || !existsSync(join(root, 'index.html'))) return files;
  let total = 0;
  for (const e of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const abs = join(e.parentPath, e.name);
    if (lstatSync(abs).isSymbolicLink()) continue;
    const type = TYPES[extname(e.name).toLowerCase()];
    if (!type) continue;
    const body = readFileSync(abs);
    total += body.length;
    if (total > MAX_TOTAL) throw new Error(`${root}: more than ${MAX_TOTAL} bytes of static files; is this the built page?`);
    const path = `/${relative(root, abs).split(sep).join('/')}`;
    const hashed = path.startsWith('/assets/');
    files.set(path, { body: new Uint8Array(body), type, cacheControl: hashed ? 'public, max-age=31536000, immutable' : 'no-cache' });
  }
  return files;
}

/** Said at / when the page was never built (the API still works). */
export const NOT_BUILT = 'The page is not built: run `npm run build` (vite builds web/ into dist/web/). The JSON API is under /api/.\n';

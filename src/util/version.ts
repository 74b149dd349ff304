import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { packageVersion, projectRoot } from './paths.js';

/**
 * A fingerprint of the code and data that read a document: src/ (dist/src/ in an installed package,
 * which ships no sources) and data/. Part of the parser version, so changing a reader, a
 * template or the gazetteer re-does documents in an incremental run, and a record says which code made
 * it, not only which release. Taken from the package root, so the main thread and the workers agree
 * whether they run from dist/ or under tsx.
 */
function codeFingerprint(): string {
  const root = projectRoot();
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const file = join(dir, e.name);
      if (e.isDirectory()) walk(file);
      else if (/\.(js|ts|json)$/.test(e.name) && !e.name.endsWith('.d.ts')) hash.update(`${relative(root, file)}\0`).update(readFileSync(file));
    }
  };
  walk(existsSync(join(root, 'src')) ? join(root, 'src') : join(root, 'dist', 'src'));
  walk(join(root, 'data'));
  return hash.digest('hex').slice(0, 10);
}

/** Parser identity written into every record; a new version makes incremental runs re-do documents. */
export const PARSER = { name: 'nianbao', version: `${packageVersion()}+${codeFingerprint()}` };

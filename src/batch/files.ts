/** Which files under the given paths are candidate reports. Format is sniffed later; this only skips our own and non-document files. */
import { readdir, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';

const DOCUMENT_EXT = new Set([
  '.pdf', '.doc', '.docx', '.wps', '.html', '.htm', '.shtml', '.xhtml', '.jsp', '.asp', '.aspx', '.php', '.txt', '.text', '.md', '.markdown',
  '.png', '.jpg', '.jpeg', '.gif', '.tif', '.tiff', '.bmp', '',
]);

/** A folder's own notes (README.md, SOURCES.md …) are about the documents, not documents. */
const FOLDER_NOTES = /^(?:readme|sources|license|licence|changelog|notes)\.(?:md|markdown|txt)$/i;

function isCandidate(name: string): boolean {
  return !name.startsWith('.') && !FOLDER_NOTES.test(name) && DOCUMENT_EXT.has(extname(name).toLowerCase());
}

/** Files in a stable order (sorted by path), so runs are deterministic. */
export async function collectFiles(inputs: string[]): Promise<string[]> {
  const out: string[] = [];
  const walk = async (p: string, explicit: boolean) => {
    const s = await stat(p);
    if (s.isDirectory()) {
      const entries = await readdir(p, { withFileTypes: true });
      for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
        if (e.name.startsWith('.') || e.name === 'node_modules') continue;
        await walk(join(p, e.name), false);
      }
    } else if (s.isFile() && (explicit || isCandidate(basename(p)))) out.push(p);
  };
  for (const i of inputs) await walk(i, true);
  return [...new Set(out)];
}

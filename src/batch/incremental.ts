/**
 * The incremental check shared by `extract`, `enqueue` and `worker`: a file is skipped when the dataset
 * already has it from this parser version, by path (same size and mtime) or by content (a copy or a
 * moved file, whose path is then recorded). The bytes read to hash it are handed on, so the reader
 * does not read and hash the file a second time.
 */
import type { PathLike, Stats } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { Store } from '../dataset/store.js';
import { sha256 } from '../pipeline/process.js';
import { PARSER } from '../util/version.js';

/** Larger files are not hashed here to look for copies; the reader reads them once, when it runs. */
const HASH_LIMIT = 64 * 1024 * 1024;

export type Seen = { known: true } | { known: false; bytes?: Uint8Array; sha256?: string };

/** `file`: where to read it when that is not `path` (a name that is not UTF-8: `path` is its readable form, which the dataset keys). */
export async function seenBefore(store: Store, path: string, st: Stats, file: PathLike = path): Promise<Seen> {
  if (await store.isUnchanged(path, st.size, st.mtimeMs, PARSER.version)) return { known: true };
  if (st.size >= HASH_LIMIT) return { known: false };
  const bytes = await readFile(file);
  const hash = sha256(bytes);
  if (await store.adoptCopy(hash, path, st.size, st.mtimeMs, PARSER.version)) return { known: true };
  return { known: false, bytes, sha256: hash };
}

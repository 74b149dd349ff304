/** A whole file written under a temporary name and renamed into place: a crash never leaves half of it. */
import { rename, writeFile } from 'node:fs/promises';

let count = 0;

export async function writeFileAtomic(path: string, data: Uint8Array | string): Promise<void> {
  // Unique per write: two writers of one path in this process must not share a temporary file.
  const tmp = `${path}.tmp-${process.pid}-${++count}`;
  await writeFile(tmp, data);
  await rename(tmp, path);
}

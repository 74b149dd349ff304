/**
 * One crawl at a time per archive: a lock file holding the owner's pid. A second crawl refuses with a
 * clear message; a lock left by a process that no longer runs (killed) is taken over.
 */
import { openSync, readFileSync, rmSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';

export class LockError extends Error {}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the archive's lock; returns the function that releases it. */
export function lockArchive(dir: string): () => void {
  const file = join(dir, '.crawl.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const pid = Number(readFileSync(file, 'utf8').trim());
      if (pid && pid !== process.pid && alive(pid)) {
        throw new LockError(`another crawl (pid ${pid}) is running on ${dir}; wait for it to finish (or remove ${file} if that process is gone)`);
      }
      rmSync(file, { force: true }); // a lock left by a crawl that was killed
    }
  }
  throw new LockError(`cannot take the lock ${file}`);
}

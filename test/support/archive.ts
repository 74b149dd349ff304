import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A generated portal report (2021 template, 207 values). */
export const ARCHIVE_SOURCE = 'corpus/generated/html/c_township_2021_hybrid.portal.html';

/** n distinct documents in ten folders: the same report with a different trailing comment, so each has its own hash. */
export function makeArchive(n: number, prefix: string): string {
  const archive = mkdtempSync(join(tmpdir(), prefix));
  for (let i = 0; i < n; i++) {
    const dir = join(archive, String(i % 10));
    mkdirSync(dir, { recursive: true });
    const f = join(dir, `report_${i}.html`);
    copyFileSync(ARCHIVE_SOURCE, f);
    appendFileSync(f, `\n<!-- copy ${i} -->\n`);
  }
  return archive;
}

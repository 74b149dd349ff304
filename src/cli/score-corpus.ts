/** `nianbao score`: values-correct counts per corpus document, against the expected JSON beside each. */
import { readdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { openStore } from '../dataset/open.js';
import { loadExpected, score, type Score } from '../evaluate/compare.js';
import type { ReportRecord } from '../model/record.js';

async function expectedFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile() && e.name.endsWith('.expected.json')) out.push(join(e.parentPath ?? e.path, e.name));
  }
  return out.sort();
}

/** Fails, as `status` does, when --out holds no dataset: opening would create an empty one and score it 0. */
export async function runScore(corpusDir: string, outDir: string): Promise<(Score & { missing?: boolean })[]> {
  const ds = await openStore({ out: outDir }, { mustExist: true });
  try {
    // Sources are stored as given on the command line; match them by absolute path.
    const byPath = new Map<string, string>();
    for (const r of await ds.query<{ path: string }>(`SELECT path FROM sources`)) byPath.set(resolve(r.path), r.path);
    const scores: (Score & { missing?: boolean })[] = [];
    for (const f of await expectedFiles(corpusDir)) {
      const exp = loadExpected(f);
      const docPath = resolve(dirname(f), exp.file);
      const stored = byPath.get(docPath);
      const rec: ReportRecord | undefined = stored === undefined ? undefined : await ds.recordFor(stored);
      if (!rec) scores.push({ file: docPath, valuesCorrect: 0, valuesExpected: Object.keys(exp.values ?? {}).length, mismatches: ['not in the dataset'], missing: true });
      else scores.push({ ...score(rec, exp), file: docPath });
    }
    return scores;
  } finally {
    await ds.close();
  }
}

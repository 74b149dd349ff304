/** An edited file replaces its report in the dataset; `extract` run again after an edit leaves one report, not two. */
import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runExtract } from '../src/cli/extract.js';
import { SqliteStore } from '../src/dataset/sqlite.js';
import { processFile } from '../src/pipeline/process.js';
import { editedFileScenario } from './support/edited-file.js';

describe('a file edited in place', () => {
  it('replaces its report in the SQLite store; a report another path holds stays', async () => {
    const store = new SqliteStore(join(mkdtempSync(join(tmpdir(), 'nianbao-edits-')), 'nianbao.sqlite'));
    try {
      await editedFileScenario(store, await processFile('corpus/generated/html/c_township_2021_hybrid.portal.html'), 'edits');
    } finally {
      await store.close();
    }
  });

  it('gives one report and its values once in the exports when extracted again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nianbao-edits-in-'));
    const out = join(dir, 'out');
    mkdirSync(join(dir, 'in'));
    const file = join(dir, 'in', 'changle.txt');
    copyFileSync('corpus/real/changle_2020.txt', file);
    const first = await runExtract([join(dir, 'in')], { out, jobs: 1, quiet: true });
    appendFileSync(file, '\n附件：无\n');
    const second = await runExtract([join(dir, 'in')], { out, jobs: 1, quiet: true });
    expect(second.documents).toBe(1);
    expect(second.values).toBe(first.values);
    expect(readFileSync(join(out, 'reports.jsonl'), 'utf8').trim().split('\n')).toHaveLength(1);
  });
});

/**
 * Issue 14: no single entry of the input folder stops `extract`. A folder holding a good report and
 * every odd entry the walk meets (a broken link, a link loop, a FIFO, an unreadable file, a GBK name, a
 * file gone before it is read) is read to the end: each odd entry has a record with its code, the
 * ledger lists them, and a second run reads nothing again.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { readEntry } from '../src/batch/entry.js';
import { walkInputs } from '../src/batch/files.js';
import runTask from '../src/batch/task.js';
import { runExtract } from '../src/cli/extract.js';
import { ledger } from '../src/dataset/ledger.js';
import { SqliteStore } from '../src/dataset/sqlite.js';
import type { ReportRecord } from '../src/model/record.js';

const GOOD = 'corpus/real/changle_2020';
const GBK_SOURCE = 'corpus/real/portal-dumps/005_pingtan-gonganju_2021';
const expected = (base: string) => JSON.parse(readFileSync(`${base}.expected.json`, 'utf8')) as { values: Record<string, number | null>; year: number };
const asRoot = process.getuid?.() === 0;

async function records(out: string): Promise<ReportRecord[]> {
  const ds = new SqliteStore(join(out, 'nianbao.sqlite'));
  try {
    const all: ReportRecord[] = [];
    for await (const r of ds.records()) all.push(r);
    return all;
  } finally {
    await ds.close();
  }
}

describe('extract over a folder of odd entries', () => {
  it('reads the good documents, records every odd entry with its code, and a second run reads nothing again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'walk-extract-'));
    const out = mkdtempSync(join(tmpdir(), 'walk-out-'));
    const inbox = join(dir, 'inbox');
    mkdirSync(inbox);
    copyFileSync(`${GOOD}.txt`, join(inbox, 'changle_2020.txt'));
    symlinkSync('x.pdf', join(inbox, 'gone.pdf'));
    symlinkSync('..', join(inbox, 'loop'));
    execFileSync('mkfifo', [join(inbox, 'pipe.pdf')]);
    const gbkPath = Buffer.concat([Buffer.from(`${inbox}/gbk_`), iconv.encode('年报', 'gbk'), Buffer.from('.txt')]);
    writeFileSync(gbkPath, readFileSync(`${GBK_SOURCE}.txt`));
    const locked = join(inbox, 'locked.txt');
    if (!asRoot) {
      copyFileSync(`${GOOD}.txt`, locked);
      writeFileSync(locked, '\n', { flag: 'a' });
      chmodSync(locked, 0);
    }

    try {
      const first = await runExtract([inbox], { out, quiet: true, jobs: 1 });
      const odd = asRoot ? 3 : 4;
      expect(first).toMatchObject({ files: 5 + (asRoot ? 0 : 1), documents: 5 + (asRoot ? 0 : 1), unchanged: 0, withErrors: odd });

      const recs = await records(out);
      const at = (name: string) => recs.find((r) => r.source.path === join(inbox, name));
      const good = at('changle_2020.txt')!;
      const want = expected(GOOD);
      expect(good.errors).toEqual([]);
      expect(good.year).toBe(want.year);
      for (const k of ['active.licensing.decisions', 'active.penalty.change', 'active.normative_documents.published_total']) expect(good.values[k]).toBe(want.values[k]);

      const code = (name: string) => at(name)?.issues.map((m) => m.code);
      expect(code('gone.pdf')).toEqual(['link_broken']);
      expect(at('gone.pdf')!.errors).toEqual([`${join(inbox, 'gone.pdf')}: a symbolic link to "x.pdf", which does not exist`]);
      expect(code('loop')).toEqual(['link_loop']);
      expect(code('pipe.pdf')).toEqual(['not_a_file']);
      if (!asRoot) expect(code('locked.txt')).toEqual(['unreadable']);
      for (const n of ['gone.pdf', 'loop', 'pipe.pdf']) expect(at(n)!.source).toMatchObject({ format: 'unknown', bytes: 0, pages: null });

      // The GBK name: read by its bytes, shown decoded, the bytes kept, its values there.
      const gbk = at('gbk_年报.txt')!;
      expect(gbk.source.path_bytes).toBe(gbkPath.toString('hex'));
      expect(gbk.issues.filter((m) => m.code === 'name_not_utf8')).toHaveLength(1);
      expect(gbk.warnings).toContain(`${join(inbox, 'gbk_年报.txt')}: the file name is not UTF-8; shown in a readable form, its bytes are kept in source.path_bytes`);
      const gbkWant = expected(GBK_SOURCE);
      for (const k of ['active.penalty.decisions', 'requests.received.total']) expect(gbk.values[k]).toBe(gbkWant.values[k]);

      // The failure ledger (nianbao status) lists them by code.
      const ds = new SqliteStore(join(out, 'nianbao.sqlite'));
      const l = await ledger(ds);
      await ds.close();
      const reasons = Object.fromEntries(l.topReasons.map((r) => [r.code, r.count]));
      expect(reasons).toMatchObject({ link_broken: 1, link_loop: 1, not_a_file: 1, ...(asRoot ? {} : { unreadable: 1 }) });
      expect(l.byState.errors).toBe(odd);

      // The exports have them too: one line each in reports.jsonl.
      const jsonl = readFileSync(join(out, 'reports.jsonl'), 'utf8').trim().split('\n');
      expect(jsonl).toHaveLength(recs.length);

      // Unchanged: nothing is read or written again, odd entries included.
      const second = await runExtract([inbox], { out, quiet: true, jobs: 1 });
      expect(second).toMatchObject({ documents: 0, unchanged: first.files, withErrors: 0 });
      expect(await records(out)).toEqual(recs);

      // A repaired link is read on the next run (its old record stays behind, as a replaced file's does).
      writeFileSync(join(inbox, 'x.pdf'), `${readFileSync(`${GOOD}.txt`, 'utf8')}\n\n`);
      const third = await runExtract([inbox], { out, quiet: true, jobs: 1 });
      // gone.pdf is read; x.pdf, the same content, is a copy of it.
      expect(third).toMatchObject({ documents: 1, unchanged: first.files, withErrors: 0 });
      const repaired = (await records(out)).filter((r) => r.source.path === join(inbox, 'gone.pdf') && !r.errors.length);
      expect(repaired.map((r) => r.values['active.licensing.decisions'])).toEqual([want.values['active.licensing.decisions']]);
    } finally {
      if (!asRoot) chmodSync(locked, 0o644);
      rmSync(dir, { recursive: true, force: true });
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('a file that vanishes between the walk and its reading gets a vanished record, in the parent and in the worker task', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'walk-vanish-'));
    const out = mkdtempSync(join(tmpdir(), 'walk-vanish-out-'));
    const f = join(dir, 'soon_gone.txt');
    copyFileSync(`${GOOD}.txt`, f);
    const [entry] = await walkInputs([dir]);
    expect(entry).toEqual({ path: f });
    rmSync(f);
    const ds = new SqliteStore(join(out, 'nianbao.sqlite'));
    try {
      const got = await readEntry(entry, ds, { run: runTask }, {});
      expect(got.unchanged).toBe(false);
      const rec = (got as { rec: ReportRecord }).rec;
      expect(rec.issues).toEqual([
        { level: 'error', code: 'vanished', message: `${f}: the file was there when the folder was walked, and is gone now` },
      ]);
      await ds.put(rec, (got as { mtimeMs: number }).mtimeMs);
      // Said once: the same entry again is unchanged.
      expect(await readEntry(entry, ds, { run: runTask }, {})).toEqual({ unchanged: true });
    } finally {
      await ds.close();
    }
    // The worker's side: the file gone when the task opens it (no bytes handed over).
    const rec = await runTask({ path: f });
    expect(rec.issues.map((m) => m.code)).toEqual(['vanished']);
    expect(rec.source.sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});

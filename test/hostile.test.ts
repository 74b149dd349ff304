/**
 * Issue 14, end to end: an archive folder holding the hostile set (scripts/hostile.ts: bombs made
 * here, never committed), odd folder entries (a broken link, a link loop, a FIFO) and good reports,
 * read by the built CLI (bin/nianbao.js) with two workers under a 512 MB memory ceiling. Every hostile
 * file gets a record with the reader's own code (never memory_limit, timeout or a crash: the limits
 * are checked before the work), the workers stay under the ceiling, and the good reports all land
 * with their values.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportRecord } from '../src/model/record.js';
import { writeHostileSet, type HostileEntry } from '../scripts/hostile.js';

const CEILING_MB = 512;
const GOOD = ['corpus/real/changle_2020.txt', 'corpus/real/002_hongze_district_2023.pdf'];
const expected = (f: string) => JSON.parse(readFileSync(f.replace(/\.(txt|pdf)$/, '.expected.json'), 'utf8')) as { values: Record<string, number | null> };

let dir: string;
let set: HostileEntry[];
let records: Map<string, ReportRecord>;
let run: ReturnType<typeof spawnSync>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nianbao-hostile-'));
  const inbox = join(dir, 'archive');
  set = await writeHostileSet(join(inbox, 'hostile'));
  mkdirSync(join(inbox, 'good'));
  for (const f of GOOD) copyFileSync(f, join(inbox, 'good', f.split('/').pop()!));
  mkdirSync(join(inbox, 'odd'));
  symlinkSync('gone.pdf', join(inbox, 'odd', 'broken.pdf'));
  symlinkSync('..', join(inbox, 'odd', 'up'));
  execFileSync('mkfifo', [join(inbox, 'odd', 'pipe.pdf')]);
  const out = join(dir, 'out');
  run = spawnSync(process.execPath, ['bin/nianbao.js', 'extract', inbox, '--out', out, '--jobs', '2', '--max-memory', String(CEILING_MB), '-q'], {
    encoding: 'utf8',
    timeout: 10 * 60_000,
  });
  records = new Map(
    readFileSync(join(out, 'reports.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as ReportRecord)
      .map((r) => [r.source.path, r]),
  );
}, 12 * 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const codes = (r: ReportRecord | undefined) => (r?.issues ?? []).filter((m) => m.level === 'error').map((m) => m.code);

describe('an archive with hostile files and odd entries', () => {
  it('finishes with exit 0, and no worker went over the memory ceiling', () => {
    expect(run.status, String(run.stderr)).toBe(0);
    const peak = /worker peak memory (\d+) MB/.exec(String(run.stdout));
    expect(peak, String(run.stdout)).not.toBeNull();
    expect(Number(peak![1])).toBeLessThan(CEILING_MB);
  });

  it('gives every hostile file a record with the reader\'s own reason, named with its file', () => {
    const got = set.map((h) => ({ name: h.name, codes: codes(records.get(h.path)) }));
    const want = set.map((h) => ({ name: h.name, codes: h.code ? [h.code] : [] }));
    // A file that is read and is not a report may carry other errors (no tables): only the set's code is asked for.
    for (const g of got) if (!set.find((h) => h.name === g.name)!.code) g.codes = g.codes.filter((c) => ['memory_limit', 'timeout', 'worker_failed', 'reader_failed'].includes(c));
    expect(got).toEqual(want);
    for (const h of set.filter((x) => x.code)) {
      const m = records.get(h.path)!.issues.find((i) => i.code === h.code)!;
      expect(m.message.startsWith(`${h.path}: `), m.message).toBe(true);
    }
  });

  it('gives each odd entry of the folder its record', () => {
    const odd = (n: string) => codes(records.get(join(dir, 'archive', 'odd', n)));
    expect(odd('broken.pdf')).toEqual(['link_broken']);
    expect(odd('pipe.pdf')).toEqual(['not_a_file']);
    expect([...records.keys()].filter((p) => p.includes('/odd/up')).map((p) => codes(records.get(p)))).toEqual([['link_loop']]);
  });

  it('lands the good reports with their values', () => {
    for (const f of GOOD) {
      const rec = records.get(join(dir, 'archive', 'good', f.split('/').pop()!));
      expect(rec?.errors).toEqual([]);
      const want = expected(f).values;
      const keys = Object.keys(want).filter((k) => want[k] !== null).slice(0, 40);
      expect(Object.fromEntries(keys.map((k) => [k, rec!.values[k]]))).toEqual(Object.fromEntries(keys.map((k) => [k, want[k]])));
    }
  });
});

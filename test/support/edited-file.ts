/**
 * The same scenario for every Store (SQLite in store-edits.test.ts, PostgreSQL in postgres.test.ts):
 * a file edited in place, and a copy of a file edited while its twin stays. The dataset holds the
 * files as they are: an edited file's old report goes once no path holds it; a report another path
 * still holds stays. (Hashes 2-5: other tests of the same store use letters.)
 */
import { expect } from 'vitest';
import type { Store } from '../../src/dataset/store.js';
import type { ReportRecord } from '../../src/model/record.js';

const at = (rec: ReportRecord, path: string, hash: string): ReportRecord => ({ ...structuredClone(rec), source: { ...rec.source, path, sha256: hash.repeat(64) } });

export async function editedFileScenario(store: Store, rec: ReportRecord, dir: string): Promise<void> {
  const reports = async () =>
    (await store.query<{ report_id: string }>(`SELECT report_id FROM reports WHERE path LIKE ? ORDER BY report_id`, [`${dir}/%`])).map((r) => r.report_id[0]);
  const values = async (hash: string) => Number((await store.query<{ n: number }>(`SELECT count(*) n FROM report_values WHERE report_id = ?`, [hash.repeat(64)]))[0].n);

  await store.put(at(rec, `${dir}/a.html`, '2'), 1);
  await store.put(at(rec, `${dir}/a.html`, '3'), 2); // a.html edited: 3 replaces 2
  expect(await reports()).toEqual(['3']);
  expect(await values('2')).toBe(0);
  expect(await values('3')).toBe(Object.keys(rec.values).length);

  // b.html and c.html hold the same content; c.html is then edited: b.html still holds it.
  await store.put(at(rec, `${dir}/b.html`, '4'), 1);
  expect(await store.adoptCopy('4'.repeat(64), `${dir}/c.html`, rec.source.bytes, 1, rec.parser.version)).toBe(true);
  await store.put(at(rec, `${dir}/c.html`, '5'), 2);
  expect(await reports()).toEqual(['3', '4', '5']);
  // … and when b.html becomes a copy of a.html, nothing holds 4 any more.
  expect(await store.adoptCopy('3'.repeat(64), `${dir}/b.html`, rec.source.bytes, 3, rec.parser.version)).toBe(true);
  expect(await reports()).toEqual(['3', '5']);
  expect(await values('4')).toBe(0);
}

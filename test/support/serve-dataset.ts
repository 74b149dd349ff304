/**
 * The small dataset the comparison page's tests share (serve, web, serve-postgres): 洪泽区 2023 and
 * 2024 (PDF, 320813), 淮安市 2024 (PDF, 320800), 昌乐县 2020 (text), a township's portal page (HTML,
 * no region code) and a copy of that page with hostile markup as the text of a cell. Values are
 * compared with the hand-checked *.expected.json beside each document.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Store } from '../../src/dataset/store.js';
import type { ReportRecord } from '../../src/model/record.js';
import { processFile } from '../../src/pipeline/process.js';

export const DOCS = {
  hz2023: 'corpus/real/002_hongze_district_2023.pdf',
  hz2024: 'corpus/real/003_hongze_district_2024.pdf',
  huaian: 'corpus/real/001_huaian_city_2024.pdf',
  changle: 'corpus/real/changle_2020.txt',
  township: 'corpus/generated/html/c_township_2021_hybrid.portal.html',
} as const;
export type Doc = keyof typeof DOCS;
export type Records = Record<Doc | 'hostile', ReportRecord>;

export const expected = (doc: Doc) =>
  JSON.parse(readFileSync(DOCS[doc].replace(/\.(pdf|txt|html)$/, '.expected.json'), 'utf8')) as { year: number; values: Record<string, number | null> };

export const HOSTILE = '<script>alert(1)</script><img src=x onerror=alert(2)>';
export const HOSTILE_KEY = 'requests.received.total';

/**
 * Reads the documents into `store`; the hostile copy is written into `dir`. The markup goes into the
 * note cell above the applicant columns (entities in the source: text, not tags, in the DOM): a
 * number cell holding it would no longer be read as the row's. `hostileIssuer` puts it in the
 * issuer's name too.
 */
export async function buildServeDataset(store: Store, dir: string, { hostileIssuer = false } = {}): Promise<Records> {
  const recs = {} as Records;
  for (const d of Object.keys(DOCS) as Doc[]) {
    recs[d] = await processFile(DOCS[d]);
    await store.put(recs[d]);
  }
  const html = readFileSync(DOCS.township, 'utf8').replace('（本列数据的勾稽关系为：', `${HOSTILE.replace(/</g, '&lt;').replace(/>/g, '&gt;')}（本列数据的勾稽关系为：`);
  const hostile = join(dir, 'hostile.html');
  writeFileSync(hostile, html);
  recs.hostile = await processFile(hostile);
  if (hostileIssuer) recs.hostile.issuer = { ...recs.hostile.issuer, name: `${HOSTILE}石桥镇人民政府` };
  await store.put(recs.hostile);
  return recs;
}

/**
 * Coverage: for every seed and one year, was its report found? From the crawl's state and the
 * dataset, both in the Store:
 *   found    a report of that year was read from a URL found from the seed, or a report of the seed's
 *            region (and issuer) for that year was put into archive/manual/ by hand;
 *   blocked  the site answered with a challenge or a WAF page (the evidence is in `reason`);
 *   failed   the column could not be fetched (network, 404 …);
 *   missing  the column was read but lists no report for the year.
 */
import type { Store } from '../dataset/store.js';
import type { Seed } from './seeds.js';

export type CoverageState = 'found' | 'missing' | 'blocked' | 'failed';

export interface CoverageRow {
  region_code: string;
  issuer: string;
  year: number;
  state: CoverageState;
  report_id: string;
  url: string;
  reason: string;
}

export async function coverage(store: Store, seeds: Seed[], year: number): Promise<CoverageRow[]> {
  const rows: CoverageRow[] = [];
  for (const seed of seeds) {
    const row = (state: CoverageState, report_id = '', url = '', reason = ''): CoverageRow => ({
      region_code: seed.region_code, issuer: seed.issuer, year, state, report_id, url, reason,
    });
    const [crawled] = await store.query<{ report_id: string; url: string }>(
      `SELECT c.report_id, c.url FROM crawl_fetches c JOIN reports r ON r.report_id = c.report_id
        WHERE c.seed_url = ? AND r.year = ? ORDER BY c.url LIMIT 1`,
      [seed.url, year],
    );
    if (crawled) {
      rows.push(row('found', crawled.report_id, crawled.url));
      continue;
    }
    const [manual] = await store.query<{ report_id: string; path: string }>(
      `SELECT report_id, path FROM reports WHERE year = ? AND region_code = ? AND (issuer_name = ? OR ? = '')
          AND (path LIKE '%/manual/%' OR path LIKE 'manual/%') ORDER BY path LIMIT 1`,
      [year, seed.region_code, seed.issuer, seed.issuer],
    );
    if (manual) {
      rows.push(row('found', manual.report_id, manual.path, 'put into the archive by hand'));
      continue;
    }
    const [blocked] = await store.query<{ url: string; reason: string }>(
      `SELECT url, reason FROM crawl_fetches WHERE seed_url = ? AND state = 'blocked' ORDER BY kind DESC, url LIMIT 1`,
      [seed.url],
    );
    if (blocked) {
      rows.push(row('blocked', '', blocked.url, blocked.reason));
      continue;
    }
    const [failed] = await store.query<{ url: string; reason: string }>(
      `SELECT url, reason FROM crawl_fetches WHERE seed_url = ? AND kind = 'list' AND state = 'failed' ORDER BY url LIMIT 1`,
      [seed.url],
    );
    if (failed) {
      rows.push(row('failed', '', failed.url, failed.reason));
      continue;
    }
    const [{ n }] = await store.query<{ n: number }>(`SELECT count(*) n FROM crawl_fetches WHERE seed_url = ? AND kind = 'list'`, [seed.url]);
    rows.push(row('missing', '', seed.url, Number(n) ? `no ${year} report among the column's articles` : 'the column was never crawled'));
  }
  return rows;
}

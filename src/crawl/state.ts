/**
 * The crawl's memory, one row per URL in the dataset's Store (`crawl_fetches`): what was fetched,
 * its validators for the next run's conditional request, the archived body, and whether a report was
 * read from it. Each row is written when its fetch ends, so a crawl killed at any point resumes.
 */
import type { Store } from '../dataset/store.js';
import { CRAWL_FETCHES } from '../dataset/tables.js';

export type FetchKind = 'list' | 'article' | 'attachment' | 'robots';
export type FetchState = 'fetched' | 'not_modified' | 'blocked' | 'failed' | 'skipped';

export interface FetchRow {
  url: string;
  seed_url: string;
  region_code: string | null;
  issuer: string | null;
  kind: FetchKind;
  parent_url: string | null;
  state: FetchState;
  http_status: number | null;
  final_url: string | null;
  content_type: string | null;
  charset: string | null;
  etag: string | null;
  last_modified: string | null;
  sha256: string | null;
  title: string | null;
  year: number | null;
  role: string | null;
  report_id: string | null;
  fetched_at: string | null;
  reason: string | null;
}

const COLUMNS = CRAWL_FETCHES.columns.map((c) => c.name);

export class CrawlState {
  constructor(private readonly store: Store) {}

  async get(url: string): Promise<FetchRow | undefined> {
    const [row] = await this.store.query<FetchRow>(`SELECT * FROM crawl_fetches WHERE url = ?`, [url]);
    return row;
  }

  /** Writes the row whole (what a fetch learnt replaces what the last one did). */
  async put(row: FetchRow): Promise<void> {
    const set = COLUMNS.filter((c) => c !== 'url').map((c) => `${c} = excluded.${c}`).join(', ');
    await this.store.query(
      `INSERT INTO crawl_fetches (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})
       ON CONFLICT (url) DO UPDATE SET ${set}`,
      COLUMNS.map((c) => row[c as keyof FetchRow]),
    );
  }

  async setReport(url: string, reportId: string): Promise<void> {
    await this.store.query(`UPDATE crawl_fetches SET report_id = ? WHERE url = ?`, [reportId, url]);
  }

  /** The seeds crawled into this dataset (for coverage without a seeds file). */
  async seeds(): Promise<{ url: string; region_code: string; issuer: string }[]> {
    return this.store.query(
      `SELECT seed_url url, coalesce(max(region_code), '') region_code, coalesce(max(issuer), '') issuer FROM crawl_fetches WHERE kind <> 'robots' GROUP BY seed_url ORDER BY seed_url`,
    );
  }
}

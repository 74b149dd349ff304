/**
 * The comparison API over PostgreSQL (`nianbao serve --db`) gives the same answers as over SQLite: the
 * small dataset of serve.test.ts (洪泽区 2023 and 2024, 淮安市 2024, 昌乐县 2020, a township without a
 * region code) put into both, and search, the region page, compare, ranking (a prefix, a list and the
 * national one) and a correction round trip asked of both. Needs NIANBAO_TEST_PG=postgres://…
 * (.ci/run starts a server and sets it); skipped without it.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../src/dataset/open.js';
import { SqliteStore } from '../src/dataset/sqlite.js';
import type { Store } from '../src/dataset/store.js';
import { processFile } from '../src/pipeline/process.js';
import { createApp } from '../src/serve/app.js';
import { reviewCorrections } from '../src/serve/corrections.js';
import { DOCS } from './support/serve-dataset.js';

const url = process.env.NIANBAO_TEST_PG;
const schema = `t_serve_${process.pid}_${Date.now() % 100000}`;
const KEY = 'requests.received.total';

describe.skipIf(!url)('the comparison API over PostgreSQL', () => {
  let lite: Store;
  let pgs: Store;
  let hz2024: string;

  beforeAll(async () => {
    lite = new SqliteStore(join(mkdtempSync(join(tmpdir(), 'nianbao-serve-pg-')), 'nianbao.sqlite'));
    pgs = await openStore({ out: '', db: url, schema });
    for (const doc of Object.values(DOCS)) {
      const rec = await processFile(doc);
      if (doc.includes('2024.pdf') && doc.includes('hongze')) hz2024 = rec.source.sha256;
      await lite.put(rec);
      await pgs.put(rec);
    }
  }, 120_000);

  afterAll(async () => {
    await lite?.close();
    await pgs?.close();
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  });

  /** The same GET of both, as status and JSON. */
  async function both(path: string): Promise<[unknown, unknown]> {
    const [a, b] = await Promise.all([createApp(lite).request(path), createApp(pgs).request(path)]);
    expect(b.status, path).toBe(a.status);
    return [await a.json(), await b.json()];
  }

  it('gets the indexes of tables.ts, the serving ones included', async () => {
    const names = (await pgs.query<{ n: string }>(`SELECT indexname n FROM pg_indexes WHERE schemaname = ?`, [schema])).map((r) => r.n);
    expect(names).toEqual(expect.arrayContaining(['reports_serve', 'report_values_key_year', 'reports_region_year', 'corrections_report_key']));
    // A dataset made before these indexes existed gets them when opened, even to read it (serve opens with mustExist).
    await pgs.query(`DROP INDEX ${schema}.reports_serve`);
    await pgs.query(`DROP INDEX ${schema}.report_values_key_year`);
    const reopened = await openStore({ out: '', db: url, schema }, { mustExist: true });
    await reopened.close();
    const again = (await pgs.query<{ n: string }>(`SELECT indexname n FROM pg_indexes WHERE schemaname = ?`, [schema])).map((r) => r.n);
    expect(again).toEqual(expect.arrayContaining(['reports_serve', 'report_values_key_year']));
  });

  it('answers search, region, compare and ranking as SQLite does', async () => {
    const paths = [
      ...['洪泽', '淮安市', '320813', '3208', '32', '昌乐', '石桥镇', '%'].map((q) => `/api/search?q=${encodeURIComponent(q)}`),
      '/api/region/320813', '/api/region/320800', '/api/region/370725', '/api/region/999999',
      '/api/compare?regions=320813,370725&measure=requests_received&from=2020&to=2024',
      '/api/compare?regions=320813,320800&measure=disclosure_rate',
      '/api/compare?regions=320813&measure=review_correction_rate&from=2023&to=2024',
      '/api/ranking?measure=requests_received&year=2024&within=3208',
      '/api/ranking?measure=refusal_rate&year=2024&within=all',
      '/api/ranking?measure=review_correction_rate&year=2023&within=32',
      '/api/ranking?measure=requests_received&year=2024&regions=320813,320800',
      '/api/ranking?measure=litigation_per_100&year=2020&within=all&issuer_type=government',
    ];
    for (const path of paths) {
      const [a, b] = await both(path);
      expect(b, path).toEqual(a);
    }
    // Not empty answers compared with each other.
    const [region] = await both('/api/region/320813');
    expect((region as { issuers: { years: unknown[] }[] }).issuers[0].years).toHaveLength(2);
    const [national] = await both('/api/ranking?measure=requests_received&year=2024&within=all');
    expect((national as { rows: { region_code: string }[] }).rows.map((r) => r.region_code)).toEqual(['320800', '320813']);
  });

  it('makes, supersedes, shows and flags a correction as SQLite does', async () => {
    const post = (s: Store, value: number, reason: string) =>
      createApp(s).request('/api/corrections', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ report_id: hz2024.slice(0, 16), key: KEY, value, reason, who: 'ann' }),
      });
    const without = (x: unknown) => JSON.parse(JSON.stringify(x), (k, v) => (k === 'created_at' ? undefined : v));
    for (const [value, reason] of [[96, 'p.3 prints 96'], [97, 'recounted']] as const) {
      const [a, b] = await Promise.all([post(lite, value, reason), post(pgs, value, reason)]);
      expect([a.status, b.status]).toEqual([201, 201]);
      expect(without(await b.json())).toEqual(without(await a.json()));
    }
    for (const path of [`/api/corrections?report_id=${hz2024}&all=1`, '/api/corrections', '/api/region/320813', '/api/compare?regions=320813&measure=requests_received&from=2024&to=2024']) {
      const [a, b] = await both(path);
      expect(without(b), path).toEqual(without(a));
    }
    // A re-read that gives another value: flagged in both, once.
    for (const s of [lite, pgs]) {
      const [{ value }] = await s.query<{ value: number }>(`SELECT value FROM report_values WHERE report_id = ? AND key = ?`, [hz2024, KEY]);
      await s.query(`UPDATE report_values SET value = ? WHERE report_id = ? AND key = ?`, [value + 1, hz2024, KEY]);
      expect((await reviewCorrections(s)).map((c) => c.corrected_value)).toEqual([97]);
      expect(await reviewCorrections(s)).toEqual([]);
    }
    const [a, b] = await both(`/api/corrections?report_id=${hz2024}`);
    expect(without(b)).toEqual(without(a));
    expect((a as { corrections: { needs_review: boolean }[] }).corrections).toEqual([expect.objectContaining({ needs_review: true })]);
  });
});

import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Archive } from '../src/crawl/archive.js';

describe('Archive', () => {
  it('stores one body fetched from many URLs at once: one file, every fetch in its sidecar, no temporary file left', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'archive-'));
    const archive = new Archive(dir);
    const body = new TextEncoder().encode('User-agent: *\nAllow: /\n');
    const seed = { region_code: '', issuer: '', url: 'http://a.example/' };
    const stored = await Promise.all(
      Array.from({ length: 20 }, (_, i) => archive.put(body, { url: `http://h${i}.example/robots.txt`, finalUrl: `http://h${i}.example/robots.txt`, fetchedAt: 'now', status: 200, seed })),
    );
    expect(new Set(stored.map((s) => s.path)).size).toBe(1);
    expect(stored.filter((s) => s.isNew)).toHaveLength(1);
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.includes('.'));
    expect(files.filter((f) => f.includes('.tmp-'))).toEqual([]);
    const side = JSON.parse(readFileSync(`${stored[0].path}.json`, 'utf8'));
    expect(side.fetches.map((f: { url: string }) => f.url).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `http://h${i}.example/robots.txt`).sort());
    expect(await archive.find(stored[0].sha256)).toBe(stored[0].path);
  });
});

/**
 * The PDF reader at its limits: huge documents, huge pages, broken cross-reference tables. Each must
 * either extract or fail with a clear error inside the per-document time limit, and never take the
 * batch down.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildPdf, type PageSpec } from '../scripts/pdf-synth.js';
import { IngestError } from '../src/ingest/errors.js';
import { readPdf } from '../src/ingest/pdf/index.js';
import { processBytes } from '../src/pipeline/process.js';

const textPage = (lines: string[]): PageSpec => ({
  width: 595,
  height: 842,
  draw: lines.map((text, i) => ({ t: 'text' as const, x: 40, y: 60 + (i % 60) * 12, size: 9, text })),
});

describe('PDF limits', () => {
  it('reads a 300-page document within the time limit', async () => {
    // Different text on every page: a line repeated in the same place on every page is a running header and is dropped.
    const pdf = buildPdf(Array.from({ length: 300 }, (_, p) => textPage(Array.from({ length: 3 + (p % 5) }, (_, l) => `Section ${p}.${l}: ${'abcdefghij'.slice(0, 1 + ((p + l) % 10))}`))));
    const t = Date.now();
    const doc = await readPdf(pdf, { path: 'synthetic-300.pdf', timeoutMs: 60_000 });
    expect(doc.pages).toBe(300);
    expect(doc.blocks.filter((b) => b.kind === 'line').length).toBeGreaterThanOrEqual(900);
    expect(Date.now() - t).toBeLessThan(60_000);
  }, 90_000);

  it('reads a page of 50,000 text items, or stops at the limit with a timeout error', async () => {
    const draw = Array.from({ length: 50_000 }, (_, i) => ({ t: 'text' as const, x: 20 + (i % 100) * 5.5, y: 20 + Math.floor(i / 100) * 1.6, size: 2, text: String(i % 10) }));
    const pdf = buildPdf([{ width: 595, height: 842, draw }]);
    const limit = 30_000;
    const t = Date.now();
    const res = await readPdf(pdf, { path: 'dense.pdf', timeoutMs: limit }).catch((e: unknown) => e);
    if (res instanceof IngestError) expect(res.code).toBe('timeout');
    else expect((res as { pages: number }).pages).toBe(1);
    expect(Date.now() - t).toBeLessThan(limit + 15_000);
  }, 90_000);

  it('recovers from a broken cross-reference table (pdf.js rebuilds it by scanning)', async () => {
    const good = readFileSync('corpus/real/002_hongze_district_2023.pdf');
    // Point startxref at garbage: pdf.js must rebuild the xref by scanning, as viewers do.
    const text = good.toString('latin1');
    const at = text.lastIndexOf('startxref');
    const broken = Buffer.from(text.slice(0, at) + 'startxref\n999999999\n%%EOF\n', 'latin1');
    const rec = await processBytes(broken, 'broken-xref.pdf');
    expect(rec.errors).toEqual([]);
    expect(rec.values['requests.received.total']).toBe(21);
    expect(rec.values['review.upheld']).toBe(10);
  }, 60_000);
});

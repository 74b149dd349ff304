/**
 * The memory ceiling of worker processes (src/batch/memory.ts, pool.ts; issue 14): the watch stops
 * a process over its share of the ceiling, and the pool turns a stopped worker into a record with
 * `memory_limit` while the next document still reads. Runs the compiled worker script.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_MEMORY_MB, heapLimitMb, memoryOf, MemoryWatch } from '../src/batch/memory.js';
import { createRunner } from '../src/batch/pool.js';

const MB = 2 ** 20;
const expected = (await import('../corpus/real/changle_2020.expected.json', { with: { type: 'json' } })).default as { values: Record<string, number | null> };

/** A process that takes 4 MB more every 10 ms (faster than any reader), and holds it, until it is stopped. */
function hog() {
  return spawn(process.execPath, ['-e', 'const a = []; setInterval(() => a.push(Buffer.alloc(4 * 2 ** 20, 1)), 10);'], { stdio: 'ignore' });
}

describe('MemoryWatch', () => {
  it('stops a process before its resident memory passes the ceiling, and says how far it got', async () => {
    const child = hog();
    const watch = new MemoryWatch(256 * MB);
    watch.add(child.pid!);
    const [, signal] = await new Promise<[number | null, string | null]>((r) => child.once('exit', (code, sig) => r([code, sig])));
    const { killedAt, peak } = watch.remove(child.pid!);
    watch.close();
    expect(signal).toBe('SIGKILL');
    expect(killedAt).toBeGreaterThan(192 * MB);
    expect(killedAt).toBeLessThan(256 * MB);
    expect(peak).toBeLessThan(256 * MB);
    expect(memoryOf(child.pid!)).toBeUndefined();
  });

  it('leaves a process under the ceiling alone', async () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 300)'], { stdio: 'ignore' });
    const watch = new MemoryWatch(1024 * MB);
    watch.add(child.pid!);
    const [code] = await new Promise<[number | null]>((r) => child.once('exit', (c) => r([c])));
    expect(code).toBe(0);
    expect(watch.remove(child.pid!).killedAt).toBeUndefined();
    watch.close();
  });

  it('gives the heap three quarters of the ceiling', () => {
    expect(heapLimitMb(1024)).toBe(768);
    expect(heapLimitMb(512)).toBe(384);
  });
});

describe('the pool under a memory ceiling', () => {
  it('reads a document in a worker process with one job when asked to isolate, and knows its peak', async () => {
    const runner = createRunner(1, { isolate: true, maxMemoryMb: 1024 });
    try {
      const rec = await runner.run({ path: 'corpus/real/changle_2020.txt' });
      expect(rec.errors).toEqual([]);
      expect(rec.values['requests.received.total']).toBe(expected.values['requests.received.total']);
      expect(runner.peakWorkerBytes()).toBeGreaterThan(20 * MB);
      expect(runner.peakWorkerBytes()).toBeLessThan(1024 * MB);
    } finally {
      await runner.close();
    }
  });

  it('reads 300 dpi scans one after another in one worker under the default ceiling (OCR is the hungriest reader)', async () => {
    const runner = createRunner(1, { isolate: true });
    try {
      for (const f of ['corpus/generated/scans/b_department_2019.scan300.pdf', 'corpus/generated/scans/a_county_2021.scan300_bilevel.pdf']) {
        const rec = await runner.run({ path: f });
        expect(rec.issues.map((i) => i.code)).not.toContain('memory_limit');
        const want = JSON.parse(readFileSync(f.replace(/\.pdf$/, '.expected.json'), 'utf8')) as { values: Record<string, number | null> };
        const key = 'requests.received.total';
        expect(rec.values[key], f).toBe(want.values[key]);
      }
      expect(runner.peakWorkerBytes()).toBeLessThan(DEFAULT_MAX_MEMORY_MB * MB);
    } finally {
      await runner.close();
    }
  }, 120_000);

  it('a worker over the ceiling gives a memory_limit record, and the pool starts a new worker for the next document', async () => {
    // 64 MB is below what a worker holds once the readers are loaded (~90 MB): every document is over it.
    const tight = createRunner(1, { isolate: true, maxMemoryMb: 64 });
    try {
      const rec = await tight.run({ path: 'corpus/real/changle_2020.txt' });
      expect(rec.issues.map((i) => i.code)).toEqual(['memory_limit']);
      expect(rec.errors[0]).toMatch(/^corpus\/real\/changle_2020\.txt: the worker reading it reached \d+ MB of its 64 MB memory ceiling \(--max-memory\)/);
      expect(rec.values).toEqual({});
      expect(rec.source.sha256).toMatch(/^[0-9a-f]{64}$/);
      const again = await tight.run({ path: 'corpus/real/changle_2020.txt' });
      expect(again.issues[0].code).toBe('memory_limit');
    } finally {
      await tight.close();
    }
  });
});

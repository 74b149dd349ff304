/**
 * Issue 14, measured: every file of the hostile set (scripts/hostile.ts, the large ones too) read
 * through the built pipeline in a process of its own (`node dist/scripts/hostile.js --read FILE`),
 * which must give the expected record and stay well under 512 MB of peak resident memory. Runs the
 * compiled code, so it is in the e2e project (vitest.config.ts builds dist/ first).
 */
import { execFileSync } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOSTILE, writeHostileSet, type HostileEntry } from '../scripts/hostile.js';

const READER = 'dist/scripts/hostile.js';
const CEILING_MB = 512;
const dir = path.join(tmpdir(), `nianbao-hostile-mem-${process.pid}`);
let set: HostileEntry[] = [];

beforeAll(async () => {
  set = await writeHostileSet(dir);
}, 120_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('each hostile file is read in bounded memory', () => {
  for (const spec of HOSTILE) {
    it(`${spec.name}: ${spec.code ?? 'read'}, under ${CEILING_MB} MB`, () => {
      const entry = set.find((e) => e.name === spec.name)!;
      const out = execFileSync(process.execPath, [READER, '--read', entry.path], { encoding: 'utf8', timeout: 120_000 });
      const r = JSON.parse(out.trim().split('\n').at(-1)!) as { code: string | null; message: string | null; maxRssMB: number; seconds: number };
      if (spec.code) {
        expect(r.code).toBe(spec.code);
        expect(r.message).toContain(entry.path);
      } else expect(['too_large', 'decompression_limit', 'reader_failed']).not.toContain(r.code);
      expect(r.maxRssMB).toBeLessThan(CEILING_MB);
      expect(r.seconds).toBeLessThan(30);
    }, 150_000);
  }
});

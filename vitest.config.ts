import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Two projects. `unit`: in-process, seconds in all. `e2e`: files that spawn processes (the built CLI,
 * the worker pool), need a database, OCR scanned pages, or take more than ~3 s; its globalSetup builds
 * dist/ first (test/support/build.ts; if that fails, each e2e file fails with the compiler's message:
 * test/support/built.ts).
 *   npx vitest run                  everything (npm test)
 *   npx vitest run --project unit   the fast ones (npm run test:unit)
 *   npx vitest run --project e2e    the slow ones (npm run test:e2e)
 * A new test file lands in `unit`, unless it runs the compiled code (bin/nianbao.js or dist/: only
 * `e2e` builds it first); list it below if it is slow or spawns anything else.
 */
const SLOW = [
  'test/batch.test.ts', // CLI and worker-pool child processes, 300-document batches (~50 s)
  'test/corpus.test.ts', // the whole corpus end to end, and the built CLI (~2.5 min)
  'test/ocr.test.ts', // tesseract on scanned pages, a child process (~2-3 min)
  'test/pdf.test.ts', // 45 pdf.js reads, none slow alone but ~4 s together (the unit project's slowest file by far)
  'test/pdf-limits.test.ts', // 300-page and 50,000-item PDFs, time limits (~4 s)
  'test/postgres.test.ts', // PostgreSQL (NIANBAO_TEST_PG; skipped without it)
  'test/postgres-queue.test.ts', // PostgreSQL and pg-boss workers in child processes (NIANBAO_TEST_PG)
  'test/serve-postgres.test.ts', // the comparison API over PostgreSQL against SQLite (NIANBAO_TEST_PG; skipped without it)
  'test/crawl-net.test.ts', // HTTP servers on 127.0.0.1, retries and timeouts that wait on real time (~6 s)
  'test/memory.test.ts', // worker processes of the compiled pool under a memory ceiling, a process that eats memory, two scans OCR'd (~30 s)
  'test/web.test.ts', // the page in headless Chromium (playwright-core, /usr/bin/chromium), built by vite first (~30 s)
  'test/crawl-families.test.ts', // Hanweb, gkmlpt and fault sites on 127.0.0.1, a Retry-After and timeouts on real time (~6 s)
];

/** Test files that run the built code, which only the e2e project builds before it runs. */
const RUNS_DIST = /bin\/nianbao\.js|\bdist\//;
const root = fileURLToPath(new URL('.', import.meta.url));
const testFiles = readdirSync(join(root, 'test'), { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.test.ts'))
  .map((f) => `test/${f.replaceAll('\\', '/')}`);
const runsDist = testFiles.filter((f) => RUNS_DIST.test(readFileSync(join(root, f), 'utf8')));
const E2E = [...new Set([...SLOW, ...runsDist])].sort();

export default defineConfig({
  test: {
    // Root options only (the projects do not take reporters): the last line of a run is "N passed, N failed".
    reporters: ['default', './test/support/count-reporter.ts'],
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: [...configDefaults.exclude, ...E2E] },
      },
      {
        extends: true,
        test: { name: 'e2e', include: E2E, globalSetup: ['test/support/build.ts'], setupFiles: ['test/support/built.ts'] },
      },
    ],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});

/**
 * globalSetup of the e2e project (vitest.config.ts): compiles src/ and scripts/ into dist/ before the
 * tests that run the compiled code (bin/nianbao.js in child processes, the pool's worker processes),
 * so `npx vitest run` never tests a stale dist/. Incremental (`tsc -b`, build info in dist/): with
 * nothing changed it takes a fraction of a second.
 *
 * A failed build (a type error) does not abort the run: the unit tests still run, and every e2e file
 * fails with the compiler's message (test/support/built.ts), so the run still ends with the
 * "N passed, N failed" line that CI reads, and fails.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Empty when dist/ is built; else why not (the compiler's output). */
    buildError: string;
  }
}

const root = fileURLToPath(new URL('../..', import.meta.url));
const CONFIG = 'tsconfig.build.json';
const BUILD_INFO = join(root, 'dist', '.tsbuildinfo');

/** Sources (under the build's include folders) whose .js is missing from dist/. */
function missingOutputs(): string[] {
  const missing: string[] = [];
  for (const dir of ['src', 'scripts']) {
    if (!existsSync(join(root, dir))) continue;
    for (const e of readdirSync(join(root, dir), { recursive: true, withFileTypes: true })) {
      if (!e.isFile() || !e.name.endsWith('.ts') || e.name.endsWith('.d.ts')) continue;
      const rel = relative(root, join(e.parentPath, e.name));
      if (!existsSync(join(root, 'dist', rel.replace(/\.ts$/, '.js')))) missing.push(rel);
    }
  }
  return missing;
}

/** Builds dist/; returns '' or the reason it failed. */
export function build(): string {
  // tsc -b trusts its build info and does not notice an output deleted by hand: start over then.
  if (existsSync(BUILD_INFO) && missingOutputs().length) rmSync(BUILD_INFO);
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  try {
    execFileSync(process.execPath, [tsc, '-b', CONFIG], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return '';
  } catch (e) {
    const { stdout = '', stderr = '', message } = e as { stdout?: string; stderr?: string; message: string };
    return `\`tsc -b ${CONFIG}\` failed, so dist/ may be stale or wrong:\n${(stdout + stderr).trim() || message}`;
  }
}

export default function setup(project: TestProject): void {
  const error = build();
  if (error) process.stderr.write(`\ntest/support/build.ts: ${error}\n\n`);
  project.provide('buildError', error);
}

/**
 * setupFile of the e2e project: when the build before the run failed (test/support/build.ts, which
 * also declares `buildError`), every e2e file fails with the compiler's message instead of running on
 * a stale or half-built dist/.
 */
import { inject } from 'vitest';

const error = inject('buildError');
if (error) {
  const lines = error.split('\n');
  const more = lines.length > 8 ? `\n… ${lines.length - 8} more lines: the build output at the start of the run has them all` : '';
  throw new Error(`dist/ is not built: ${lines.slice(0, 8).join('\n')}${more}`);
}

/**
 * Batch progress: a bar on a terminal (files done, rate, ETA, failures so far), plain progress lines
 * when stderr is not a terminal (logs, CI, cron), never both.
 */
import cliProgress from 'cli-progress';

export interface Progress {
  /** One document finished; `failed` when its record carries errors. */
  tick(failed: boolean, skipped?: boolean): void;
  log(line: string): void;
  stop(): void;
}

const PLAIN_EVERY_MS = 5_000;

export function createProgress(total: number, opts: { tty?: boolean; quiet?: boolean; write?: (s: string) => void } = {}): Progress {
  const write = opts.write ?? ((s: string) => process.stderr.write(s));
  let done = 0;
  let failures = 0;
  let skipped = 0;
  const started = Date.now();
  const rate = () => done / Math.max(0.001, (Date.now() - started) / 1000);
  const eta = () => (done ? Math.round((total - done) / rate()) : NaN);

  if (opts.quiet) return { tick: (f, s) => void (done++, f && failures++, s && skipped++), log: () => {}, stop: () => {} };

  if (opts.tty ?? process.stderr.isTTY) {
    const multi = new cliProgress.MultiBar(
      {
        format: '{bar} {value}/{total} files | {rate}/s | ETA {eta_formatted} | {failures} failed | {skipped} unchanged',
        hideCursor: true,
        stream: process.stderr,
        etaBuffer: 50,
      },
      cliProgress.Presets.shades_classic,
    );
    const bar = multi.create(total, 0, { rate: '0.0', failures: 0, skipped: 0 });
    return {
      tick(failed, skip) {
        done++;
        if (failed) failures++;
        if (skip) skipped++;
        bar.update(done, { rate: rate().toFixed(1), failures, skipped });
      },
      log: (line) => multi.log(line + '\n'),
      stop: () => multi.stop(),
    };
  }

  let lastLine = 0;
  const line = () =>
    write(`progress: ${done}/${total} files, ${rate().toFixed(1)}/s, ETA ${Number.isNaN(eta()) ? '?' : `${eta()}s`}, ${failures} failed, ${skipped} unchanged\n`);
  return {
    tick(failed, skip) {
      done++;
      if (failed) failures++;
      if (skip) skipped++;
      if (Date.now() - lastLine >= PLAIN_EVERY_MS || done === total) {
        lastLine = Date.now();
        line();
      }
    },
    log: (l) => write(l + '\n'),
    stop: () => {},
  };
}

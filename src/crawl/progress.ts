/**
 * What a crawl shows while it runs: on a terminal, one status line kept up to date (hosts active,
 * pages fetched, reports found, blocked, failures) with the report/blocked/failed lines printed above
 * it; elsewhere (cron, logs) those lines and a status line every few seconds.
 */
import cliProgress from 'cli-progress';
import type { CrawlSummary } from './crawl.js';

export interface CrawlProgress {
  log(line: string): void;
  update(s: Readonly<CrawlSummary>): void;
  stop(): void;
}

const PLAIN_EVERY_MS = 10_000;
const status = (s: Readonly<CrawlSummary>) =>
  `${s.active} hosts active | ${s.listPages} list pages, ${s.fetched + s.notModified} pages fetched | ${s.reportsRead} reports read | ${s.blocked} blocked | ${s.failed} failed`;

export function crawlProgress(opts: { tty?: boolean; write?: (s: string) => void } = {}): CrawlProgress {
  const write = opts.write ?? ((s: string) => process.stderr.write(s));
  if (opts.tty ?? process.stderr.isTTY) {
    const multi = new cliProgress.MultiBar({ format: '{status}', hideCursor: true, stream: process.stderr });
    const line = multi.create(1, 0, { status: 'starting' });
    return {
      log: (l) => multi.log(`${l}\n`),
      update: (s) => line.update(0, { status: status(s) }),
      stop: () => multi.stop(),
    };
  }
  let last = Date.now();
  return {
    log: (l) => write(`${l}\n`),
    update(s) {
      if (Date.now() - last < PLAIN_EVERY_MS) return;
      last = Date.now();
      write(`progress: ${status(s)}\n`);
    },
    stop: () => {},
  };
}

/**
 * Politeness per host: at most one request in flight to a host, the next one no sooner than `delay`
 * after the previous one ended (so a slow server gets slower requests, not more), and later still
 * when the host asked for it (Retry-After, robots.txt Crawl-delay). Many hosts run in parallel, up to
 * `hosts` requests at once; a host waiting out its delay holds no slot.
 *
 * A host is `URL.host` (name and port): the politeness a server asks for is its own, and two test
 * servers on one address are two hosts.
 */
import PQueue from 'p-queue';

interface HostState {
  /** One task at a time, in order of arrival. */
  queue: PQueue;
  delayMs: number;
  /** When the previous request to the host ended (ms since the epoch; 0 before the first). */
  lastEnd: number;
  /** No request before this time (Retry-After); 0 when the host asked for nothing. */
  notBefore: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class HostScheduler {
  private readonly byHost = new Map<string, HostState>();
  private readonly slots: PQueue;

  constructor(
    private readonly defaultDelayMs: number,
    hosts: number,
  ) {
    this.slots = new PQueue({ concurrency: Math.max(1, hosts) });
  }

  private state(host: string): HostState {
    let s = this.byHost.get(host);
    if (!s) {
      s = { queue: new PQueue({ concurrency: 1 }), delayMs: this.defaultDelayMs, lastEnd: 0, notBefore: 0 };
      this.byHost.set(host, s);
    }
    return s;
  }

  /** The delay between two requests to `host`, in ms. */
  delayOf(host: string): number {
    return this.state(host).delayMs;
  }

  /** Raise (never lower) the delay for `host`: robots.txt's Crawl-delay. */
  raiseDelay(host: string, ms: number): void {
    const s = this.state(host);
    if (Number.isFinite(ms) && ms > s.delayMs) s.delayMs = ms;
  }

  /** No request to `host` before `at` (ms since the epoch): Retry-After, or a retry's backoff. */
  deferUntil(host: string, at: number): void {
    const s = this.state(host);
    if (at > s.notBefore) s.notBefore = at;
  }

  /** Run `task` as the next request to `host`, once the host is ready and a slot is free. */
  run<T>(host: string, task: () => Promise<T>): Promise<T> {
    const s = this.state(host);
    return s.queue.add(async () => {
      // Re-read the times after each sleep: a Crawl-delay or a Retry-After may have raised them meanwhile.
      for (;;) {
        const wait = Math.max(s.lastEnd + s.delayMs, s.notBefore) - Date.now();
        if (wait <= 0) break;
        await sleep(wait);
      }
      try {
        return await this.slots.add(task);
      } finally {
        s.lastEnd = Date.now();
      }
    });
  }
}

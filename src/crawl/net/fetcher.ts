/**
 * The crawler's HTTP client: one GET with everything a polite, safe crawler needs around it.
 *
 *  - Polite: a User-Agent that names us and a contact; robots.txt obeyed (robots.ts); one request in
 *    flight per host and a delay between requests (host-scheduler.ts), raised by Crawl-delay and
 *    Retry-After; retries only where the server said "not now" (retry.ts); conditional requests, so an
 *    unchanged page costs the server a 304.
 *  - Safe: http and https only; no connection to a private, loopback, link-local … address, checked
 *    on the address actually connected to (agent.ts); redirects followed by hand, each hop checked
 *    again (scheme, address, robots), bounded and loop-checked; bodies capped while streaming
 *    (read-body.ts); timeouts for connect, headers, body (between chunks) and the whole response.
 *  - Answers as data: a response (any status) or a FetchFailure with a kind and a sentence; nothing
 *    thrown for anything the network or a server can do.
 *
 * undici's own `request` and Agent are used, not the global fetch: fetch follows redirects and
 * decompresses on its own and hides the connect step we need to check.
 */
import type { LookupFunction } from 'node:net';
import { request, type Dispatcher } from 'undici';
import { addressChecker, type AddressCheck } from './address.js';
import { createAgent, REFUSED_ADDRESS, refusedLiteral, type RefusedAddressError } from './agent.js';
import { detectBlocked } from './blocked.js';
import { detectCharset } from './charset.js';
import { failure, type Failure, type FetchFailure } from './failure.js';
import { HostScheduler } from './host-scheduler.js';
import { ACCEPT_ENCODING, declaredTooLarge, readBody } from './read-body.js';
import { backoffMs, isRetryableStatus, retryAfterMs } from './retry.js';
import { RobotsCache, type RobotsLoad } from './robots.js';
import { checkUserAgent, PRODUCT_TOKEN } from './user-agent.js';

export interface FetcherOptions {
  /** `nianbao/<version> (+contact: <email>)` (user-agent.ts: nianbaoUserAgent); required. */
  userAgent: string;
  /** Least time between the end of one request to a host and the start of the next (default 1000 ms). */
  delayMs?: number;
  /** Requests in flight at once, over all hosts (one per host; default 16). */
  hosts?: number;
  /** Attempts per request, the first included (default 3). */
  maxAttempts?: number;
  /** The first retry's wait; doubled for each further one (default 1000 ms). */
  retryBaseMs?: number;
  /** A Retry-After longer than this is not waited for: the response is returned as it is (default 120 s). */
  maxRetryAfterMs?: number;
  /** TCP (and TLS) connect (default 10 s). */
  connectTimeoutMs?: number;
  /**
   * From the request sent to the response's headers (default 30 s). This and bodyTimeoutMs are
   * undici's own timers, which tick about once a second: a 150 ms limit fires after up to ~1 s.
   */
  headersTimeoutMs?: number;
  /** Longest silence between two chunks of the body (default 30 s). */
  bodyTimeoutMs?: number;
  /** The whole request, headers and body, so a trickling server cannot hold us forever (default 120 s). */
  totalTimeoutMs?: number;
  /** Body size cap, decoded bytes (default 50 MB). */
  maxBytes?: number;
  /** Redirects followed per fetch (default 5). */
  maxRedirects?: number;
  /** Keeps each robots.txt between runs, so a re-crawl asks for it conditionally (ETag / Last-Modified). */
  robotsMemory?: RobotsMemory;
  /** Obey robots.txt (default true). Off only for tests of other things. */
  robots?: boolean;
  /** Connect to any address, private ones included (default false; test fixtures on 127.0.0.1 need it). */
  allowPrivate?: boolean;
  /** Addresses or CIDR blocks allowed although private ('127.0.0.1', '10.8.0.0/16'). */
  allowAddresses?: readonly string[];
  /** The DNS resolver (default dns.lookup); tests map made-up names with it. */
  lookup?: LookupFunction;
}

export interface FetchRequest {
  /** The ETag of the copy we have: sent as If-None-Match. */
  etag?: string;
  /** The Last-Modified of the copy we have: sent as If-Modified-Since. */
  lastModified?: string;
  /** The page the URL was found on. */
  referer?: string;
}

export interface FetchResponse {
  ok: true;
  /** The URL asked for. */
  url: string;
  /** The URL that answered, after redirects. */
  finalUrl: string;
  status: number;
  /** Header names lower-cased; repeated headers joined with ", " (Set-Cookie with "\n"). */
  headers: Record<string, string>;
  /** The body, decoded from gzip/deflate/br; empty for a 304. */
  body: Uint8Array;
  /** The media type without parameters, lower-cased ('text/html'), if the server sent one. */
  contentType: string | undefined;
  /** WHATWG encoding name ('gbk', 'utf-8') from the BOM, else the header, else <meta>. */
  charset: string | undefined;
  etag: string | undefined;
  lastModified: string | undefined;
  /** The URLs that answered with a redirect, in order: [url, …] when redirected, [] when not. */
  redirects: string[];
  /** ISO time the response's headers arrived. */
  fetchedAt: string;
  /** 304 to a conditional request: the copy we have is current; etag/lastModified are the current ones. */
  notModified: boolean;
  /** Requests made for the final URL (1 unless retried). */
  attempts: number;
}

export type FetchResult = FetchResponse | FetchFailure;

export interface Fetcher {
  fetch(url: string, req?: FetchRequest): Promise<FetchResult>;
  /** The robots.txt rules seen so far (and a way to ask for more). */
  readonly robots: RobotsCache;
  /** The per-host delays, as raised by Crawl-delay. */
  delayOf(host: string): number;
  /** Close the connections. */
  close(): Promise<void>;
}

/** One request's answer, before redirects are looked at. */
interface Answer {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array;
  at: Date;
}
type Attempt = { ok: true; answer: Answer } | { ok: false; failure: Failure; retry: boolean };

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const EMPTY = new Uint8Array(0);
const ROBOTS_MAX_BYTES = 512 * 1024;
const ACCEPT = 'text/html,application/xhtml+xml,application/pdf,application/msword,application/vnd.openxmlformats-officedocument.wordprocessingml.document,*/*;q=0.8';

/** Error codes that say the certificate or TLS setup is wrong: asking again will not fix it. */
const TLS_CODE = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_(VERIFY|GET)/;

function lowerHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    const key = name.toLowerCase();
    out[key] = Array.isArray(value) ? value.join(key === 'set-cookie' ? '\n' : ', ') : value;
  }
  return out;
}

function errorCode(err: unknown): string | undefined {
  const e = err as { code?: unknown; cause?: { code?: unknown } } | null;
  const code = e?.code ?? e?.cause?.code;
  return typeof code === 'string' ? code : undefined;
}

/** A thrown error as a failure, and whether another attempt could help. */
function classify(err: unknown, url: URL, deadlineHit: boolean, totalTimeoutMs: number): { failure: Failure; retry: boolean } {
  const code = errorCode(err);
  const host = url.host;
  if (code === REFUSED_ADDRESS) {
    const e = ((err as { code?: string }).code === REFUSED_ADDRESS ? err : (err as { cause: unknown }).cause) as RefusedAddressError;
    return { failure: failure('refused_address', `Refused to connect to ${host}: ${e.message}.`, e.range), retry: false };
  }
  if (deadlineHit) return { failure: failure('timeout', `${url.href} took longer than ${totalTimeoutMs} ms in all.`, 'total'), retry: false };
  switch (code) {
    // Nothing reached the server: another attempt may connect.
    case 'UND_ERR_CONNECT_TIMEOUT':
      return { failure: failure('timeout', `Connecting to ${host} timed out.`, code), retry: true };
    // The server has the request and is slow: asking again adds to its load.
    case 'UND_ERR_HEADERS_TIMEOUT':
      return { failure: failure('timeout', `${host} sent no response headers in time.`, code), retry: false };
    case 'UND_ERR_BODY_TIMEOUT':
      return { failure: failure('timeout', `${host} stopped sending the body of ${url.href}.`, code), retry: false };
    case 'ENOTFOUND':
      return { failure: failure('network', `${url.hostname} has no address (DNS).`, code), retry: false };
  }
  if (code && TLS_CODE.test(code)) return { failure: failure('network', `TLS with ${host} failed: ${code}.`, code), retry: false };
  const what = err instanceof Error ? err.message : String(err);
  return { failure: failure('network', `Request to ${host} failed: ${code ?? what}.`, code), retry: true };
}

/** Send Referer as a browser would (strict-origin-when-cross-origin's downgrade rule): never https → http. */
function refererFor(referer: string | undefined, target: URL): string | undefined {
  if (!referer) return undefined;
  try {
    const from = new URL(referer);
    if (from.protocol === 'https:' && target.protocol === 'http:') return undefined;
    from.hash = '';
    return from.href;
  } catch {
    return undefined;
  }
}

function schemeFailure(url: string): Failure | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return failure('scheme', `${JSON.stringify(url)} is not a URL.`, 'invalid_url');
  }
  return u.protocol === 'http:' || u.protocol === 'https:' ? undefined : failure('scheme', `${u.protocol} URLs are not fetched (only http and https).`, u.protocol);
}

/** A robots.txt as last fetched. */
export interface RememberedRobots {
  status: number;
  body: Uint8Array;
  etag?: string;
  lastModified?: string;
}

export interface RobotsMemory {
  get(robotsUrl: string): Promise<RememberedRobots | undefined>;
  put(robotsUrl: string, robots: RememberedRobots): Promise<void>;
}

export function createFetcher(opts: FetcherOptions): Fetcher {
  checkUserAgent(opts.userAgent);
  const cfg = {
    delayMs: opts.delayMs ?? 1000,
    hosts: opts.hosts ?? 16,
    maxAttempts: Math.max(1, opts.maxAttempts ?? 3),
    retryBaseMs: opts.retryBaseMs ?? 1000,
    maxRetryAfterMs: opts.maxRetryAfterMs ?? 120_000,
    headersTimeoutMs: opts.headersTimeoutMs ?? 30_000,
    bodyTimeoutMs: opts.bodyTimeoutMs ?? 30_000,
    totalTimeoutMs: opts.totalTimeoutMs ?? 120_000,
    maxBytes: opts.maxBytes ?? 50 * 1024 * 1024,
    maxRedirects: opts.maxRedirects ?? 5,
    robots: opts.robots ?? true,
  };
  const check: AddressCheck = addressChecker(opts);
  const agent = createAgent({ check, connectTimeoutMs: opts.connectTimeoutMs ?? 10_000, lookup: opts.lookup });
  const scheduler = new HostScheduler(cfg.delayMs, cfg.hosts);

  /** One request, no retries, no redirects followed. */
  async function once(url: URL, headers: Record<string, string>, maxBytes: number): Promise<Attempt> {
    const controller = new AbortController();
    let deadlineHit = false;
    const timer = setTimeout(() => {
      deadlineHit = true;
      controller.abort();
    }, cfg.totalTimeoutMs);
    let res: Dispatcher.ResponseData | undefined;
    try {
      res = await request(url, {
        dispatcher: agent,
        method: 'GET',
        headers,
        headersTimeout: cfg.headersTimeoutMs,
        bodyTimeout: cfg.bodyTimeoutMs,
        signal: controller.signal,
      });
      const at = new Date();
      const h = lowerHeaders(res.headers);
      // A redirect's or a 304's body is not wanted; drain a little so the connection can be reused.
      if (REDIRECTS.has(res.statusCode) || res.statusCode === 304) {
        await res.body.dump({ limit: 64 * 1024 });
        return { ok: true, answer: { status: res.statusCode, headers: h, body: EMPTY, at } };
      }
      if (declaredTooLarge(h['content-length'], maxBytes)) {
        res.body.destroy();
        return { ok: false, retry: false, failure: failure('too_large', `${url.href} is ${h['content-length']} bytes, over the cap of ${maxBytes}.`, h['content-length']) };
      }
      const read = await readBody(res.body, maxBytes, h['content-encoding']);
      if (!read.ok) {
        return { ok: false, retry: false, failure: failure('too_large', `${url.href} passed the cap of ${maxBytes} bytes; the rest was not read.`, String(read.bytes)) };
      }
      return { ok: true, answer: { status: res.statusCode, headers: h, body: read.body, at } };
    } catch (err) {
      res?.body.destroy();
      const c = classify(err, url, deadlineHit, cfg.totalTimeoutMs);
      return { ok: false, ...c };
    } finally {
      clearTimeout(timer);
    }
  }

  /** One URL with retries: each attempt waits its turn at the host; a retry's wait holds the whole host back. */
  async function withRetries(url: URL, headers: Record<string, string>, maxBytes: number): Promise<{ attempt: Attempt; attempts: number }> {
    for (let n = 1; ; n++) {
      const attempt = await scheduler.run(url.host, () => once(url, headers, maxBytes));
      if (n >= cfg.maxAttempts) return { attempt, attempts: n };
      let wait: number;
      if (!attempt.ok) {
        if (!attempt.retry) return { attempt, attempts: n };
        wait = backoffMs(n, cfg.retryBaseMs);
      } else {
        const a = attempt.answer;
        if (!isRetryableStatus(a.status)) return { attempt, attempts: n };
        // A challenge answers 5xx too (521); asking again would be poking at it.
        if (detectBlocked({ status: a.status, body: a.body, contentType: a.headers['content-type'], headers: a.headers })) return { attempt, attempts: n };
        const after = retryAfterMs(a.headers['retry-after']);
        if (after !== undefined && after > cfg.maxRetryAfterMs) return { attempt, attempts: n };
        wait = Math.max(after ?? 0, backoffMs(n, cfg.retryBaseMs));
      }
      scheduler.deferUntil(url.host, Date.now() + wait);
    }
  }

  function requestHeaders(url: URL, req: FetchRequest): Record<string, string> {
    const h: Record<string, string> = {
      'user-agent': opts.userAgent,
      accept: ACCEPT,
      'accept-language': 'zh-CN,zh;q=0.9,en;q=0.5',
      'accept-encoding': ACCEPT_ENCODING,
    };
    const referer = refererFor(req.referer, url);
    if (referer) h.referer = referer;
    if (req.etag) h['if-none-match'] = req.etag;
    if (req.lastModified) h['if-modified-since'] = req.lastModified;
    return h;
  }

  type Followed = { ok: true; answer: Answer; finalUrl: URL; redirects: string[]; attempts: number } | ({ ok: false } & Omit<FetchFailure, 'ok' | 'url'>);

  /** Follow redirects by hand, checking each hop as if it were the first URL. */
  async function follow(start: string, req: FetchRequest, maxBytes: number, obeyRobots: boolean): Promise<Followed> {
    const redirects: string[] = [];
    const seen = new Set<string>();
    let target = start;
    for (;;) {
      const fail = (f: Failure, attempts = 0): Followed => ({ ok: false, ...f, failedUrl: target, redirects, attempts });
      const bad = schemeFailure(target);
      if (bad) return fail(bad);
      const url = new URL(target);
      url.hash = '';
      seen.add(url.href);
      // An IP literal is refused here, before robots.txt would be fetched from it (the agent refuses it too).
      const literal = refusedLiteral(check, url.hostname);
      if (literal) return fail(failure('refused_address', `Refused to connect to ${url.host}: ${literal.message}.`, literal.range));
      if (obeyRobots) {
        const rules = await robots.rulesFor(url);
        // robots.txt could not be fetched because its host's address is refused: say that, not "robots".
        if (rules.failure === 'refused_address') return fail(failure('refused_address', `Refused to connect to ${url.host}: its address is not public.`));
        if (!rules.isAllowed(url.href)) {
          const why = rules.state === 'rules' ? 'disallowed by robots.txt' : `robots.txt unreachable (${rules.failure ?? `status ${rules.status}`}), so all of ${rules.origin} is disallowed for this run`;
          return fail(failure('robots', `${url.href} is ${why}.`, rules.state));
        }
      }
      const { attempt, attempts } = await withRetries(url, requestHeaders(url, req), maxBytes);
      if (!attempt.ok) return fail(attempt.failure, attempts);
      const { answer } = attempt;
      const location = answer.headers.location;
      if (!REDIRECTS.has(answer.status) || !location) return { ok: true, answer, finalUrl: url, redirects, attempts };
      let next: URL;
      try {
        next = new URL(location, url);
      } catch {
        return fail(failure('scheme', `${url.href} redirects to ${JSON.stringify(location)}, which is not a URL.`, 'invalid_url'), attempts);
      }
      next.hash = '';
      redirects.push(url.href);
      target = next.href;
      if (seen.has(next.href)) return fail(failure('redirect_loop', `${url.href} redirects back to ${next.href}, already visited.`), attempts);
      if (redirects.length > cfg.maxRedirects) return fail(failure('too_many_redirects', `More than ${cfg.maxRedirects} redirects from ${start}.`, String(redirects.length)), attempts);
    }
  }

  const robots = new RobotsCache({
    productToken: PRODUCT_TOKEN,
    async load(robotsUrl): Promise<RobotsLoad> {
      const prev = await opts.robotsMemory?.get(robotsUrl);
      const r = await follow(robotsUrl, { etag: prev?.etag, lastModified: prev?.lastModified }, ROBOTS_MAX_BYTES, false);
      if (!r.ok) return { ok: false, kind: r.kind, message: r.message, ...(r.detail === undefined ? {} : { detail: r.detail }) };
      if (r.answer.status === 304 && prev) return { ok: true, status: prev.status, body: prev.body };
      const h = r.answer.headers;
      if (r.answer.status === 200) await opts.robotsMemory?.put(robotsUrl, { status: 200, body: r.answer.body, ...(h.etag ? { etag: h.etag } : {}), ...(h['last-modified'] ? { lastModified: h['last-modified'] } : {}) });
      return { ok: true, status: r.answer.status, body: r.answer.body };
    },
    onRules(rules) {
      if (rules.crawlDelay !== undefined) scheduler.raiseDelay(new URL(rules.origin).host, rules.crawlDelay * 1000);
    },
  });

  async function fetch(url: string, req: FetchRequest = {}): Promise<FetchResult> {
    const r = await follow(url, req, cfg.maxBytes, cfg.robots);
    if (!r.ok) {
      const { ok: _ok, ...rest } = r;
      return { ok: false, url, ...rest };
    }
    const { answer } = r;
    const h = answer.headers;
    const notModified = answer.status === 304;
    const contentType = h['content-type']?.split(';')[0].trim().toLowerCase() || undefined;
    return {
      ok: true,
      url,
      finalUrl: r.finalUrl.href,
      status: answer.status,
      headers: h,
      body: answer.body,
      contentType,
      charset: notModified ? undefined : detectCharset(answer.body, h['content-type'])?.charset,
      etag: h.etag ?? (notModified ? req.etag : undefined),
      lastModified: h['last-modified'] ?? (notModified ? req.lastModified : undefined),
      redirects: r.redirects,
      fetchedAt: answer.at.toISOString(),
      notModified,
      attempts: r.attempts,
    };
  }

  return {
    fetch,
    robots,
    delayOf: (host) => scheduler.delayOf(host),
    close: () => agent.close(),
  };
}

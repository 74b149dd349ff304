/**
 * robots.txt, fetched once per origin (scheme, host, port: RFC 9309 §2.3 scopes a robots.txt to its
 * origin) and kept for the run. Rules are read by robots-parser for our product token, so a group
 * `User-agent: nianbao` applies to us, else `User-agent: *`.
 *
 * When there is no usable file, the convention of RFC 9309 (§2.3.1.3, §2.3.1.4), which the large
 * crawlers follow:
 *  - "unavailable": a 4xx (404, 403, 410 …), or a redirect chain too long or looping: no rules, all
 *    allowed. A site without robots.txt has not asked for anything.
 *  - "unreachable": a 5xx or 429, a network failure, a timeout: the site may have rules we cannot
 *    read, so everything on it is disallowed for this run (the next run asks again).
 * A file over the size cap counts as unreachable too: we could not read the rules it has.
 *
 * Crawl-delay (seconds; not in RFC 9309 but widely written on Chinese portals) is passed to
 * `onRules`, which raises the host's delay in the scheduler; it never lowers it.
 */
import robotsParserModule from 'robots-parser';
import type { Failure, FailureKind } from './failure.js';

// robots-parser is CommonJS (`module.exports = function`) but its types declare an ES default export:
// under NodeNext the default import is module.exports itself, which the types call `.default`.
type RobotsParser = typeof robotsParserModule.default;
const robotsParser: RobotsParser =
  typeof robotsParserModule === 'function' ? (robotsParserModule as unknown as RobotsParser) : robotsParserModule.default;

/** What loading a robots.txt gave: a response (after redirects), or a failure. */
export type RobotsLoad = { ok: true; status: number; body: Uint8Array } | ({ ok: false } & Failure);

export type RobotsState = 'rules' | 'unavailable' | 'unreachable';

export interface RobotsRules {
  origin: string;
  state: RobotsState;
  /** The HTTP status of robots.txt, when there was a response. */
  status?: number;
  /** The failure that made the rules unreachable, when there was no response. */
  failure?: FailureKind;
  /** Crawl-delay in seconds for our product token, when the file gives one. */
  crawlDelay?: number;
  sitemaps: string[];
  isAllowed(url: string): boolean;
}

export interface RobotsOptions {
  /** The token matched against `User-agent:` lines (user-agent.ts: PRODUCT_TOKEN). */
  productToken: string;
  /** Fetch a robots.txt URL (following redirects, no robots check of its own). */
  load(robotsUrl: string): Promise<RobotsLoad>;
  /** Called once per origin when its rules are known. */
  onRules?(rules: RobotsRules): void;
}

/** Where the robots.txt for `url` lives: its origin's /robots.txt. */
export function robotsUrlFor(url: string | URL): string {
  return new URL('/robots.txt', new URL(url).origin).href;
}

function rulesFrom(origin: string, robotsUrl: string, loaded: RobotsLoad, token: string): RobotsRules {
  const allowAll = (state: RobotsState, extra: Partial<RobotsRules>): RobotsRules => ({
    origin,
    state,
    sitemaps: [],
    isAllowed: () => state !== 'unreachable',
    ...extra,
  });
  if (!loaded.ok) {
    const unavailable = loaded.kind === 'redirect_loop' || loaded.kind === 'too_many_redirects';
    return allowAll(unavailable ? 'unavailable' : 'unreachable', { failure: loaded.kind });
  }
  const { status } = loaded;
  if (status === 429 || status >= 500) return allowAll('unreachable', { status });
  if (status < 200 || status >= 300) return allowAll('unavailable', { status });
  // RFC 9309 §2.3: the file is UTF-8 (the paths in it are ASCII or percent-encoded in practice).
  const text = new TextDecoder('utf-8').decode(loaded.body);
  const robot = robotsParser(robotsUrl, text);
  const delay = robot.getCrawlDelay(token);
  return {
    origin,
    state: 'rules',
    status,
    ...(delay !== undefined && Number.isFinite(delay) && delay > 0 ? { crawlDelay: delay } : {}),
    sitemaps: robot.getSitemaps(),
    // robots-parser answers undefined for a URL of another origin; the cache never asks it one.
    isAllowed: (url) => robot.isAllowed(url, token) !== false,
  };
}

export class RobotsCache {
  private readonly byOrigin = new Map<string, Promise<RobotsRules>>();

  constructor(private readonly opts: RobotsOptions) {}

  /** The rules for `url`'s origin, fetched on first use; concurrent callers share one fetch. */
  rulesFor(url: string | URL): Promise<RobotsRules> {
    const origin = new URL(url).origin;
    let rules = this.byOrigin.get(origin);
    if (!rules) {
      const robotsUrl = robotsUrlFor(url);
      rules = this.opts.load(robotsUrl).then((loaded) => {
        const r = rulesFrom(origin, robotsUrl, loaded, this.opts.productToken);
        this.opts.onRules?.(r);
        return r;
      });
      this.byOrigin.set(origin, rules);
    }
    return rules;
  }

  async isAllowed(url: string | URL): Promise<boolean> {
    const href = new URL(url).href;
    // robots.txt itself is always allowed (RFC 9309 §2.2.2: "implicitly allowed").
    if (new URL(href).pathname === '/robots.txt') return true;
    return (await this.rulesFor(href)).isAllowed(href);
  }

  /** Crawl-delay in seconds for `url`'s origin, if its robots.txt gives one. */
  async crawlDelay(url: string | URL): Promise<number | undefined> {
    return (await this.rulesFor(url)).crawlDelay;
  }
}

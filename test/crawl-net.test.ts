/**
 * The crawler's network layer (src/crawl/net) against HTTP servers started here on 127.0.0.1 (port 0),
 * each closed after its test. No request leaves loopback: the private-address tests use URLs and a
 * made-up DNS answer that the fetcher must refuse before connecting, and the diagnostics channels of
 * undici show that it never connected to them. Delays are 50–300 ms, so the file takes a few seconds.
 */
import diagnostics_channel from 'node:diagnostics_channel';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, LookupFunction } from 'node:net';
import iconv from 'iconv-lite';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createFetcher,
  detectBlocked,
  detectCharset,
  nianbaoUserAgent,
  refusedRange,
  retryAfterMs,
  sameSite,
  sniffBody,
  sniffKind,
  type FetchFailure,
  type Fetcher,
  type FetcherOptions,
  type FetchResponse,
  type FetchResult,
} from '../src/crawl/net/index.js';

const UA = nianbaoUserAgent('crawl@example.org', '0.1.0');

interface Hit {
  path: string;
  /** Arrival time (performance.now(), ms). */
  at: number;
  /** When the handler's response ended or the connection closed. */
  end?: number;
  headers: IncomingMessage['headers'];
}

interface Fixture {
  origin: string;
  port: number;
  hits: Hit[];
  /** Most requests in progress at once. */
  maxInFlight: number;
  close(): Promise<void>;
}

type Handler = (req: IncomingMessage, res: ServerResponse, hit: Hit) => void;

const open: Fixture[] = [];
const fetchers: Fetcher[] = [];

afterEach(async () => {
  await Promise.all(fetchers.splice(0).map((f) => f.close()));
  await Promise.all(open.splice(0).map((s) => s.close()));
});

/** A server on 127.0.0.1 that logs every request; robots.txt is a 404 unless `robots` gives its text or status. */
async function serve(handler: Handler, robots?: string | number): Promise<Fixture> {
  const hits: Hit[] = [];
  let inFlight = 0;
  const fx: Fixture = { origin: '', port: 0, hits, maxInFlight: 0, close: async () => {} };
  const server = createServer((req, res) => {
    const hit: Hit = { path: req.url ?? '', at: performance.now(), headers: req.headers };
    hits.push(hit);
    fx.maxInFlight = Math.max(fx.maxInFlight, ++inFlight);
    res.on('close', () => {
      inFlight--;
      hit.end = performance.now();
    });
    if (req.url === '/robots.txt') {
      if (robots === undefined) res.writeHead(404).end('no robots');
      else if (typeof robots === 'number') res.writeHead(robots).end('robots.txt: error');
      else res.writeHead(200, { 'content-type': 'text/plain' }).end(robots);
      return;
    }
    handler(req, res, hit);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fx.port = (server.address() as AddressInfo).port;
  fx.origin = `http://127.0.0.1:${fx.port}`;
  fx.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  open.push(fx);
  return fx;
}

function fetcher(opts: Partial<FetcherOptions> = {}): Fetcher {
  const f = createFetcher({ userAgent: UA, allowPrivate: true, delayMs: 50, retryBaseMs: 20, ...opts });
  fetchers.push(f);
  return f;
}

const ok = (text: string, type = 'text/html; charset=utf-8') => (_req: IncomingMessage, res: ServerResponse) => {
  res.writeHead(200, { 'content-type': type }).end(text);
};
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function asResponse(r: FetchResult): FetchResponse {
  if (!r.ok) throw new Error(`expected a response, got ${r.kind}: ${r.message}`);
  return r;
}
function asFailure(r: FetchResult): FetchFailure {
  if (r.ok) throw new Error(`expected a failure, got status ${r.status}`);
  return r;
}
const gaps = (hits: readonly Hit[]) => hits.slice(1).map((h, i) => h.at - (hits[i].end ?? hits[i].at));

describe('robots.txt', () => {
  it('is obeyed: a disallowed path never reaches the server; the User-Agent names the tool and a contact', async () => {
    const s = await serve(ok('<p>hello</p>'), 'User-agent: *\nDisallow: /private/\n');
    const f = fetcher();
    const denied = asFailure(await f.fetch(`${s.origin}/private/report.pdf`));
    expect(denied.kind).toBe('robots');
    expect(denied.attempts).toBe(0);
    expect(asResponse(await f.fetch(`${s.origin}/public/`)).status).toBe(200);
    expect(s.hits.map((h) => h.path)).toEqual(['/robots.txt', '/public/']);
    expect(s.hits[1].headers['user-agent']).toBe('nianbao/0.1.0 (+contact: crawl@example.org)');
  });

  it('a 5xx robots.txt disallows the whole origin for the run; a 4xx allows all', async () => {
    const down = await serve(ok('page'), 503);
    const missing = await serve(ok('page'), 410);
    const f = fetcher({ maxAttempts: 2 });
    const r = asFailure(await f.fetch(`${down.origin}/x`));
    expect([r.kind, r.detail]).toEqual(['robots', 'unreachable']);
    expect(asFailure(await f.fetch(`${down.origin}/y`)).kind).toBe('robots');
    // robots.txt asked twice (one retry), once for the run; /x and /y never asked.
    expect(down.hits.map((h) => h.path)).toEqual(['/robots.txt', '/robots.txt']);
    expect(asResponse(await f.fetch(`${missing.origin}/x`)).status).toBe(200);
  });
});

describe('politeness', () => {
  it('honours Crawl-delay: requests to one host are at least that far apart, one at a time', async () => {
    const s = await serve((_req, res) => void setTimeout(() => res.end('ok'), 20), 'User-agent: nianbao\nCrawl-delay: 0.25\n\nUser-agent: *\nDisallow: /\n');
    const f = fetcher({ delayMs: 50 });
    const results = await Promise.all(['/a', '/b', '/c'].map((p) => f.fetch(`${s.origin}${p}`)));
    expect(results.map((r) => asResponse(r).status)).toEqual([200, 200, 200]);
    expect(f.delayOf(`127.0.0.1:${s.port}`)).toBe(250);
    expect(s.hits.map((h) => h.path)).toEqual(['/robots.txt', '/a', '/b', '/c']);
    expect(s.maxInFlight).toBe(1);
    for (const gap of gaps(s.hits)) expect(gap).toBeGreaterThanOrEqual(245);
  });

  it('holds the per-host delay without robots rules, one request in flight', async () => {
    const s = await serve((_req, res) => void setTimeout(() => res.end('ok'), 30));
    const f = fetcher({ delayMs: 120 });
    await Promise.all(['/1', '/2', '/3'].map((p) => f.fetch(`${s.origin}${p}`)));
    expect(s.hits).toHaveLength(4);
    expect(s.maxInFlight).toBe(1);
    for (const gap of gaps(s.hits)) expect(gap).toBeGreaterThanOrEqual(115);
  });

  it('fetches two hosts in parallel', async () => {
    const slow = (_req: IncomingMessage, res: ServerResponse) => void setTimeout(() => res.end('ok'), 300);
    const a = await serve(slow);
    const b = await serve(slow);
    const f = fetcher({ robots: false, delayMs: 50 });
    const t0 = performance.now();
    await Promise.all([f.fetch(`${a.origin}/x`), f.fetch(`${b.origin}/x`)]);
    const elapsed = performance.now() - t0;
    const [ha, hb] = [a.hits[0], b.hits[0]];
    expect(ha.at < hb.end! && hb.at < ha.end!).toBe(true);
    expect(elapsed).toBeLessThan(550);
  });
});

describe('retries', () => {
  it('retries a 503 after its Retry-After (seconds), then succeeds', async () => {
    let n = 0;
    const s = await serve((_req, res) => {
      if (n++ === 0) res.writeHead(503, { 'retry-after': '1' }).end('busy');
      else res.end('ok');
    });
    const f = fetcher({ robots: false });
    const r = asResponse(await f.fetch(`${s.origin}/r`));
    expect([r.status, r.attempts]).toEqual([200, 2]);
    expect(s.hits[1].at - s.hits[0].end!).toBeGreaterThanOrEqual(995);
  });

  it('retries a 429 with backoff; returns the last 5xx after the capped attempts', async () => {
    let n = 0;
    const s = await serve((req, res) => {
      if (req.url === '/always') return void res.writeHead(500).end('broken');
      if (n++ === 0) res.writeHead(429).end('slow down');
      else res.end('ok');
    });
    const f = fetcher({ robots: false, maxAttempts: 3 });
    const r = asResponse(await f.fetch(`${s.origin}/limited`));
    expect([r.status, r.attempts]).toEqual([200, 2]);
    const broken = asResponse(await f.fetch(`${s.origin}/always`));
    expect([broken.status, broken.attempts]).toEqual([500, 3]);
    expect(s.hits.filter((h) => h.path === '/always')).toHaveLength(3);
  });

  it('does not retry a 404', async () => {
    const s = await serve((_req, res) => res.writeHead(404).end('not here'));
    const r = asResponse(await fetcher({ robots: false }).fetch(`${s.origin}/gone`));
    expect([r.status, r.attempts, s.hits.length]).toEqual([404, 1, 1]);
  });

  it('does not retry a challenge answered with 521, and recognises it', async () => {
    const s = await serve((_req, res) =>
      res.writeHead(521, { 'content-type': 'text/html' }).end('<html><script>document.cookie="__jsl_clearance=1";location.reload()</script></html>'),
    );
    const r = asResponse(await fetcher({ robots: false }).fetch(`${s.origin}/`));
    expect([r.status, s.hits.length]).toEqual([521, 1]);
    expect(detectBlocked(r)?.kind).toBe('challenge');
  });
});

describe('conditional requests', () => {
  it('sends If-None-Match and If-Modified-Since; a 304 is notModified', async () => {
    const lm = 'Wed, 01 Jan 2025 00:00:00 GMT';
    const s = await serve((req, res) => {
      if (req.headers['if-none-match'] === '"v1"' && req.headers['if-modified-since'] === lm) res.writeHead(304, { etag: '"v1"' }).end();
      else res.writeHead(200, { etag: '"v1"', 'last-modified': lm }).end('report');
    });
    const f = fetcher({ robots: false });
    const first = asResponse(await f.fetch(`${s.origin}/doc`));
    expect([first.status, first.notModified, first.etag, first.lastModified]).toEqual([200, false, '"v1"', lm]);
    const again = asResponse(await f.fetch(`${s.origin}/doc`, { etag: first.etag, lastModified: first.lastModified, referer: `${s.origin}/list` }));
    expect([again.status, again.notModified, again.body.byteLength, again.etag, again.lastModified]).toEqual([304, true, 0, '"v1"', lm]);
    expect(s.hits[1].headers.referer).toBe(`${s.origin}/list`);
    expect(s.hits[0].headers['if-none-match']).toBeUndefined();
  });
});

describe('redirects', () => {
  it('follows a redirect and reports the chain', async () => {
    const s = await serve((req, res) => {
      if (req.url === '/old') res.writeHead(301, { location: '/new' }).end();
      else res.end('here');
    });
    const r = asResponse(await fetcher({ robots: false }).fetch(`${s.origin}/old`));
    expect([r.status, r.finalUrl, r.redirects]).toEqual([200, `${s.origin}/new`, [`${s.origin}/old`]]);
  });

  it('detects a loop', async () => {
    const s = await serve((req, res) => res.writeHead(302, { location: req.url === '/a' ? '/b' : '/a' }).end());
    const r = asFailure(await fetcher({ robots: false }).fetch(`${s.origin}/a`));
    expect(r.kind).toBe('redirect_loop');
    expect(s.hits.map((h) => h.path)).toEqual(['/a', '/b']);
  });

  it('stops after maxRedirects', async () => {
    const s = await serve((req, res) => res.writeHead(302, { location: `/r/${Number(req.url!.split('/')[2]) + 1}` }).end());
    const r = asFailure(await fetcher({ robots: false, maxRedirects: 3 }).fetch(`${s.origin}/r/0`));
    expect(r.kind).toBe('too_many_redirects');
    expect(s.hits).toHaveLength(4);
  });

  it('refuses a redirect to another scheme', async () => {
    const s = await serve((_req, res) => res.writeHead(302, { location: 'file:///etc/passwd' }).end());
    expect(asFailure(await fetcher({ robots: false }).fetch(`${s.origin}/`)).kind).toBe('scheme');
  });
});

describe('limits', () => {
  it('a body that stalls is a timeout', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.write('<html>'.padEnd(1024, ' '));
      const t = setTimeout(() => res.end('</html>'), 3000);
      res.on('close', () => clearTimeout(t));
    });
    const r = asFailure(await fetcher({ robots: false, bodyTimeoutMs: 150 }).fetch(`${s.origin}/slow`));
    expect([r.kind, r.detail, r.attempts]).toEqual(['timeout', 'UND_ERR_BODY_TIMEOUT', 1]);
  });

  it('a body that trickles past the total time limit is a timeout', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      const t = setInterval(() => res.write('.'), 40);
      res.on('close', () => clearInterval(t));
    });
    const t0 = performance.now();
    const r = asFailure(await fetcher({ robots: false, totalTimeoutMs: 300 }).fetch(`${s.origin}/trickle`));
    expect([r.kind, r.detail]).toEqual(['timeout', 'total']);
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it('a refused connection is a network failure, retried up to the cap', async () => {
    const gone = await serve(ok('x'));
    const url = `${gone.origin}/`;
    await gone.close();
    const r = asFailure(await fetcher({ robots: false, maxAttempts: 3 }).fetch(url));
    expect([r.kind, r.detail, r.attempts]).toEqual(['network', 'ECONNREFUSED', 3]);
  });

  it('an oversize streamed body is too_large, and the rest is not read', async () => {
    const total = 8 * 1024 * 1024;
    let written = 0;
    let finished = false;
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/pdf' });
      const chunk = Buffer.alloc(16 * 1024, 0x41);
      const pump = () => {
        while (written < total && !res.destroyed) {
          written += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        if (written >= total) res.end(() => (finished = true));
      };
      pump();
    });
    const r = asFailure(await fetcher({ robots: false, maxBytes: 64 * 1024 }).fetch(`${s.origin}/big.pdf`));
    expect(r.kind).toBe('too_large');
    await wait(50);
    expect(finished).toBe(false);
    expect(written).toBeLessThan(total);
  });

  it('a declared Content-Length over the cap is too_large before the body', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': String(10 * 1024 * 1024) });
      res.write('x');
    });
    const r = asFailure(await fetcher({ robots: false, maxBytes: 1024 }).fetch(`${s.origin}/big`));
    expect([r.kind, r.detail]).toEqual(['too_large', String(10 * 1024 * 1024)]);
  });
});

describe('addresses', () => {
  it('refuses a URL naming a private address, before any request', async () => {
    const s = await serve(ok('secret'));
    const f = fetcher({ allowPrivate: false });
    const r = asFailure(await f.fetch(`${s.origin}/admin`));
    expect([r.kind, r.attempts]).toEqual(['refused_address', 0]);
    expect(s.hits).toHaveLength(0);
    for (const url of ['http://10.0.0.1/', 'http://169.254.169.254/latest/meta-data/', 'http://[::1]/', 'http://0.0.0.0/', 'http://100.64.0.1/', 'http://[::ffff:192.168.1.1]/']) {
      expect(asFailure(await f.fetch(url)).kind).toBe('refused_address');
    }
    expect(asFailure(await f.fetch('ftp://example.gov.cn/report.pdf')).kind).toBe('scheme');
  });

  it('refuses a redirect to a private address, and a name that resolves to one, without connecting to it', async () => {
    const names: Record<string, string> = { 'site.test': '127.0.0.1', 'metadata.test': '169.254.169.254' };
    const asked: string[] = [];
    const lookup: LookupFunction = (hostname, options, callback) => {
      asked.push(hostname);
      const address = names[hostname];
      if (!address) return callback(Object.assign(new Error(`no ${hostname}`), { code: 'ENOTFOUND' }), '', 0);
      if (options.all) callback(null, [{ address, family: 4 }]);
      else callback(null, address, 4);
    };
    const s = await serve((req, res) => {
      const to: Record<string, string> = {
        '/to-metadata': 'http://169.254.169.254/latest/meta-data/',
        '/to-ten': 'http://10.0.0.1/admin',
        '/to-name': `http://metadata.test:${s.port}/latest/meta-data/`,
      };
      res.writeHead(302, { location: to[req.url!] ?? '/' }).end();
    });
    const connected: string[] = [];
    const asking: string[] = [];
    const onConnected = (m: unknown) => connected.push((m as { connectParams: { hostname: string } }).connectParams.hostname);
    const onBefore = (m: unknown) => asking.push((m as { connectParams: { hostname: string } }).connectParams.hostname);
    diagnostics_channel.subscribe('undici:client:connected', onConnected);
    diagnostics_channel.subscribe('undici:client:beforeConnect', onBefore);
    try {
      // Loopback is allowed only through this explicit exception, so the first hop can reach the fixture.
      const opts = { allowPrivate: false, allowAddresses: ['127.0.0.1'], lookup };
      const f = fetcher(opts);
      const site = `http://site.test:${s.port}`;
      for (const path of ['/to-metadata', '/to-ten', '/to-name']) {
        const r = asFailure(await f.fetch(`${site}${path}`));
        expect([path, r.kind]).toEqual([path, 'refused_address']);
        expect(r.redirects).toEqual([`${site}${path}`]);
      }
      // Without robots.txt in the way, the name is refused at connect time by the checked lookup.
      const direct = asFailure(await fetcher({ ...opts, robots: false }).fetch(`http://metadata.test:${s.port}/`));
      expect([direct.kind, direct.detail]).toEqual(['refused_address', 'linkLocal']);
      expect(asked).toContain('metadata.test');
      expect(asking).not.toContain('169.254.169.254');
      expect(asking).not.toContain('10.0.0.1');
      expect(connected.every((h) => h === 'site.test')).toBe(true);
      expect(connected.length).toBeGreaterThan(0);
    } finally {
      diagnostics_channel.unsubscribe('undici:client:connected', onConnected);
      diagnostics_channel.unsubscribe('undici:client:beforeConnect', onBefore);
    }
  });

  it('classifies address ranges with ipaddr.js', () => {
    const refused = ['127.0.0.1', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.0.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1', '::1', '::', 'fc00::1', 'fd12::1', 'fe80::1', 'ff02::1', '::ffff:10.0.0.1', '64:ff9b::a00:1'];
    for (const a of refused) expect([a, refusedRange(a)]).not.toEqual([a, undefined]);
    for (const a of ['202.108.22.5', '172.32.0.1', '100.128.0.1', '2400:da00::6666', '::ffff:8.8.8.8']) expect([a, refusedRange(a)]).toEqual([a, undefined]);
  });
});

describe('content', () => {
  it('reads a GBK charset from <meta> when the header has none', async () => {
    const html = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"><title>政府信息公开工作年度报告</title></head><body>年报</body></html>';
    const s = await serve((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(iconv.encode(html, 'gbk')));
    const r = asResponse(await fetcher({ robots: false }).fetch(`${s.origin}/nb.html`));
    expect([r.contentType, r.charset]).toEqual(['text/html', 'gbk']);
    expect(new TextDecoder(r.charset).decode(r.body)).toContain('政府信息公开工作年度报告');
  });

  it('takes the BOM over the header, the header over <meta>', () => {
    const meta = new TextEncoder().encode('<meta charset="gbk"><p>x</p>');
    expect(detectCharset(meta, 'text/html')).toEqual({ charset: 'gbk', source: 'meta' });
    expect(detectCharset(meta, 'text/html; charset=UTF-8')).toEqual({ charset: 'utf-8', source: 'header' });
    expect(detectCharset(new Uint8Array([0xef, 0xbb, 0xbf, ...meta]), 'text/html; charset=gbk')).toEqual({ charset: 'utf-8', source: 'bom' });
    expect(detectCharset(meta, 'application/pdf')).toBeUndefined();
  });

  it('recognises a Ruishu challenge (412, $_ts) as blocked', async () => {
    const s = await serve((_req, res) =>
      res
        .writeHead(412, { 'content-type': 'text/html', 'set-cookie': 'FSSBBIl1UgzbN7N80S=abc; path=/' })
        .end('<html><head><meta charset="utf-8"><script>$_ts=window[\'$_ts\'];if(!$_ts)$_ts={};$_ts.nsd=1;</script><script src="/x.js"></script></head><body></body></html>'),
    );
    const r = asResponse(await fetcher({ robots: false }).fetch(`${s.origin}/`));
    expect(r.status).toBe(412);
    expect(detectBlocked(r)).toMatchObject({ kind: 'challenge' });
  });

  it('recognises WAF pages, JS-only redirects and stubs, and leaves real pages alone', () => {
    const page = (status: number, html: string, charset = 'utf-8') => ({ status, body: iconv.encode(html, charset), contentType: 'text/html', charset: charset === 'gbk' ? 'gbk' : 'utf-8' });
    expect(detectBlocked(page(403, '<html><title>您的访问被拦截</title><body>网站防火墙 您的访问被拦截 安全狗</body></html>', 'gbk'))?.kind).toBe('waf');
    expect(detectBlocked(page(200, '<body>云锁提示：当前访问疑似黑客攻击</body>'))?.kind).toBe('waf');
    expect(detectBlocked(page(200, '<html><script>window.location.href="/xxgk/index.html";</script></html>'))).toEqual({ kind: 'js_redirect', evidence: 'script sends to "/xxgk/index.html"' });
    expect(detectBlocked(page(200, '<html><body><script src="/app.js"></script></body></html>'))?.kind).toBe('script_stub');
    expect(detectBlocked(page(200, `<html><body><h1>2023年政府信息公开工作年度报告</h1><p>${'本年度共主动公开政府信息。'.repeat(30)}</p><script>var a=1;</script></body></html>`))).toBeUndefined();
    expect(detectBlocked({ status: 200, body: new TextEncoder().encode('%PDF-1.7\n...') })).toBeUndefined();
  });

  it('recognises an HTML error page served as .pdf or as application/pdf', async () => {
    const notFound = '<!DOCTYPE html><html><head><title>404</title></head><body>页面不存在</body></html>';
    const s = await serve((req, res) => res.writeHead(200, { 'content-type': req.url === '/typed' ? 'application/pdf' : 'text/html' }).end(notFound));
    const f = fetcher({ robots: false });
    const byUrl = asResponse(await f.fetch(`${s.origin}/upload/2023nb.pdf`));
    expect(sniffBody({ body: byUrl.body, contentType: byUrl.contentType, url: byUrl.finalUrl })).toEqual({ claimed: 'pdf', actual: 'html', by: 'url' });
    const byType = asResponse(await f.fetch(`${s.origin}/typed`));
    expect(sniffBody({ body: byType.body, contentType: byType.contentType, url: byType.finalUrl })).toEqual({ claimed: 'pdf', actual: 'html', by: 'content-type' });
    expect(sniffBody({ body: new TextEncoder().encode('%PDF-1.4\n'), contentType: 'application/pdf', url: 'http://x.gov.cn/a.pdf' })).toBeUndefined();
    const magic: [number[], string][] = [
      [[0x50, 0x4b, 0x03, 0x04], 'zip'],
      [[0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], 'ole2'],
      [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'png'],
      [[0xff, 0xd8, 0xff, 0xe0], 'jpeg'],
      [[0x47, 0x49, 0x46, 0x38, 0x39, 0x61], 'gif'],
    ];
    for (const [bytes, kind] of magic) expect(sniffKind(new Uint8Array(bytes))).toBe(kind);
  });
});

describe('scope and small parts', () => {
  it('one registrable domain is one site (gov.cn is a public suffix), plus allowHosts', () => {
    expect(sameSite('http://www.x.gov.cn/', 'https://xxgk.x.gov.cn/nb/2023.html')).toBe(true);
    expect(sameSite('http://www.x.gov.cn/', 'http://www.y.gov.cn/')).toBe(false);
    expect(sameSite('http://www.x.gov.cn/', 'http://files.gd.gov.cn/a.pdf', ['files.gd.gov.cn'])).toBe(true);
    expect(sameSite('http://www.x.gov.cn/', 'mailto:a@x.gov.cn')).toBe(false);
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(retryAfterMs('120', now)).toBe(120_000);
    expect(retryAfterMs('Wed, 01 Jan 2025 00:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('Tue, 31 Dec 2024 00:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs('soon', now)).toBeUndefined();
  });

  it('will not start without a User-Agent naming a contact', () => {
    expect(() => createFetcher({ userAgent: 'Mozilla/5.0' })).toThrow(/contact/);
  });
});

/**
 * Recognise a page that is not the site's content but an anti-bot challenge or a firewall's refusal,
 * so the crawler records "blocked" instead of saving it as a document or reading links out of it.
 * Recognising is all this does: the crawler never runs the challenge's script, replays its cookie or
 * otherwise works around it. A blocked site is reported, and left alone.
 *
 * What the pages look like on Chinese portals:
 *  - challenge: Ruishu (瑞数) answers 412 (or 202, 418, 521) with a page whose script defines `$_ts`
 *    and computes a cookie; similar products answer 521 with a script that sets document.cookie and
 *    reloads. A script-only page that sets a cookie is a challenge whatever its status.
 *  - waf: a firewall's block page: "您的访问被拦截", "访问被拦截", 安全狗 (SafeDog), 云锁 (Yunsuo).
 *  - js_redirect: a 2xx page with next to no text whose script only sends the browser elsewhere.
 *  - script_stub: a tiny page that is only a script (the content would be built by code we do not run).
 */
import { detectCharset } from './charset.js';

export type BlockedKind = 'challenge' | 'waf' | 'js_redirect' | 'script_stub';

export interface Blocked {
  kind: BlockedKind;
  /** What gave it away, quoted or named ("$_ts in a script, status 412"). */
  evidence: string;
}

export interface PageLike {
  status: number;
  body: Uint8Array;
  contentType?: string;
  /** The body's charset if already known (fetcher: `charset`); detected otherwise. */
  charset?: string;
  headers?: Readonly<Record<string, string>>;
}

/** Statuses the challenge products answer with. */
const CHALLENGE_STATUSES = new Set([202, 412, 418, 521]);
/** Block pages are small; a long page that quotes a firewall's name is a page about it. */
const MAX_BLOCK_PAGE = 256 * 1024;
/** Visible text up to this length is "next to none" (a "please wait" line, a noscript notice). */
const STUB_TEXT = 200;
/** A stub is tiny; a large script-only page is an application, not a stub. */
const STUB_BYTES = 32 * 1024;
/** WAF pages are short; a marker in a long text is a mention. */
const WAF_TEXT = 3000;

const WAF_MARKERS = ['您的访问被拦截', '访问被拦截', '您的请求已被拦截', '安全狗', '云锁', '网站防火墙'];
const SETS_COOKIE = /document\.cookie\s*=/;
const JS_REDIRECT = /(?:window\.|document\.|self\.|top\.)?location(?:\.href)?\s*=\s*(['"`][^'"`]*['"`]|[\w.$[\]'"]+)|location\.(?:replace|assign)\s*\(\s*(['"`][^'"`]*['"`]|[^)]*)\)/;

function decode(page: PageLike): string {
  const charset = page.charset ?? detectCharset(page.body, page.contentType)?.charset ?? 'utf-8';
  try {
    return new TextDecoder(charset).decode(page.body);
  } catch {
    return new TextDecoder('utf-8').decode(page.body);
  }
}

/** The scripts' source, and the text a reader would see (scripts, styles, tags and comments removed). */
function split(html: string): { scripts: string; text: string; scriptCount: number } {
  const scripts: string[] = [];
  const text = html
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<script\b[^>]*>([\s\S]*?)<\/script\s*>/gi, (_m, src: string) => {
      scripts.push(src);
      return ' ';
    })
    .replace(/<script\b[^>]*\/>/gi, () => {
      scripts.push('');
      return ' ';
    })
    .replace(/<(style|noscript|template)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;|&#160;|\s+/g, ' ')
    .trim();
  return { scripts: scripts.join('\n'), text, scriptCount: scripts.length };
}

const short = (s: string) => (s.length > 80 ? `${s.slice(0, 77)}...` : s);

export function detectBlocked(page: PageLike): Blocked | undefined {
  const { body, status } = page;
  if (body.byteLength === 0 || body.byteLength > MAX_BLOCK_PAGE) return undefined;
  const html = decode(page);
  // A PDF, an image: not a page (sniff-body.ts says what it is).
  if (/^%PDF-|[\x00-\x08]/.test(html.slice(0, 1024))) return undefined;
  const { scripts, text, scriptCount } = split(html);

  if (/\$_ts\b/.test(scripts)) return { kind: 'challenge', evidence: `$_ts in a script (Ruishu), status ${status}` };
  if (text.length <= WAF_TEXT || status >= 400) {
    const marker = WAF_MARKERS.find((m) => text.includes(m) || html.includes(`<title>${m}`));
    if (marker) return { kind: 'waf', evidence: `"${marker}", status ${status}` };
  }
  // A short page that links somewhere (a list of two reports) is content, not a script stub.
  const links = (html.match(/<a\s[^>]*href\s*=/gi) ?? []).length;
  const scriptOnly = scriptCount > 0 && text.length <= STUB_TEXT && links === 0;
  if (!scriptOnly) return undefined;
  if (SETS_COOKIE.test(scripts)) return { kind: 'challenge', evidence: `a script that sets document.cookie, status ${status}` };
  if (CHALLENGE_STATUSES.has(status) && page.headers?.['set-cookie'] !== undefined) {
    return { kind: 'challenge', evidence: `a script-only page with Set-Cookie, status ${status}` };
  }
  if (status >= 200 && status < 300 && body.byteLength <= STUB_BYTES) {
    const redirect = JS_REDIRECT.exec(scripts);
    if (redirect) return { kind: 'js_redirect', evidence: `script sends to ${short((redirect[1] ?? redirect[2]).trim())}` };
  }
  if (CHALLENGE_STATUSES.has(status)) return { kind: 'challenge', evidence: `a script-only page, status ${status}` };
  if (body.byteLength <= STUB_BYTES) return { kind: 'script_stub', evidence: `${scriptCount} script(s) and ${text.length} characters of text` };
  return undefined;
}

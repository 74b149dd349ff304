/**
 * Whether a URL belongs to the site being crawled. A portal spreads over hosts of one registrable
 * domain: www.x.gov.cn, xxgk.x.gov.cn (信息公开), zwgk.x.gov.cn. tldts reads the registrable domain
 * from the Public Suffix List, where gov.cn is itself a suffix, so x.gov.cn (not gov.cn) is the site
 * and www.x.gov.cn and www.y.gov.cn are two sites. Hosts outside the domain that a portal really
 * uses (a province's shared platform, a file server) are added with `allowHosts`.
 */
import { getDomain } from 'tldts';

/** The registrable domain of a hostname; the hostname itself when there is none (an IP, localhost). */
export function siteOf(hostname: string): string {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  return getDomain(host) ?? host;
}

function hostOf(url: string | URL): string | undefined {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.hostname.toLowerCase().replace(/\.$/, '') : undefined;
  } catch {
    return undefined;
  }
}

/** Whether `host` is `entry` or below it (an entry "files.gd.gov.cn" allows "a.files.gd.gov.cn"). */
function under(host: string, entry: string): boolean {
  const e = entry.toLowerCase().replace(/^\*?\./, '').replace(/\.$/, '');
  return host === e || host.endsWith(`.${e}`);
}

/**
 * Whether `url` is on the seed's site: same registrable domain, or a host in (or below) one of
 * `allowHosts`. Only http and https URLs are in scope.
 */
export function sameSite(seedUrl: string | URL, url: string | URL, allowHosts: readonly string[] = []): boolean {
  const seed = hostOf(seedUrl);
  const host = hostOf(url);
  if (seed === undefined || host === undefined) return false;
  return siteOf(seed) === siteOf(host) || allowHosts.some((entry) => under(host, entry));
}

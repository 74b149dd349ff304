/**
 * The User-Agent the crawler sends. Government portals' operators should be able to tell who is
 * fetching and write to them, so the string names the tool, its version and a contact, and the
 * fetcher refuses to start without one:  nianbao/<version> (+contact: <email>).
 */
import { packageVersion } from '../../util/paths.js';

/** The robots.txt product token: the group `User-agent: nianbao` applies to us. */
export const PRODUCT_TOKEN = 'nianbao';

const SHAPE = /^nianbao\/[0-9A-Za-z.+-]+ \(\+contact: [^\s@()]+@[^\s@()]+\.[^\s@()]+\)/;

/** `nianbao/<package version> (+contact: <email>)`. */
export function nianbaoUserAgent(contact: string, version: string = packageVersion()): string {
  const ua = `${PRODUCT_TOKEN}/${version} (+contact: ${contact.trim()})`;
  checkUserAgent(ua);
  return ua;
}

/** Throws when `ua` does not name the tool, a version and a contact e-mail (a configuration error). */
export function checkUserAgent(ua: string): void {
  if (!SHAPE.test(ua)) {
    throw new TypeError(`user agent must read "nianbao/<version> (+contact: <email>)", got ${JSON.stringify(ua)}`);
  }
}

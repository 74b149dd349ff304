/**
 * Which IP addresses the crawler may connect to. A link on a public portal (or a redirect, or a DNS
 * answer) can point at the crawling machine's own network: the cloud metadata service at
 * 169.254.169.254, a router's admin page, a database on 10.x. Only public unicast addresses are
 * allowed: whatever ipaddr.js's range() calls anything else (loopback, private 10/8, 172.16/12,
 * 192.168/16, link-local 169.254/16 and fe80::/10, carrier-grade NAT 100.64/10, unique-local fc00::/7,
 * unspecified 0.0.0.0 and ::, multicast, broadcast, reserved, documentation …) is refused. Default-deny,
 * so a range we did not think of is refused too.
 */
import ipaddr from 'ipaddr.js';

export interface AddressPolicy {
  /** Allow every address (test fixtures on 127.0.0.1, a crawl of an intranet on purpose). */
  allowPrivate?: boolean;
  /** Addresses or CIDR blocks allowed although their range is refused ('127.0.0.1', '10.1.0.0/16'). */
  allowAddresses?: readonly string[];
}

/** The refused range's name for an address the crawler must not connect to, undefined for one it may. */
export type AddressCheck = (address: string) => string | undefined;

type Cidr = [ipaddr.IPv4 | ipaddr.IPv6, number];

/** `[::1]` (as URL.hostname writes it) and `fe80::1%eth0` (a zone) to what ipaddr.js parses. */
export function bareAddress(host: string): string {
  const h = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  const zone = h.indexOf('%');
  return zone < 0 ? h : h.slice(0, zone);
}

/** Whether `host` is an IP address literal rather than a name (strictly: no '127.1' shorthand). */
export function isIpLiteral(host: string): boolean {
  const h = bareAddress(host);
  return ipaddr.IPv4.isValidFourPartDecimal(h) || ipaddr.IPv6.isValid(h);
}

/**
 * The IPv4 address an IPv6 address carries, for the forms that reach an IPv4 host: IPv4-mapped
 * (::ffff:a.b.c.d), NAT64 (64:ff9b::/96, RFC 6052) and 6to4 (2002::/16). Checked as IPv4, so
 * ::ffff:10.0.0.1 is as private as 10.0.0.1.
 */
function embeddedIpv4(a: ipaddr.IPv6): ipaddr.IPv4 | undefined {
  const p = a.parts;
  const range = a.range();
  if (range === 'ipv4Mapped' || range === 'rfc6052') return new ipaddr.IPv4([p[6] >> 8, p[6] & 255, p[7] >> 8, p[7] & 255]);
  if (range === '6to4') return new ipaddr.IPv4([p[1] >> 8, p[1] & 255, p[2] >> 8, p[2] & 255]);
  return undefined;
}

/** The range name that makes `address` refused ('private', 'linkLocal', …), or undefined if it is public. */
export function refusedRange(address: string): string | undefined {
  const bare = bareAddress(address);
  if (!ipaddr.isValid(bare)) return 'invalid';
  let a = ipaddr.parse(bare);
  if (a.kind() === 'ipv6') {
    const v4 = embeddedIpv4(a as ipaddr.IPv6);
    if (v4) a = v4;
  }
  const range = a.range();
  return range === 'unicast' ? undefined : range;
}

function parseAllowed(list: readonly string[]): Cidr[] {
  return list.map((entry) => {
    const e = entry.trim();
    if (e.includes('/')) return ipaddr.parseCIDR(e);
    const a = ipaddr.parse(bareAddress(e));
    return [a, a.kind() === 'ipv4' ? 32 : 128];
  });
}

/** The check for one policy. Throws at creation on a malformed allowAddresses entry. */
export function addressChecker(policy: AddressPolicy): AddressCheck {
  if (policy.allowPrivate) return () => undefined;
  const allowed = parseAllowed(policy.allowAddresses ?? []);
  return (address) => {
    const range = refusedRange(address);
    if (range === undefined || range === 'invalid') return range;
    const a = ipaddr.parse(bareAddress(address));
    const hit = allowed.some(([net, bits]) => net.kind() === a.kind() && a.match(net, bits));
    return hit ? undefined : range;
  };
}

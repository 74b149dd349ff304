/**
 * The undici Agent every request goes through, with the address check done at connect time: the
 * address refused is the one the socket would connect to, after DNS, so a public name that resolves
 * to 10.0.0.1 (or is re-pointed there between two look-ups: DNS rebinding) is refused as surely as
 * a URL naming 10.0.0.1. Names are checked in the `lookup` that net.connect calls; IP literals, for
 * which net.connect calls no lookup, in the connector before it opens a socket. One connection per
 * origin (`connections: 1`): the scheduler already keeps one request in flight per host, and the
 * pool keeps it so at the transport level too.
 */
import dns from 'node:dns';
import type { LookupFunction } from 'node:net';
import { Agent, buildConnector } from 'undici';
import { bareAddress, isIpLiteral, type AddressCheck } from './address.js';

export const REFUSED_ADDRESS = 'NIANBAO_REFUSED_ADDRESS';

/** Thrown into undici by the connector; the fetcher turns it into a `refused_address` failure. */
export class RefusedAddressError extends Error {
  readonly code = REFUSED_ADDRESS;
  constructor(
    readonly host: string,
    readonly address: string,
    readonly range: string,
  ) {
    super(host === address ? `${address} is a ${range} address` : `${host} resolves to ${address}, a ${range} address`);
    this.name = 'RefusedAddressError';
  }
}

export interface AgentOptions {
  /** The policy's check (address.ts: addressChecker). */
  check: AddressCheck;
  connectTimeoutMs: number;
  /** The DNS resolver (default dns.lookup); tests give one that maps made-up names. */
  lookup?: LookupFunction;
}

/** The address check alone, for a request that has not been dispatched yet (an IP literal in a URL). */
export function refusedLiteral(check: AddressCheck, host: string): RefusedAddressError | undefined {
  if (!isIpLiteral(host)) return undefined;
  const address = bareAddress(host);
  const range = check(address);
  return range === undefined ? undefined : new RefusedAddressError(address, address, range);
}

function guardedLookup(resolve: LookupFunction, check: AddressCheck): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, options, (err, address, family) => {
      if (err) return callback(err, address, family);
      // net.connect asks for all addresses (options.all) when it races IPv4 and IPv6 (autoSelectFamily):
      // one refused address refuses the name, so a mixed answer cannot slip a private address through.
      const list = Array.isArray(address) ? address.map((a) => a.address) : [address];
      for (const a of list) {
        const range = check(a);
        if (range !== undefined) return callback(new RefusedAddressError(hostname, a, range) as NodeJS.ErrnoException, address, family);
      }
      callback(null, address, family);
    });
  };
}

export function createAgent(opts: AgentOptions): Agent {
  const resolve = opts.lookup ?? (dns.lookup as LookupFunction);
  const base = buildConnector({ timeout: opts.connectTimeoutMs, lookup: guardedLookup(resolve, opts.check) });
  const connect: buildConnector.connector = (options, callback) => {
    const refused = refusedLiteral(opts.check, options.hostname);
    if (refused) {
      process.nextTick(callback, refused, null);
      return;
    }
    base(options, callback);
  };
  return new Agent({ connect, connections: 1, pipelining: 1 });
}

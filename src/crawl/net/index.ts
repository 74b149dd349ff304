/** The crawler's network layer: fetch politely and safely, and say what came back. */
export { addressChecker, isIpLiteral, refusedRange, type AddressCheck, type AddressPolicy } from './address.js';
export { RefusedAddressError } from './agent.js';
export { detectBlocked, type Blocked, type BlockedKind, type PageLike } from './blocked.js';
export { detectCharset, encodingName, headerCharset, type Charset, type CharsetSource } from './charset.js';
export type { FailureKind, FetchFailure } from './failure.js';
export { createFetcher, type Fetcher, type FetcherOptions, type FetchRequest, type FetchResponse, type FetchResult, type RememberedRobots, type RobotsMemory } from './fetcher.js';
export { backoffMs, isRetryableStatus, retryAfterMs } from './retry.js';
export { RobotsCache, robotsUrlFor, type RobotsLoad, type RobotsOptions, type RobotsRules, type RobotsState } from './robots.js';
export { sameSite, siteOf } from './scope.js';
export { kindOfContentType, kindOfUrl, sniffBody, sniffKind, type BodyKind, type BodyMismatch } from './sniff-body.js';
export { checkUserAgent, nianbaoUserAgent, PRODUCT_TOKEN } from './user-agent.js';

/**
 * Why a fetch produced no response, as data: `kind` is the code programs read (the crawl ledger,
 * de-duplication, the decision whether to try again another day), `message` the sentence a person
 * reads, `detail` the lower layer's own code (ECONNREFUSED, CERT_HAS_EXPIRED, UND_ERR_BODY_TIMEOUT)
 * when there is one. A response with a bad status (404, 503 after the retries) is not a failure: it is
 * a response, and the caller reads its status.
 */
export type FailureKind =
  | 'network'
  | 'timeout'
  | 'too_large'
  | 'redirect_loop'
  | 'too_many_redirects'
  | 'refused_address'
  | 'scheme'
  | 'robots';

/** A failure before the fetcher adds where it happened (one request, one redirect hop). */
export interface Failure {
  kind: FailureKind;
  message: string;
  detail?: string;
}

export interface FetchFailure extends Failure {
  ok: false;
  /** The URL asked for. */
  url: string;
  /** The URL whose request failed: `url`, or a redirect's target. */
  failedUrl: string;
  /** The URLs that answered with a redirect before the failure, in order. */
  redirects: string[];
  /** Requests made for the URL that failed (0 when it was refused before any request). */
  attempts: number;
}

export function failure(kind: FailureKind, message: string, detail?: string): Failure {
  return detail === undefined ? { kind, message } : { kind, message, detail };
}

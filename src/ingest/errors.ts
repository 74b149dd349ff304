/** A document that cannot be read. `code` is stable (for the failure ledger); the message names the reason. */
export type IngestErrorCode =
  | 'empty'
  | 'corrupt'
  | 'encrypted'
  | 'unsupported_format'
  | 'needs_ocr'
  | 'timeout'
  | 'too_large'
  | 'encoding';

export class IngestError extends Error {
  constructor(
    readonly code: IngestErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'IngestError';
  }
}

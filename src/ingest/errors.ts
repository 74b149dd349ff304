import type { MessageCode } from '../model/messages.js';

/** A document that cannot be read. `code` is stable (for the failure ledger); the message names the file and the reason. */
export class IngestError extends Error {
  constructor(
    readonly code: MessageCode,
    message: string,
  ) {
    super(message);
    this.name = 'IngestError';
  }
}

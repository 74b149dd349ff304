/**
 * Cheap byte tests the dispatcher runs before choosing a reader (kept apart from the OCR modules
 * so that importing them costs nothing for documents without images).
 */

/** Does an HTML page have an <img> at all? ASCII, so it works whatever the charset. */
export function hasImages(buf: Uint8Array): boolean {
  return /<img\b/i.test(Buffer.from(buf).toString('latin1'));
}

/** Does a DOCX (zip) hold embedded media? Part names are stored uncompressed in the zip directory. */
export function docxHasMedia(buf: Uint8Array): boolean {
  return Buffer.from(buf).includes('word/media/');
}

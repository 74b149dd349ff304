/**
 * Messages as data: what a stage has to say about a document is a code (stable, for programs: the
 * failure ledger, `status`, de-duplication), the sentence a person reads, and where it applies (a
 * value key, a page). Later code reads the code and the fields, never the sentence.
 * The codes are listed, with their meaning, in docs/codebook.md ("Message codes").
 */
import { z } from 'zod';

export const MessageCode = z.enum([
  // The file cannot be read (ingest, pipeline)
  'empty',
  'corrupt',
  'encrypted',
  'unsupported_format',
  'needs_ocr',
  'timeout',
  'too_large',
  'decompression_limit',
  'memory_limit',
  'encoding',
  'reader_failed',
  'worker_failed',
  'extraction_failed',
  // An entry of the input folder that is not a readable file (the folder walk)
  'link_broken',
  'link_loop',
  'not_a_file',
  'unreadable',
  'vanished',
  'name_not_utf8',
  // Remarks of the readers
  'charset_guessed',
  'page_no_text',
  'page_scanned',
  'pages_ocr',
  'text_layer_garbled',
  'image_linked',
  'images_skipped',
  'image_unreadable',
  'image_no_table',
  'ocr_no_table',
  'ocr_low_confidence',
  'ocr_alternative',
  // The statistics tables
  'not_a_report',
  'companion',
  'tables_not_found',
  'table_not_found',
  'only_t4',
  'cell_unreadable',
  'row_incomplete',
  'row_duplicate',
  'row_missing',
  'row_unplaced',
  'glued_ambiguous',
  'generations_mixed',
  'tables_repeated',
  // Who and when
  'issuer_no_title',
  'issuer_from_text',
  'issuer_not_found',
  'place_from_text',
  'region_unresolved',
  'region_note',
  'year_not_found',
  'year_partial_period',
  'year_conflict',
  'year_from_text',
  // Before 2019
  'pre2019_unit',
  'pre2019_glued',
  'pre2019_extra_numbers',
]);
export type MessageCode = z.infer<typeof MessageCode>;

export const Level = z.enum(['error', 'warning']);
export type Level = z.infer<typeof Level>;

export const Message = z.object({
  level: Level,
  code: MessageCode,
  /** The sentence a person reads; it names the file where the message is about the file. */
  message: z.string(),
  /** The value key (or key prefix: a row, a table such as "T3") the message is about. */
  key: z.string().optional(),
  page: z.number().int().optional(),
  /** What was seen, when it is more than the sentence says (the printed text, the candidates). */
  detail: z.string().optional(),
});
export type Message = z.infer<typeof Message>;

type Where = Pick<Message, 'key' | 'page' | 'detail'>;

/** Drops fields left undefined, so records compare and serialise the same however they were built. */
function make(level: Level, code: MessageCode, message: string, where: Where = {}): Message {
  const m: Message = { level, code, message };
  if (where.key !== undefined) m.key = where.key;
  if (where.page !== undefined && Number.isInteger(where.page)) m.page = where.page;
  if (where.detail !== undefined) m.detail = where.detail;
  return m;
}

export const error = (code: MessageCode, message: string, where?: Where): Message => make('error', code, message, where);
export const warning = (code: MessageCode, message: string, where?: Where): Message => make('warning', code, message, where);

/** The sentences of the messages at one level, in order: the record's `errors` and `warnings`. */
export const sentences = (messages: readonly Message[], level: Level): string[] => messages.filter((m) => m.level === level).map((m) => m.message);

/**
 * One line about a document for a person: the file first, whatever the sentence says, then how many
 * more there are. Sentences of file-level errors already start with the path; it is not repeated.
 */
export function aboutDocument(path: string, messages: readonly Message[], level: Level = 'error'): string | undefined {
  const mine = messages.filter((m) => m.level === level);
  if (!mine.length) return undefined;
  const text = mine[0].message.startsWith(`${path}: `) ? mine[0].message.slice(path.length + 2) : mine[0].message;
  return `${path}: ${text}${mine.length > 1 ? ` (and ${mine.length - 1} more)` : ''}`;
}

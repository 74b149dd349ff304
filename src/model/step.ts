/**
 * A step of the pipeline, in the manner of unified's plugins: it reads the document (and what the
 * steps before it put in the record) and adds to the record: values, cells, checks, and coded
 * messages in `issues`. The pipeline is the ordered list of steps (src/pipeline/steps.ts).
 */
import type { DocumentModel } from './document.js';
import type { ReportRecord } from './record.js';

export type Step = (doc: DocumentModel, rec: ReportRecord) => void;

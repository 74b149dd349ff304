/**
 * The pipeline after reading: the ordered list of steps over the document model and the record.
 * Each step reads what the ones before it wrote (the table readers decide the template; the checks
 * read the values), so the order is the contract.
 */
import { readIssuer } from '../extractors/issuer/index.js';
import { judgeKind } from '../extractors/kind.js';
import { readNarrative } from '../extractors/narrative/index.js';
import { readPre2019 } from '../extractors/pre2019/index.js';
import { readTables } from '../extractors/tables/index.js';
import type { Step } from '../model/step.js';
import { checkIdentities } from '../validate/checks.js';
import { checkNarrative } from '../validate/narrative.js';
import { flagOcrReadings } from '../validate/ocr-flags.js';

export const STEPS: readonly Step[] = [
  readIssuer,
  readTables,
  readPre2019,
  readNarrative,
  checkIdentities,
  checkNarrative,
  flagOcrReadings,
  judgeKind,
];

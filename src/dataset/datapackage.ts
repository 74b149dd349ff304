/**
 * A Frictionless Data Package (datapackage.json) describing every exported file and column. The
 * fields of the files that are tables of the dataset come from their description (tables.ts).
 */
import { PARSER } from '../util/version.js';
import { LONG_COLUMNS } from './long.js';
import { CHECKS, columnNames, NARRATIVE, REPORT_VALUES, type Table } from './tables.js';

type Field = { name: string; type: 'string' | 'integer' | 'number' | 'boolean' | 'array'; description: string };

const FIELD_TYPES = { text: 'string', integer: 'integer', real: 'number', boolean: 'boolean' } as const;

/** The named columns of a table, in the order named, as data-package fields: one description for the database and the files. */
function fields<T extends Table>(table: T, names: readonly ColumnName<T>[]): Field[] {
  return names.map((n) => {
    const c = table.columns.find((x) => x.name === n)!;
    return { name: c.name, type: FIELD_TYPES[c.type], description: c.meaning };
  });
}
type ColumnName<T extends Table> = T['columns'][number]['name'];
const except = <T extends Table>(table: T, drop: readonly ColumnName<T>[]) => columnNames(table).filter((n) => !drop.includes(n)) as ColumnName<T>[];

/** values.csv: the first columns of report_values. */
export const VALUE_FIELDS: Field[] = fields(REPORT_VALUES, LONG_COLUMNS);

/** The rest of report_values, in values.parquet only. */
export const PROVENANCE_FIELDS: Field[] = fields(REPORT_VALUES, except(REPORT_VALUES, LONG_COLUMNS));

export const CHECK_FIELDS: Field[] = fields(CHECKS, columnNames(CHECKS) as ColumnName<typeof CHECKS>[]);

/** narrative.csv has no seq: its rows are in each report's order already. */
export const NARRATIVE_FIELDS: Field[] = fields(NARRATIVE, except(NARRATIVE, ['seq']));

export function dataPackage(files: { values: boolean; parquet: boolean }): object {
  const csv = (name: string, path: string, fields: Field[], description: string) => ({
    name, path, profile: 'tabular-data-resource', format: 'csv', mediatype: 'text/csv', encoding: 'utf-8', description,
    schema: { fields, missingValues: [''] },
  });
  return {
    name: 'nianbao-dataset',
    title: '政府信息公开工作年度报告 statistics, extracted by nianbao',
    description: 'Values of the national statistics tables (T2, T3, T4) and narrative counts of government information disclosure annual reports, each traced to its source cell. Codebook: docs/codebook.md of the nianbao project.',
    version: PARSER.version,
    created: new Date().toISOString(),
    licenses: [{ name: 'ODC-PDDL-1.0', title: 'Facts extracted from public government reports' }],
    sources: [{ title: 'Government information disclosure annual reports, as published by each issuer' }],
    contributors: [{ title: `${PARSER.name} ${PARSER.version}`, role: 'author' }],
    resources: [
      ...(files.values ? [csv('values', 'values.csv', VALUE_FIELDS, 'one row per (report, key): the long table of codebook §5')] : []),
      ...(files.parquet
        ? [{ name: 'values-parquet', path: 'values.parquet', format: 'parquet', mediatype: 'application/vnd.apache.parquet', description: 'the long table with full provenance', schema: { fields: [...VALUE_FIELDS, ...PROVENANCE_FIELDS] } }]
        : []),
      csv('checks', 'checks.csv', CHECK_FIELDS, 'every identity check of every report'),
      csv('narrative', 'narrative.csv', NARRATIVE_FIELDS, 'counts stated in the reports\' text'),
      { name: 'reports', path: 'reports.jsonl', format: 'jsonl', mediatype: 'application/jsonl', encoding: 'utf-8', description: 'one full record per source document (codebook §1), including errors and every cell\'s provenance' },
    ],
  };
}

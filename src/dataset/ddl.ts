/**
 * SQL for the tables of tables.ts, in either dialect: the dialect gives the type of a column and the
 * qualified name of a table. Creating is split from indexing so that a store can add the columns an
 * older dataset lacks in between (an index may name a new column).
 */
import type { Column, Table } from './tables.js';

export interface Dialect {
  type(c: Column): string;
  /** The table's name as written in DDL (PostgreSQL qualifies it with the schema). */
  table(t: Table): string;
}

const column = (d: Dialect, c: Column) => `  ${c.name} ${d.type(c)}${c.notNull ? ' NOT NULL' : ''}`;

export function createTables(d: Dialect, tables: readonly Table[]): string {
  return tables
    .map((t) => `CREATE TABLE IF NOT EXISTS ${d.table(t)} (\n${[...t.columns.map((c) => column(d, c)), `  PRIMARY KEY (${t.primaryKey.join(', ')})`].join(',\n')}\n);\n`)
    .join('');
}

/**
 * Index names are unqualified: PostgreSQL puts an index in its table's schema. `present`: names of the
 * indexes there already, left out (a dataset made by an older version gets only those added since).
 */
export function createIndexes(d: Dialect, tables: readonly Table[], present?: ReadonlySet<string>): string {
  return tables
    .flatMap((t) => t.indexes.filter((i) => !present?.has(i.name)).map((i) => `CREATE INDEX IF NOT EXISTS ${i.name} ON ${d.table(t)}(${i.columns.join(', ')});\n`))
    .join('');
}

/**
 * ALTER TABLE … ADD COLUMN for each described column the existing table lacks (`present`: its column
 * names). Only a nullable column can be added to rows that exist, and columns are only ever added
 * nullable (tables.ts), so a missing NOT NULL column means a table nianbao did not make.
 */
export function addMissingColumns(d: Dialect, t: Table, present: ReadonlySet<string>): string[] {
  return t.columns
    .filter((c) => !present.has(c.name))
    .map((c) => {
      if (c.notNull) throw new Error(`table ${t.name} lacks the required column ${c.name}: it was not made by nianbao`);
      return `ALTER TABLE ${d.table(t)} ADD COLUMN ${column(d, c).trim()}`;
    });
}

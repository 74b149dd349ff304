/** The dataset behind an output folder: SQLite in it by default, or the PostgreSQL database named by --db. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteStore } from './sqlite.js';
import type { Store } from './store.js';

export interface StoreLocation {
  out: string;
  /** postgres://… to share one dataset between machines. */
  db?: string;
  /** PostgreSQL schema holding the tables (default "nianbao"). */
  schema?: string;
}

export async function openStore(loc: StoreLocation, opts: { mustExist?: boolean } = {}): Promise<Store> {
  // Loaded only when asked for: the SQLite path does not need the PostgreSQL client.
  if (loc.db) return (await import('./postgres.js')).PostgresStore.open(loc.db, { schema: loc.schema, mustExist: opts.mustExist });
  const file = join(loc.out, 'nianbao.sqlite');
  if (opts.mustExist && !existsSync(file)) throw new Error(`no dataset at ${file}; run "nianbao extract … --out ${loc.out}" first`);
  return new SqliteStore(file);
}

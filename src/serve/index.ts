/**
 * `nianbao serve`: the comparison page's API on a local port. It listens on 127.0.0.1 unless told
 * otherwise: the corrections it accepts change the dataset, so exposing it is a decision (give
 * --host and an --edit-token together). Port 0 lets the system pick a free port; the address printed
 * is the one actually bound.
 */
import type { AddressInfo } from 'node:net';
import { serve as listen, type ServerType } from '@hono/node-server';
import type { Store } from '../dataset/store.js';
import { createApp, type AppOptions } from './app.js';
import { reviewCorrections } from './corrections.js';

export { createApp } from './app.js';
export { reviewCorrections } from './corrections.js';

export interface ServeOptions extends AppOptions {
  store: Store;
  port: number;
  host?: string;
  /** Where to say the address (stdout by default). */
  log?: (line: string) => void;
}

export interface Running {
  url: string;
  port: number;
  server: ServerType;
  close(): Promise<void>;
}

export async function serve(o: ServeOptions): Promise<Running> {
  const host = o.host ?? '127.0.0.1';
  const log = o.log ?? ((l: string) => console.log(l));
  // Corrections made against values a re-read has changed since are flagged before anyone sees them.
  const flagged = await reviewCorrections(o.store);
  if (flagged.length) log(`${flagged.length} correction(s) flagged for review: the extracted value changed since they were made`);
  const app = createApp(o.store, { editToken: o.editToken, readOnly: o.readOnly, sourceRoot: o.sourceRoot, pageCacheBytes: o.pageCacheBytes, webRoot: o.webRoot });
  const { server, port } = await new Promise<{ server: ServerType; port: number }>((resolve, reject) => {
    const server = listen({ fetch: app.fetch, port: o.port, hostname: host }, (info: AddressInfo) => resolve({ server, port: info.port }));
    server.once('error', reject);
  });
  const shown = host.includes(':') ? `[${host}]` : host;
  const url = `http://${shown}:${port}/`;
  log(url);
  return {
    url,
    port,
    server,
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}

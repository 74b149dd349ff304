/**
 * The native JSON.stringify for the API's answers. pdf.js's legacy build (loaded by the page renderer
 * through src/ingest/pdf, and again by its worker on the first PDF opened) brings core-js, which on
 * Node 20 (no JSON.rawJSON) replaces JSON.stringify with a JavaScript walk calling back for every
 * value: a region page (half a megabyte of JSON) then spends a third of its time there. hono's c.json
 * calls the global, so each request puts the engine's own back first, taken from a fresh V8 context
 * that no library has touched. It differs from core-js's only in JSON.rawJSON, which nothing here uses.
 */
import { runInNewContext } from 'node:vm';
import type { MiddlewareHandler } from 'hono';

const native = runInNewContext('JSON.stringify') as typeof JSON.stringify;

export const nativeJson: MiddlewareHandler = async (_, next) => {
  if (JSON.stringify !== native) JSON.stringify = native;
  await next();
};

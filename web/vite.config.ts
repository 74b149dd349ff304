/**
 * Builds the comparison page (web/) into dist/web/, which the server (src/serve/static.ts) serves.
 * No inline script or style in the output: the page's Content-Security-Policy forbids both.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: here,
  base: '/',
  publicDir: fileURLToPath(new URL('public/', import.meta.url)),
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('../dist/web/', import.meta.url)),
    emptyOutDir: true,
    // Nothing inlined as data: URLs into scripts or styles; the polyfill is a script of its own anyway, but no browser we serve needs it.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
    target: 'es2022',
    chunkSizeWarningLimit: 1200,
  },
});

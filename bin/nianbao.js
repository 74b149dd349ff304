#!/usr/bin/env node
// `serve` runs in a process with a bounded heap (src/cli/heap.ts says why), started before the rest
// of the program is loaded, so the process that waits for it stays small.
if (process.argv[2] === 'serve') {
  const { inBoundedHeap, serveHeapMb } = await import('../dist/src/cli/heap.js');
  await inBoundedHeap(serveHeapMb(process.argv));
}
await import('../dist/src/cli/main.js');

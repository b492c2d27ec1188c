import { appendFileSync } from "node:fs";

/**
 * A measuring hook preloaded into a Coffer process by the memory section (`node --expose-gc
 * --import <this file> dist/src/main.js`), so Coffer's own code stays as it ships: on SIGUSR2
 * it runs a full garbage collection (twice, so objects freed by finalisers go too) and appends
 * one JSON line of `process.memoryUsage()` to the file named by COFFER_BENCH_MEMORY_FILE.
 * Without that variable, or without --expose-gc, it does nothing.
 */
const file = process.env.COFFER_BENCH_MEMORY_FILE;
const gc = (globalThis as { gc?: () => void }).gc;
if (file && gc) {
  process.on("SIGUSR2", () => {
    gc();
    gc();
    appendFileSync(file, JSON.stringify(process.memoryUsage()) + "\n");
  });
}

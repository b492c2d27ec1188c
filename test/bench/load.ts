import { Worker } from "node:worker_threads";
import type { LoadJob, LoadResult } from "./loadWorker.js";

export type { LoadJob, LoadResult };

/** Runs one load job in a fresh worker thread (the client) and returns what it measured. */
export function runLoad(job: LoadJob): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL("./loadWorker.js", import.meta.url), { workerData: job });
    worker.once("message", (message: { ok: true; result: LoadResult } | { ok: false; error: string }) => {
      void worker.terminate();
      if (message.ok) resolve(message.result);
      else reject(new Error(message.error));
    });
    worker.once("error", reject);
  });
}

/** The q-quantile (0..1) of a sample, nearest-rank. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank];
}

export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

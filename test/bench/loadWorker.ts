import http from "node:http";
import { parentPort, workerData } from "node:worker_threads";

/**
 * The benchmark's HTTP client, run in a worker thread so the server under test (Coffer or the
 * bare Apollo Server, in the main thread) does not share its event loop with the client. The
 * same client drives every server measured. Keep-alive sockets, one per request in flight.
 */
export interface LoadJob {
  readonly url: string;
  readonly body: string;
  readonly headers: Record<string, string>;
  /** Requests in flight at once. */
  readonly concurrency: number;
  /** Stop after this many requests … */
  readonly count?: number;
  /** … or after this long (ms), whichever is given. */
  readonly durationMs?: number;
}

export interface LoadResult {
  /** Per request, ms, in completion order. */
  readonly latenciesMs: number[];
  readonly wallMs: number;
  readonly statuses: Record<string, number>;
  /** Distinct response bodies seen (by text), to check every answer is identical. */
  readonly distinctBodies: number;
  /** One response body (the first). */
  readonly sampleBody: string;
}

function post(agent: http.Agent, target: URL, body: string, headers: Record<string, string>): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { agent, hostname: target.hostname, port: target.port, path: target.pathname, method: "POST", headers: { ...headers, "content-length": Buffer.byteLength(body) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

async function run(job: LoadJob): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: job.concurrency });
  const target = new URL(job.url);
  const latenciesMs: number[] = [];
  const statuses: Record<string, number> = {};
  const bodies = new Set<string>();
  let sampleBody = "";
  let started = 0;
  const t0 = performance.now();
  const deadline = job.durationMs !== undefined ? t0 + job.durationMs : Infinity;
  const more = () => (job.count !== undefined ? started < job.count : performance.now() < deadline);
  async function lane(): Promise<void> {
    while (more()) {
      started++;
      const t = performance.now();
      let status: string;
      try {
        const answer = await post(agent, target, job.body, job.headers);
        status = String(answer.status);
        if (bodies.size < 50) bodies.add(answer.text);
        if (!sampleBody) sampleBody = answer.text;
      } catch (error) {
        status = `error: ${(error as Error).message}`;
      }
      latenciesMs.push(performance.now() - t);
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
  }
  await Promise.all(Array.from({ length: job.concurrency }, lane));
  const wallMs = performance.now() - t0;
  agent.destroy();
  return { latenciesMs, wallMs, statuses, distinctBodies: bodies.size, sampleBody };
}

if (parentPort && workerData) {
  const port = parentPort;
  run(workerData as LoadJob).then(
    (result) => port.postMessage({ ok: true, result }),
    (error: unknown) => port.postMessage({ ok: false, error: String(error) }),
  );
}

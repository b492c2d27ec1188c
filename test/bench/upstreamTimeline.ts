import http from "node:http";

/**
 * A measuring hook preloaded into a Coffer process (`node --import <this file>
 * dist/src/main.js`) when COFFER_BENCH_TIMELINE is set: for each POST /graphql it writes to
 * stderr, when the answer is finished, every upstream call made meanwhile — when it was sent,
 * when its answer's headers and its end arrived, ms after the request came in — so a slow
 * dashboard shows whether the time went to waiting between calls or to the calls themselves.
 * It patches node:http's request (node-fetch and the kit go through it; a client on undici does
 * not) and the server's "request" event; Coffer's code is unchanged. One request at a time.
 */
if (process.env.COFFER_BENCH_TIMELINE) {
  let t0 = 0;
  let lines: string[] = [];
  const since = () => (performance.now() - t0).toFixed(1);
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called below with the server as `this`
  const emit = http.Server.prototype.emit as (this: http.Server, event: string, ...args: unknown[]) => boolean;
  http.Server.prototype.emit = function (this: http.Server, event: string, ...args: unknown[]): boolean {
    const [req, res] = args as [http.IncomingMessage, http.ServerResponse];
    if (event === "request" && req.url?.startsWith("/graphql") && req.method === "POST") {
      t0 = performance.now();
      lines = [];
      res.on("finish", () => process.stderr.write(`timeline: answered after ${since()} ms\n${lines.sort((a, b) => parseFloat(a) - parseFloat(b)).join("\n")}\n`));
    }
    return emit.call(this, event, ...args);
  };
  const request = http.request;
  http.request = function (...args: Parameters<typeof http.request>) {
    const req = request(...args);
    const sent = since();
    const path = (req.path || "").split("?")[0];
    req.on("response", (res) => {
      const headers = since();
      res.on("end", () => lines.push(`${sent.padStart(7)} → headers ${headers.padStart(7)}, end ${since().padStart(7)}  ${req.method} ${path}`));
    });
    return req;
  } as typeof http.request;
}

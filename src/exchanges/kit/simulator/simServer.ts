import http from "node:http";
import type { AddressInfo } from "node:net";
import { noFaults, type Faults } from "./faults.js";

/** A request as a simulator handler sees it. */
export interface SimRequest {
  readonly method: string;
  /** Host header as sent (some exchanges sign it). */
  readonly host: string;
  readonly path: string;
  /** The raw query string without "?", exactly as sent (some exchanges sign it). */
  readonly rawQuery: string;
  readonly query: URLSearchParams;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
  /** The simulator's own clock (real time plus the skew fault), epoch ms. */
  readonly now: number;
}

export interface SimResponse {
  readonly status: number;
  readonly headers?: Record<string, string>;
  /** A string is sent as is (exact numbers are written by hand); anything else as JSON. */
  readonly body: unknown;
}

/** One call a simulator received; tests count and inspect these. */
export interface SimCall {
  readonly method: string;
  readonly path: string;
  readonly rawQuery: string;
  readonly body: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly at: number;
  /** Which listener (e.g. "spot", "usdm") took it. */
  readonly listener: string;
}

export type SimHandler = (request: SimRequest) => Promise<SimResponse> | SimResponse;

export interface SimServer {
  readonly url: string;
  /** The listener itself (the simulators' account streams attach to its upgrade event). */
  readonly server: http.Server;
  close(): Promise<void>;
}

export interface SimServerOptions {
  readonly name: string;
  readonly handler: SimHandler;
  readonly faults: Faults;
  readonly calls: SimCall[];
  readonly host?: string;
  readonly port?: number;
}

function takeCounted(faults: Faults, key: "fail5xx" | "timeouts" | "malformed" | "resets", path: string): boolean {
  if (faults[key] <= 0) return false;
  if (faults.only && !faults.only.test(path)) return false;
  faults[key]--;
  return true;
}

/**
 * Starts one HTTP listener for a simulator on loopback, applies the fault switches around the
 * handler and records every call. Shared by every exchange simulator.
 */
export async function startSimServer(options: SimServerOptions): Promise<SimServer> {
  const { faults, calls, handler } = options;
  const hung = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      void (async () => {
        const raw = req.url ?? "/";
        const q = raw.indexOf("?");
        const path = q === -1 ? raw : raw.slice(0, q);
        const rawQuery = q === -1 ? "" : raw.slice(q + 1);
        const body = Buffer.concat(chunks).toString("utf8");
        const now = Date.now() + faults.clockSkewMs;
        calls.push({ method: req.method ?? "GET", path, rawQuery, body, headers: req.headers, at: Date.now(), listener: options.name });
        if (faults.latencyMs > 0) await new Promise((r) => setTimeout(r, faults.latencyMs));
        if (takeCounted(faults, "resets", path)) {
          req.socket.destroy();
          return;
        }
        if (takeCounted(faults, "fail5xx", path)) {
          send(res, { status: 500, body: "<html><body><h1>502 Bad Gateway</h1></body></html>" });
          return;
        }
        const timeout = takeCounted(faults, "timeouts", path);
        if (timeout && !faults.timeoutAfterProcessing) {
          hung.add(res);
          return;
        }
        let response: SimResponse;
        try {
          response = await handler({
            method: req.method ?? "GET",
            host: req.headers.host ?? "",
            path,
            rawQuery,
            query: new URLSearchParams(rawQuery),
            headers: req.headers,
            body,
            now,
          });
        } catch (error) {
          response = { status: 500, body: { error: `simulator bug: ${(error as Error).message}` } };
        }
        if (timeout) {
          hung.add(res);
          return;
        }
        if (takeCounted(faults, "malformed", path)) {
          send(res, { status: response.status, body: '{"code":200,"data":[{"broken' });
          return;
        }
        send(res, response);
      })();
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? "127.0.0.1", resolve));
  const address = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? "127.0.0.1"}:${address.port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hung) res.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * Starts one listener per name (an exchange's hosts), all sharing the fault switches and the
 * call log; if one cannot start, the ones started are closed again.
 */
export async function startSimServers<N extends string>(
  names: readonly N[],
  handlerFor: (name: N) => SimHandler,
  options: { readonly faults: Faults; readonly calls: SimCall[]; readonly host?: string | undefined },
): Promise<Record<N, SimServer>> {
  const started: Array<[N, SimServer]> = [];
  try {
    for (const name of names) {
      started.push([
        name,
        await startSimServer({ name, handler: handlerFor(name), faults: options.faults, calls: options.calls, ...(options.host ? { host: options.host } : {}) }),
      ]);
    }
  } catch (error) {
    await Promise.all(started.map(([, server]) => server.close()));
    throw error;
  }
  return Object.fromEntries(started) as Record<N, SimServer>;
}

/** The WebSocket URL of a listener (ws:// for http://). */
export function wsUrl(httpUrl: string): string {
  return httpUrl.replace(/^http/, "ws");
}

function send(res: http.ServerResponse, response: SimResponse): void {
  const text = typeof response.body === "string" ? response.body : JSON.stringify(response.body);
  // With its length known, Node writes the head and the body in one write, unchunked, as the
  // exchanges' front ends answer; without it, every answer goes out as a chunked writev.
  res.writeHead(response.status, { "content-type": "application/json;charset=UTF-8", "content-length": String(Buffer.byteLength(text)), ...response.headers });
  res.end(text);
}

export { noFaults };

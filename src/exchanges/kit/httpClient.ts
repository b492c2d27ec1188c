import http from "node:http";
import https from "node:https";
import fetch, { type RequestInit } from "node-fetch";

/** An answer's headers, looked up by lower-case name (a Map satisfies it). */
export interface HttpHeaders {
  get(name: string): string | undefined;
}

/** The parts of an HTTP answer a connector reads. */
export interface HttpResponse {
  readonly status: number;
  readonly headers: HttpHeaders;
  readonly text: string;
}

export interface HttpRequest {
  readonly method: "GET" | "POST" | "DELETE" | "PUT";
  /** Full URL, query string included. Never logged as is: it may carry a signature. */
  readonly url: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  readonly timeoutMs?: number;
  /**
   * The caller's own end (its request is over or its client left): the call in flight is
   * dropped and RequestAbortedError thrown. Reads only: a transfer is never given one.
   */
  readonly signal?: AbortSignal;
}

/**
 * A request that got no HTTP answer. `requestMaySent` is false only when the connection was
 * never made (refused, DNS), so the exchange cannot have acted on it; a timeout or a reset
 * after connecting may have reached it.
 */
export class HttpTransportError extends Error {
  readonly kind: "timeout" | "network";
  readonly requestMayHaveBeenSent: boolean;
  constructor(kind: "timeout" | "network", message: string, requestMayHaveBeenSent: boolean) {
    super(message);
    this.name = "HttpTransportError";
    this.kind = kind;
    this.requestMayHaveBeenSent = requestMayHaveBeenSent;
  }
}

/**
 * The caller gave up (its AbortSignal fired): the call was dropped or never sent. Not an
 * upstream failure — it says nothing about the exchange, so it is not retried, not mapped to
 * UPSTREAM_UNAVAILABLE and not counted by the circuit breaker.
 */
export class RequestAbortedError extends Error {
  constructor(where: string) {
    super(`${where}: the request that asked for it has ended`);
    this.name = "RequestAbortedError";
  }
}

/** Throws RequestAbortedError when `signal` has fired (a check between pages and before sending). */
export function throwIfAborted(signal: AbortSignal | undefined, where: string): void {
  if (signal?.aborted) throw new RequestAbortedError(where);
}

export interface HttpClient {
  send(request: HttpRequest): Promise<HttpResponse>;
  close(): void;
}

export interface HttpClientOptions {
  /** Default timeout of every call, in ms. */
  timeoutMs?: number;
  /** Most sockets kept open per host. */
  maxSockets?: number;
}

const NOT_CONNECTED_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);

/**
 * node-fetch over keep-alive agents, with a timeout on every call. One client per connection,
 * so its sockets are reused for every call to that exchange. Error messages name the host and
 * path only: a query string may hold a signature.
 */
export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  const defaultTimeout = options.timeoutMs ?? 10_000;
  const agentOptions = { keepAlive: true, maxSockets: options.maxSockets ?? 32, keepAliveMsecs: 10_000 };
  const httpAgent = new http.Agent(agentOptions);
  const httpsAgent = new https.Agent(agentOptions);

  return {
    async send(request: HttpRequest): Promise<HttpResponse> {
      // Named for errors only (host and path, never the query): parsed when one is thrown.
      const where = () => describeCall(request);
      if (request.signal?.aborted) throw new RequestAbortedError(where());
      const controller = new CallAbort();
      const timeoutMs = request.timeoutMs ?? defaultTimeout;
      const timer = setTimeout(() => controller.abort(), timeoutMs);
      const callerGone = () => controller.abort();
      request.signal?.addEventListener("abort", callerGone, { once: true });
      const init: RequestInit = {
        method: request.method,
        headers: request.headers,
        body: request.body,
        agent: request.url.startsWith("https:") ? httpsAgent : httpAgent,
        signal: controller as unknown as RequestInit["signal"],
        compress: true,
      };
      try {
        const response = await fetch(request.url, init);
        const text = await readText(response.body);
        // Read in place: a connector looks up one or two headers, so copying all of them for
        // every answer is wasted work.
        const headers: HttpHeaders = { get: (name) => response.headers.get(name) ?? undefined };
        return { status: response.status, headers, text };
      } catch (error) {
        if (request.signal?.aborted) throw new RequestAbortedError(where());
        if (controller.aborted) {
          throw new HttpTransportError("timeout", `${where()} got no answer within ${timeoutMs} ms`, true);
        }
        const code = (error as { code?: string }).code ?? "";
        const sent = !NOT_CONNECTED_CODES.has(code);
        throw new HttpTransportError("network", `${where()} failed: ${code || "network error"}`, sent);
      } finally {
        clearTimeout(timer);
        request.signal?.removeEventListener("abort", callerGone);
      }
    },
    close(): void {
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  };
}

/**
 * The answer's body as UTF-8 text, read from node-fetch's body stream by its events.
 * `response.text()` reads the same stream through an async iterator (a promise per chunk) and
 * decodes with a new TextDecoder each time: for answers of a few KB, arriving one after the
 * other, that was a measurable part of receiving each. An abort or a broken connection ends the
 * stream with an error, as it ends `text()`.
 */
function readText(body: NodeJS.ReadableStream | null): Promise<string> {
  if (body === null) return Promise.resolve("");
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    body.on("data", (chunk: Buffer) => chunks.push(chunk));
    body.once("error", reject);
    body.once("end", () => resolve(chunks.length === 1 ? chunks[0]!.toString("utf8") : Buffer.concat(chunks).toString("utf8")));
  });
}

/** "GET host/path" of a request: what errors name (a query string may hold a signature). */
function describeCall(request: HttpRequest): string {
  try {
    const url = new URL(request.url);
    return `${request.method} ${url.host}${url.pathname}`;
  } catch {
    return `${request.method} (unparsable URL)`;
  }
}

/**
 * One call's abort switch, handed to node-fetch as its `signal`. node-fetch needs only what an
 * AbortSignal-like object offers (`aborted`, adding and removing its one "abort" listener; it
 * recognises one by its string tag); Node's own AbortController and EventTarget cost more per
 * call than the rest of our wrapper, for every call of every dashboard, to serve a timeout that
 * almost never fires.
 */
class CallAbort {
  readonly [Symbol.toStringTag] = "AbortSignal";
  aborted = false;
  private listeners: Array<() => void> = [];

  addEventListener(type: string, listener: () => void): void {
    if (type === "abort") this.listeners.push(listener);
  }

  removeEventListener(type: string, listener: () => void): void {
    if (type === "abort") this.listeners = this.listeners.filter((l) => l !== listener);
  }

  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    for (const listener of this.listeners.splice(0)) listener();
  }
}

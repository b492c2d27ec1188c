import { Agent, request } from "undici";

/**
 * node-fetch's interface, as Coffer's HTTP client uses it, served by undici's `request`: a bench
 * stand-in only (the undiciFetchHook.ts preload puts it in node-fetch's place), so the dashboard
 * can be timed with the other client and nothing else changed. Supports what
 * src/exchanges/kit/httpClient.ts passes and reads: method, headers, a string body, an
 * AbortSignal-like `signal`; `status`, `headers.get`, `body` as a Node stream.
 */
const agent = new Agent({ keepAliveTimeout: 10_000, connections: 32 });

interface FetchInit {
  readonly method?: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  readonly signal?: unknown;
}

export default async function fetch(url: string, init: FetchInit = {}) {
  const answer = await request(url, {
    method: (init.method ?? "GET") as "GET",
    ...(init.headers ? { headers: init.headers } : {}),
    ...(init.body !== undefined ? { body: init.body } : {}),
    ...(init.signal ? { signal: init.signal as AbortSignal } : {}),
    dispatcher: agent,
  });
  const headers = answer.headers;
  return {
    status: answer.statusCode,
    headers: {
      get(name: string): string | null {
        const value = headers[name.toLowerCase()];
        return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
      },
    },
    body: answer.body,
  };
}

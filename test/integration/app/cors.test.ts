import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { print } from "graphql";
import { SANDBOX_TOKEN } from "../../../src/server/sandbox.js";
import { ConnectionsDocument } from "../../generated/graphql.js";
import { startSandboxCoffer, type SandboxCoffer } from "../../support/startSandboxCoffer.js";

const ALLOWED = "http://localhost:5173";
const OTHER = "http://localhost:5174";

let env: SandboxCoffer;

beforeAll(async () => {
  env = await startSandboxCoffer({ config: { cors: { origins: [ALLOWED, "https://app.example.com"], maxAgeSeconds: 321 } } });
});
afterAll(async () => {
  await env?.close();
});

function preflight(origin: string, requestHeaders = "content-type, authorization"): Promise<Response> {
  return fetch(`${env.url}/graphql`, {
    method: "OPTIONS",
    headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": requestHeaders },
  });
}

function post(
  origin: string | null,
  headers: Record<string, string> = { "content-type": "application/json" },
  body = JSON.stringify({ query: print(ConnectionsDocument) }),
): Promise<Response> {
  return fetch(`${env.url}/graphql`, {
    method: "POST",
    headers: { ...(origin ? { origin } : {}), authorization: `Bearer ${SANDBOX_TOKEN}`, ...headers },
    body,
  });
}

function corsHeaders(response: Response): string[] {
  const names: string[] = [];
  response.headers.forEach((_value, name) => {
    if (name.startsWith("access-control-")) names.push(name);
  });
  return names;
}

describe("CORS with an allow-list", () => {
  it("answers an allowed origin's preflight with its origin echoed, credentials, the methods and headers clients send, and the max age", async () => {
    const response = await preflight(ALLOWED, "content-type, authorization, apollo-require-preflight, x-apollo-operation-name");
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe(ALLOWED);
    expect(response.headers.get("access-control-allow-credentials")).toBe("true");
    expect(response.headers.get("access-control-allow-methods")!.split(/,\s*/)).toEqual(expect.arrayContaining(["GET", "POST"]));
    const allowedHeaders = response.headers.get("access-control-allow-headers")!.split(/,\s*/);
    for (const header of ["content-type", "authorization", "apollo-require-preflight", "x-apollo-operation-name"]) expect(allowedHeaders).toContain(header);
    expect(response.headers.get("access-control-max-age")).toBe("321");
    expect(response.headers.get("vary")).toMatch(/\bOrigin\b/);
  });

  it("refuses a preflight from an origin not on the list with 403 and no CORS header", async () => {
    const response = await preflight(OTHER);
    expect(response.status).toBe(403);
    expect(corsHeaders(response)).toEqual([]);
    expect(response.headers.get("vary")).toMatch(/\bOrigin\b/);
  });

  it("echoes an allowed origin (never *) on the answer itself, with Vary: Origin", async () => {
    const response = await post(ALLOWED);
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBe(ALLOWED);
    expect(response.headers.get("access-control-allow-credentials")).toBe("true");
    expect(response.headers.get("access-control-expose-headers")).toContain("retry-after");
    expect(response.headers.get("vary")).toMatch(/\bOrigin\b/);
    const body = (await response.json()) as { data: { connections: unknown[] } };
    expect(body.data.connections).toHaveLength(2);
  });

  it("matches origins exactly: another port, scheme or a suffix of an allowed host gets no CORS header", async () => {
    for (const origin of [OTHER, "http://app.example.com", "https://app.example.com.evil.test", "null"]) {
      const response = await post(origin);
      expect(corsHeaders(response)).toEqual([]);
      expect(response.headers.get("vary")).toMatch(/\bOrigin\b/);
    }
  });

  it("lets an allowed page read Coffer's errors too (a 401 carries the CORS headers)", async () => {
    const response = await post(ALLOWED, { "content-type": "application/json", authorization: "Bearer not-a-token" });
    expect(response.status).toBe(401);
    expect(response.headers.get("access-control-allow-origin")).toBe(ALLOWED);
    const body = (await response.json()) as { errors: Array<{ extensions: { code: string } }> };
    expect(body.errors[0].extensions.code).toBe("UNAUTHENTICATED");
  });

  it("adds nothing to a request without Origin (curl, servers, same-origin GET)", async () => {
    const response = await post(null);
    expect(response.status).toBe(200);
    expect(corsHeaders(response)).toEqual([]);
  });

  it("keeps Apollo's CSRF guard: a simple text/plain POST from an allowed origin is refused before it runs", async () => {
    const before = env.sandbox.binance.calls.length + env.sandbox.htx.calls.length;
    const response = await post(ALLOWED, { "content-type": "text/plain" }, JSON.stringify({ query: "{ accounts { id } }" }));
    expect(response.status).toBe(400);
    expect(env.sandbox.binance.calls.length + env.sandbox.htx.calls.length).toBe(before);
  });
});

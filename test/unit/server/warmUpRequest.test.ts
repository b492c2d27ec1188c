import { afterEach, describe, expect, it } from "@jest/globals";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createWarmUpRequest, WARM_UP_HTTP_PRINCIPAL } from "../../../src/server/warmUpRequest.js";

/**
 * The start-up's own request carries a token made for it: it must admit that one request and
 * nothing else — not a second request with the same header, not after the request is over, not
 * another token.
 */
let server: http.Server | null = null;
afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = null;
});

/** A stand-in for Coffer's endpoint: runs `onRequest` with the request's headers, answers 200. */
async function listen(onRequest: (headers: http.IncomingHttpHeaders, body: string) => void): Promise<string> {
  server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      onRequest(req.headers, body);
      res.end("{}");
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
}

describe("the start-up warm-up request", () => {
  it("admits its own request once, as a read-only principal, with a document that reads no connection", async () => {
    const warmUp = createWarmUpRequest();
    const admitted: unknown[] = [];
    let seen: { authorization?: string; body?: string } = {};
    const url = await listen((headers, body) => {
      seen = { authorization: headers.authorization, body };
      admitted.push(warmUp.admit(headers.authorization), warmUp.admit(headers.authorization));
    });
    await warmUp.send(url);
    expect(seen.authorization).toMatch(/^Bearer [0-9a-f]{64}$/);
    expect(JSON.parse(seen.body!)).toEqual({ query: "query WarmUp { __typename }" });
    expect(admitted).toEqual([WARM_UP_HTTP_PRINCIPAL, null]);
    expect([...WARM_UP_HTTP_PRINCIPAL.scopes]).toEqual(["read"]);
  });

  it("leaves no connection open: a kept-alive socket would hold one of the server's maxConnections", async () => {
    const warmUp = createWarmUpRequest();
    const url = await listen(() => undefined);
    await warmUp.send(url);
    const open = () => new Promise<number>((resolve, reject) => server!.getConnections((error, count) => (error ? reject(error) : resolve(count))));
    const deadline = Date.now() + 2000;
    while ((await open()) > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await open()).toBe(0);
  });

  it("admits nothing once it was sent, even if its request was never admitted", async () => {
    const warmUp = createWarmUpRequest();
    let authorization: string | undefined;
    const url = await listen((headers) => (authorization = headers.authorization));
    await warmUp.send(url);
    expect(warmUp.admit(authorization)).toBeNull();
  });

  it("admits nothing once revoked, even its own request", async () => {
    const warmUp = createWarmUpRequest();
    const admitted: unknown[] = [];
    const url = await listen((headers) => admitted.push(warmUp.admit(headers.authorization)));
    warmUp.revoke();
    await warmUp.send(url);
    expect(admitted).toEqual([null]);
  });

  it("admits no other token, no missing header, and never throws when nothing listens", async () => {
    const warmUp = createWarmUpRequest();
    expect(warmUp.admit(undefined)).toBeNull();
    expect(warmUp.admit(`Bearer ${"0".repeat(64)}`)).toBeNull();
    expect(warmUp.admit("Bearer short")).toBeNull();
    await expect(warmUp.send("http://127.0.0.1:1/graphql")).resolves.toBeUndefined();
  });
});

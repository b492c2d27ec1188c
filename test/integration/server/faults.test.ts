import { afterEach, describe, expect, it } from "@jest/globals";
import type { CofferConfig } from "../../../src/settings/config.types.js";
import { SANDBOX_TOKEN } from "../../../src/server/sandbox.js";
import { createCoffer } from "../../../src/server/createCoffer.js";
import { silentLogger } from "../../../src/observability/logger.js";
import { startHardenedCoffer, type HardenedCoffer } from "./serverKit.js";

/**
 * Every simulator fault over real HTTP: the documented error (or a recovery), and the other
 * connection unaffected. Timeouts are short here (400 ms) and circuits re-probe after 1.5 s.
 */
const TIMEOUT_MS = 400;
const OPEN_MS = 1500;
const shortTimeouts = (config: CofferConfig): CofferConfig => ({
  ...config,
  connections: config.connections.map((c) => ({ ...c, timeoutMs: TIMEOUT_MS })),
});

let env: HardenedCoffer | undefined;
const others: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const o of others.splice(0)) await o.close();
  await env?.close();
  env = undefined;
});

async function start(): Promise<HardenedCoffer> {
  env = await startHardenedCoffer({ cacheTtlMs: 0 }, { circuitBreaker: { failureThreshold: 5, openMs: OPEN_MS } }, shortTimeouts);
  // Learn both exchanges' clocks first, as any running Coffer has.
  const first = await spot(env);
  expect(first.BINANCE).toBe("ok");
  expect(first.HTX).toBe("ok");
  return env;
}

type Exchange = "BINANCE" | "HTX";
interface SpotResult {
  BINANCE: string;
  HTX: string;
  errors: Array<{ message: string; extensions?: Record<string, unknown> }>;
}

/** Reads both spot wallets; per exchange "ok" or the error code its item got. */
async function spot(e: HardenedCoffer): Promise<SpotResult> {
  const r = await e.post({ query: "{ accounts(filter: { types: [SPOT] }) { exchange balances { asset total } } }" }, { authorization: `Bearer ${SANDBOX_TOKEN}` });
  expect(r.status).toBe(200);
  const data = r.json?.data as { accounts: Array<{ exchange: Exchange } | null> };
  const errors = r.json?.errors ?? [];
  const of = (exchange: Exchange, connectionId: string) => {
    if (data.accounts.some((a) => a?.exchange === exchange)) return "ok";
    const error = errors.find((x) => x.extensions?.connectionId === connectionId);
    return error ? String(error.extensions?.code) : "missing";
  };
  return { BINANCE: of("BINANCE", "binance-sandbox"), HTX: of("HTX", "htx-sandbox"), errors };
}

const sim = (e: HardenedCoffer, exchange: Exchange) => (exchange === "BINANCE" ? e.sandbox.binance : e.sandbox.htx);
const other = (exchange: Exchange): Exchange => (exchange === "BINANCE" ? "HTX" : "BINANCE");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function health(e: HardenedCoffer): Promise<Record<string, { state: string; circuit: string; lastOutcome: string | null }>> {
  const r = await e.get("/healthz");
  const body = r.json as unknown as { connections: Array<{ id: string; state: string; circuit: string; lastOutcome: string | null }> };
  return Object.fromEntries(body.connections.map((c) => [c.id, c]));
}

describe.each<Exchange>(["BINANCE", "HTX"])("faults on %s", (exchange) => {
  const id = exchange === "BINANCE" ? "binance-sandbox" : "htx-sandbox";

  it("transient 5xx, malformed bodies and connection resets: reads are retried and recover; the other connection is untouched", async () => {
    const e = await start();
    for (const fault of ["fail5xx", "malformed", "resets"] as const) {
      sim(e, exchange).faults[fault] = 1;
      const result = await spot(e);
      expect({ fault, ...result, errors: undefined }).toEqual({ fault, BINANCE: "ok", HTX: "ok", errors: undefined });
    }
    const metrics = (await e.get("/metrics")).text;
    expect(metrics).toMatch(new RegExp(`coffer_upstream_retries_total\\{connection="${id}"\\} [1-9]`));
    expect(metrics).toMatch(new RegExp(`coffer_upstream_requests_total\\{connection="${id}",endpoint="[A-Z]+ /[^"]*",outcome="server_error"\\} [1-9]`));
  });

  it("persistent 5xx, malformed, resets, latency beyond the timeout: UPSTREAM_UNAVAILABLE for that connection only", async () => {
    const e = await start();
    for (const fault of ["fail5xx", "malformed", "resets", "latency"] as const) {
      if (fault === "latency") sim(e, exchange).faults.latencyMs = TIMEOUT_MS * 3;
      else sim(e, exchange).faults[fault] = 1000;
      const result = await spot(e);
      expect({ fault, [exchange]: result[exchange], [other(exchange)]: result[other(exchange)] }).toEqual({
        fault,
        [exchange]: "UPSTREAM_UNAVAILABLE",
        [other(exchange)]: "ok",
      });
      for (const error of result.errors) {
        expect(error.extensions).toEqual({ code: "UPSTREAM_UNAVAILABLE", connectionId: id });
        expect(error.message).not.toMatch(/\?|signature|Signature|<html/);
      }
      sim(e, exchange).faults[fault === "latency" ? "latencyMs" : fault] = 0;
      // Let an open circuit probe again before the next fault.
      await sleep(OPEN_MS + 100);
      expect((await spot(e))[exchange]).toBe("ok");
    }
  });

  it("repeated failures open the circuit: fail fast without calling, /healthz says down, then a probe closes it", async () => {
    const e = await start();
    sim(e, exchange).faults.fail5xx = 100_000;
    for (let i = 0; i < 5 && (await health(e))[id].circuit !== "open"; i++) await spot(e);
    const h = await health(e);
    expect(h[id]).toMatchObject({ state: "down", circuit: "open" });
    expect(h[other(exchange) === "BINANCE" ? "binance-sandbox" : "htx-sandbox"]).toMatchObject({ state: "up", circuit: "closed" });
    const calls = sim(e, exchange).calls.length;
    const fast = await spot(e);
    expect(fast[exchange]).toBe("UPSTREAM_UNAVAILABLE");
    expect(fast[other(exchange)]).toBe("ok");
    expect(sim(e, exchange).calls.length).toBe(calls); // nothing was sent: failing fast is not waiting for an answer
    expect((await e.get("/metrics")).text).toMatch(new RegExp(`coffer_circuit_state\\{connection="${id}"\\} 2`));
    sim(e, exchange).faults.fail5xx = 0;
    await sleep(OPEN_MS + 100);
    expect((await spot(e))[exchange]).toBe("ok");
    expect((await health(e))[id]).toMatchObject({ state: "up", circuit: "closed", lastOutcome: "ok" });
  });

  it("a transfer meeting a 5xx, a reset or a timeout is sent once, never retried", async () => {
    const e = await start();
    const path = exchange === "BINANCE" ? "/sapi/v1/asset/transfer" : "/v2/account/transfer";
    const to = exchange === "BINANCE" ? "FUNDING" : "USDM_FUTURES";
    for (const fault of ["fail5xx", "resets", "timeouts"] as const) {
      sim(e, exchange).faults.only = new RegExp(path.replace(/\//g, "\\/"));
      sim(e, exchange).faults[fault] = 1;
      const posts = () => sim(e, exchange).calls.filter((c) => c.method === "POST" && c.path === path).length;
      const before = posts();
      const r = await e.post(
        {
          query: "mutation T($i: TransferInput!) { transfer(input: $i) { transfer { status } } }",
          variables: { i: { connectionId: id, asset: "USDT", amount: "1", from: { type: "SPOT" }, to: { type: to }, idempotencyKey: `once-${fault}` } },
        },
        { authorization: `Bearer ${SANDBOX_TOKEN}` },
      );
      expect(posts() - before).toBe(1);
      const status = (r.json?.data as { transfer?: { transfer: { status: string } } } | null)?.transfer?.transfer.status;
      const code = r.json?.errors?.[0]?.extensions?.code;
      expect({ fault, outcome: status ?? code }).toEqual({ fault, outcome: expect.stringMatching(/^(UNKNOWN|UPSTREAM_UNAVAILABLE)$/) });
      sim(e, exchange).faults.only = null;
      sim(e, exchange).faults[fault] = 0;
    }
  });

  it("a skewed exchange clock: signed calls still succeed (the client learns the offset, resyncs on -1021)", async () => {
    const e = await start();
    sim(e, exchange).faults.clockSkewMs = exchange === "BINANCE" ? 30_000 : -90_000;
    const result = await spot(e);
    expect(result.BINANCE).toBe("ok");
    expect(result.HTX).toBe("ok");
  });
});

describe("Binance rate limits", () => {
  const binanceSpot = (e: HardenedCoffer) =>
    e.post({ query: "{ accounts(filter: { exchanges: [BINANCE], types: [SPOT] }) { balances { asset } } }" }, { authorization: `Bearer ${SANDBOX_TOKEN}` });

  it("429 with a short Retry-After: the read waits it out and succeeds, and never provokes a 418", async () => {
    const e = await start();
    e.sandbox.binance.forceRateLimit(1);
    const r = await binanceSpot(e);
    expect(r.json?.errors).toBeUndefined();
    expect(e.sandbox.binance.refusals.map((x) => x.status)).toEqual([429]);
    expect((await e.get("/metrics")).text).toMatch(/coffer_upstream_requests_total\{connection="binance-sandbox",endpoint="GET \/api\/v3\/account",outcome="rate_limited"\} 1/);
  });

  it("429 with a long Retry-After: RATE_LIMITED with retryAfterSeconds; HTX unaffected; and a second client that keeps going gets 418 → RATE_LIMITED", async () => {
    const e = await start();
    e.sandbox.binance.forceRateLimit(60);
    const limited = await binanceSpot(e);
    expect(limited.json?.errors?.[0].extensions).toMatchObject({ code: "RATE_LIMITED", connectionId: "binance-sandbox" });
    expect(Number(limited.json?.errors?.[0].extensions?.retryAfterSeconds)).toBeGreaterThanOrEqual(50);
    // Coffer stops calling: the next read fails at once without reaching Binance.
    const calls = e.sandbox.binance.calls.length;
    const again = await binanceSpot(e);
    expect(again.json?.errors?.[0].extensions?.code).toBe("RATE_LIMITED");
    expect(e.sandbox.binance.calls.length).toBe(calls);
    expect((await spot(e)).HTX).toBe("ok");
    expect(e.sandbox.binance.refusals.map((x) => x.status)).toEqual([429]);

    // Another process on the same IP that did not see the 429 keeps going: Binance bans (418).
    const second = await createCoffer({ ...shortTimeouts(e.sandbox.config), listen: { host: "127.0.0.1", port: 0 } }, { logger: silentLogger, processMetrics: false });
    others.push(second);
    const banned = await fetch(`${second.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${SANDBOX_TOKEN}` },
      body: JSON.stringify({ query: "{ accounts(filter: { types: [SPOT] }) { exchange balances { asset } } }" }),
    }).then((r) => r.json() as Promise<{ data: { accounts: Array<{ exchange: string } | null> }; errors?: Array<{ extensions: Record<string, unknown> }> }>);
    expect(e.sandbox.binance.refusals.some((x) => x.status === 418)).toBe(true);
    const binanceErrors = (banned.errors ?? []).filter((x) => x.extensions.connectionId === "binance-sandbox");
    expect(binanceErrors.length).toBeGreaterThan(0);
    for (const error of binanceErrors) expect(error.extensions.code).toBe("RATE_LIMITED");
    expect(banned.data.accounts.some((a) => a?.exchange === "HTX")).toBe(true);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createCoffer } from "../../../src/server/createCoffer.js";
import { parseConfig } from "../../../src/settings/parseConfig.js";
import { sha256Hex } from "../../../src/graphql/auth.js";
import { silentLogger } from "../../../src/observability/logger.js";
import { binanceDemoState } from "../../../src/exchanges/binance/simulator/demoState.js";
import { startBinanceSimulator, type BinanceSimulator } from "../../../src/exchanges/binance/simulator/server.js";
import { buildCoffer, startCofferChild, type CofferBuild, type CofferChild } from "../../support/cofferChild.js";
import { htxDemoState } from "../../../src/exchanges/htx/simulator/demoState.js";
import { startHtxSimulator, type HtxSimulator } from "../../../src/exchanges/htx/simulator/server.js";

/**
 * The built server as a child process (node dist/src/main.js, COFFER_CONFIG): SIGTERM while a
 * transfer is in flight (the exchange answers slowly) stops new connections, lets the transfer
 * finish and be journaled, and exits 0.
 */
const TOKEN = "sigterm-test-token-7f3a";
const CREDS = { apiKey: "sigterm-binance-key-91c2", apiSecret: "sigterm-binance-secret-44de", accessKey: "sigterm-htx-access-0b7e", secretKey: "sigterm-htx-secret-c1a9" };
const LATENCY_MS = 3000;

let binance: BinanceSimulator;
let htx: HtxSimulator;
let configPath: string;
let config: unknown;
let build: CofferBuild;
let child: CofferChild | undefined;

beforeAll(async () => {
  build = await buildCoffer();
  binance = await startBinanceSimulator({ apiKey: CREDS.apiKey, apiSecret: CREDS.apiSecret, state: binanceDemoState() });
  htx = await startHtxSimulator({ accessKey: CREDS.accessKey, secretKey: CREDS.secretKey, state: htxDemoState() });
  const dir = mkdtempSync(join(tmpdir(), "coffer-sigterm-"));
  config = {
    listen: { host: "127.0.0.1", port: 0 },
    tokens: [{ name: "treasury", sha256: sha256Hex(TOKEN), scopes: ["read", "transfer"] }],
    connections: [
      { id: "binance-main", exchange: "BINANCE", credentials: { apiKey: CREDS.apiKey, apiSecret: CREDS.apiSecret }, urls: binance.urls, timeoutMs: 20_000 },
      { id: "htx-main", exchange: "HTX", credentials: { accessKey: CREDS.accessKey, secretKey: CREDS.secretKey }, urls: htx.urls, timeoutMs: 20_000 },
    ],
    journal: `sqlite:${join(dir, "journal.sqlite")}`,
    cache: { ttlMs: 0 },
  };
  configPath = join(dir, "coffer.json");
  writeFileSync(configPath, JSON.stringify(config));
}, 180_000);

afterAll(async () => {
  await child?.kill("SIGKILL");
  build?.remove();
  await binance?.close();
  await htx?.close();
});

describe("SIGTERM during a transfer", () => {
  it("stops accepting, finishes and journals the transfer, closes the journal and exits 0", async () => {
    child = await startCofferChild(build, configPath, { LOG_LEVEL: "debug", NODE_ENV: "production" });
    const url = child.url;
    const exited = child.exited.then(({ code }) => code);
    // Warm the clock so the in-flight part is the transfer itself.
    const warm = await fetch(`${url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({ query: "{ accounts(filter: { exchanges: [BINANCE], types: [SPOT] }) { id } }" }),
    });
    expect(warm.status).toBe(200);

    binance.faults.latencyMs = LATENCY_MS;
    let answered = false;
    const pending = fetch(`${url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({
        query: "mutation T($i: TransferInput!) { transfer(input: $i) { transfer { id status } } }",
        variables: { i: { connectionId: "binance-main", asset: "USDT", amount: "3.5", from: { type: "SPOT" }, to: { type: "FUNDING" }, idempotencyKey: "sigterm-1" } },
      }),
    }).then(async (r) => {
      const answer = { status: r.status, body: (await r.json()) as { data?: { transfer: { transfer: { id: string; status: string } } }; errors?: unknown[] } };
      answered = true;
      return answer;
    });

    // Wait until the transfer POST has reached the exchange (which now takes LATENCY_MS to answer).
    const deadline = Date.now() + 20_000;
    while (!binance.calls.some((c) => c.method === "POST" && c.path === "/sapi/v1/asset/transfer")) {
      if (Date.now() > deadline) throw new Error("the transfer never reached the simulator");
      await new Promise((r) => setTimeout(r, 20));
    }
    child.process.kill("SIGTERM");

    // New connections are refused while the transfer is still being answered.
    let refused: { answeredBefore: boolean } | null = null;
    for (let i = 0; i < 40 && refused === null; i++) {
      await new Promise((r) => setTimeout(r, 50));
      try {
        await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(500) });
      } catch {
        refused = { answeredBefore: answered };
      }
    }
    const answer = await pending;
    // Refused while the transfer, already at the exchange before SIGTERM, was still unanswered.
    expect(refused).toEqual({ answeredBefore: false });
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data!.transfer.transfer.status).toBe("CONFIRMED");
    expect(await exited).toBe(0);
    const log = child.output();
    expect(log).toMatch(/shutting down/);
    expect(log).toMatch(/shut down cleanly/);
    for (const secret of [TOKEN, ...Object.values(CREDS)]) expect(log).not.toContain(secret);
    expect(binance.calls.filter((c) => c.method === "POST" && c.path === "/sapi/v1/asset/transfer")).toHaveLength(1);

    // The journal holds it as CONFIRMED: a new Coffer on the same file reads it back.
    binance.faults.latencyMs = 0;
    const parsed = parseConfig(config, {});
    const next = await createCoffer(parsed, { logger: silentLogger, processMetrics: false });
    try {
      const id = answer.body.data!.transfer.transfer.id;
      const read = await fetch(`${next.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${TOKEN}` },
        body: JSON.stringify({ query: "query Q($id: ID!) { transfer(id: $id) { id status amount source } }", variables: { id } }),
      }).then((r) => r.json() as Promise<{ data: { transfer: { id: string; status: string; amount: string; source: string } } }>);
      expect(read.data.transfer).toEqual({ id, status: "CONFIRMED", amount: "3.5", source: "JOURNAL" });
    } finally {
      await next.close();
    }
  }, 90_000);
});

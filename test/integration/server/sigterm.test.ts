import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildCoffer, type CofferBuild } from "../../support/cofferChild.js";
import { BINANCE_ID, MONEY_TOKEN, startMoneySimulators, type MoneySimulators } from "../../support/moneyCoffer.js";
import { startTestCoffer, type TestCofferChild } from "../../support/testCoffer.js";

/**
 * The built server as a child process (node dist/src/main.js, COFFER_CONFIG): SIGTERM while a
 * transfer is in flight (the exchange answers slowly) stops new connections, lets the transfer
 * finish and be journaled, and exits 0.
 */
const TOKEN = MONEY_TOKEN;
const LATENCY_MS = 3000;

let sims: MoneySimulators;
let dir: string;
let journal: string;
let build: CofferBuild;
let started: TestCofferChild | undefined;

beforeAll(async () => {
  build = await buildCoffer();
  sims = await startMoneySimulators();
  dir = mkdtempSync(join(tmpdir(), "coffer-sigterm-"));
  journal = `sqlite:${join(dir, "journal.sqlite")}`;
}, 180_000);

afterAll(async () => {
  await started?.close();
  build?.remove();
  await sims?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("SIGTERM during a transfer", () => {
  it("stops accepting, finishes and journals the transfer, closes the journal and exits 0", async () => {
    started = await startTestCoffer({ world: { shared: sims }, journal, timeoutMs: 20_000, cacheTtlMs: 0, child: { build, env: { LOG_LEVEL: "debug", NODE_ENV: "production" } } });
    const { child, url } = started;
    const binance = sims.binance;
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
        variables: { i: { connectionId: BINANCE_ID, asset: "USDT", amount: "3.5", from: { type: "SPOT" }, to: { type: "FUNDING" }, idempotencyKey: "sigterm-1" } },
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
    for (const secret of [TOKEN, ...started.config.connections.flatMap((c) => Object.values(c.credentials) as string[])]) expect(log).not.toContain(secret);
    expect(binance.calls.filter((c) => c.method === "POST" && c.path === "/sapi/v1/asset/transfer")).toHaveLength(1);

    // The journal holds it as CONFIRMED: a new Coffer on the same file reads it back.
    binance.faults.latencyMs = 0;
    const next = await startTestCoffer({ world: { shared: sims }, journal, coffer: { processMetrics: false } });
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

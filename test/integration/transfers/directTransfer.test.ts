import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { Dec } from "../../../src/domain/decimal.js";
import { AccountType } from "../../../src/domain/enums.js";
import type { TransferRequest } from "../../../src/domain/transfer.js";
import { SANDBOX_TOKEN } from "../../../src/server/sandbox.js";
import { DashboardDocument } from "../../generated/graphql.js";
import { postGraphql } from "../../support/postGraphql.js";
import { startSandboxCoffer, type SandboxCoffer } from "../../support/startSandboxCoffer.js";

/**
 * The transfer service is the one path of every transfer, so what it keeps — the count on
 * /metrics, fresh balances after a transfer — holds for any caller, not only the mutation.
 * The snapshot TTL is a minute: a balance read after the transfer can only be new if the
 * transfer dropped the snapshot.
 */
let env: SandboxCoffer;
beforeAll(async () => {
  env = await startSandboxCoffer({ cacheTtlMs: 60_000 });
});
afterAll(async () => {
  await env?.close();
});

async function binanceSpotUsdt(): Promise<string> {
  const result = await postGraphql(env.url, DashboardDocument, { filter: { exchanges: ["BINANCE"], types: ["SPOT"] } }, SANDBOX_TOKEN);
  expect(result.errors).toBeUndefined();
  return result.data!.accounts[0]!.balances.find((b) => b.asset === "USDT")!.total;
}

async function metricsText(): Promise<string> {
  return (await fetch(`${env.url}/metrics`)).text();
}

const request = (idempotencyKey: string, connectionId = "binance-sandbox"): TransferRequest => ({
  connectionId,
  asset: "USDT",
  amount: new Dec("1.25"),
  from: { type: AccountType.SPOT, symbol: null },
  to: { type: AccountType.FUNDING, symbol: null },
  subAccountEmail: null,
  idempotencyKey,
});

describe("a transfer through coffer.transfers, without GraphQL", () => {
  it("drops the connection's snapshots: the next read sees the new balance within the TTL", async () => {
    const before = await binanceSpotUsdt();
    const calls = env.sandbox.binance.calls.length;
    expect(await binanceSpotUsdt()).toBe(before);
    expect(env.sandbox.binance.calls.length).toBe(calls); // the second read came from the snapshot (or the answer built from it)

    const result = await env.coffer.transfers.transfer(request("direct-1"));
    expect(result).toMatchObject({ replayed: false, transfer: { status: "CONFIRMED" } });
    expect(await binanceSpotUsdt()).toBe(new Dec(before).minus("1.25").toFixed());
  });

  it("is counted in /metrics like a mutation: its status, a replay, a refusal on an unknown connection", async () => {
    expect(await metricsText()).toMatch(/coffer_transfers_total\{connection="binance-sandbox",status="CONFIRMED"\} 1\n/);
    await env.coffer.transfers.transfer(request("direct-1"));
    await expect(env.coffer.transfers.transfer(request("direct-2", "nowhere"))).rejects.toMatchObject({ code: "NOT_FOUND" });
    const text = await metricsText();
    expect(text).toMatch(/coffer_transfers_total\{connection="binance-sandbox",status="REPLAYED"\} 1\n/);
    expect(text).toMatch(/coffer_transfers_total\{connection="unknown",status="NOT_FOUND"\} 1\n/);
    expect(text).not.toContain("nowhere");
  });
});

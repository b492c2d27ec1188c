import { afterEach, describe, expect, it } from "@jest/globals";
import { Dec } from "../../../src/domain/decimal.js";
import { AccountType } from "../../../src/domain/enums.js";
import { buildCofferSchema } from "../../../src/graphql/buildCofferSchema.js";
import { EXECUTED_ROOT_FIELDS, REUSABLE_ROOT_FIELDS } from "../../../src/graphql/plugins/answerReusePlugin.js";
import { SANDBOX_TOKEN } from "../../../src/server/sandbox.js";
import { DashboardDocument } from "../../generated/graphql.js";
import { postGraphql } from "../../support/postGraphql.js";
import { startSandboxCoffer, type SandboxCoffer } from "../../support/startSandboxCoffer.js";

/**
 * A repeated query is given its last answer while no snapshot it was built from changed or
 * expired: observable as no snapshot read at all (the cache's hit counter stays still), and
 * never as a stale answer.
 */
let env: SandboxCoffer | null = null;
afterEach(async () => {
  await env?.close();
  env = null;
});

const SPOT_ONLY = { filter: { exchanges: ["BINANCE" as const], types: [AccountType.SPOT] } };

async function dashboard(variables: object = SPOT_ONLY) {
  const result = await postGraphql(env!.url, DashboardDocument, variables as never, SANDBOX_TOKEN);
  expect(result.errors).toBeUndefined();
  return result.data!;
}

const spotUsdt = (data: Awaited<ReturnType<typeof dashboard>>) => data.accounts[0]!.balances.find((b) => b.asset === "USDT")!.total;
const snapshotReads = () => env!.coffer.cache.stats.hits + env!.coffer.cache.stats.misses + env!.coffer.cache.stats.coalesced;

describe("answer reuse", () => {
  it("answers a repeated query without reading a snapshot, with the same answer", async () => {
    env = await startSandboxCoffer({ cacheTtlMs: 60_000 });
    const first = await dashboard();
    const second = await dashboard(); // executes (all hits) and is stored
    const reads = snapshotReads();
    const third = await dashboard();
    expect(snapshotReads()).toBe(reads);
    expect(third).toEqual(first);
    expect(second).toEqual(first);
  });

  it("executes again after a transfer dropped the snapshots: the new balance, never the stored one", async () => {
    env = await startSandboxCoffer({ cacheTtlMs: 60_000 });
    await dashboard();
    const before = spotUsdt(await dashboard());
    await env.coffer.transfers.transfer({
      connectionId: "binance-sandbox",
      asset: "USDT",
      amount: new Dec("2.5"),
      from: { type: AccountType.SPOT, symbol: null },
      to: { type: AccountType.FUNDING, symbol: null },
      subAccountEmail: null,
      idempotencyKey: "reuse-1",
    });
    expect(spotUsdt(await dashboard())).toBe(new Dec(before).minus("2.5").toFixed());
  });

  it("executes again once a snapshot it used reached its TTL, and reads upstream again", async () => {
    env = await startSandboxCoffer({ cacheTtlMs: 300 });
    await dashboard();
    await dashboard();
    const calls = env.sandbox.binance.calls.length;
    await new Promise((resolve) => setTimeout(resolve, 400));
    await dashboard();
    expect(env.sandbox.binance.calls.length).toBeGreaterThan(calls);
  });

  it("keys the answer by the variables: another filter gets its own answer", async () => {
    env = await startSandboxCoffer({ cacheTtlMs: 60_000 });
    await dashboard();
    await dashboard();
    const everything = await dashboard({ filter: { includeSubAccounts: true } });
    expect(everything.accounts.length).toBeGreaterThan((await dashboard()).accounts.length);
  });

  it("never stores an answer with errors: a connection that failed is read again on the next query", async () => {
    env = await startSandboxCoffer({ cacheTtlMs: 60_000 });
    env.sandbox.binance.faults.fail5xx = 50;
    const failed = await postGraphql(env.url, DashboardDocument, SPOT_ONLY as never, SANDBOX_TOKEN);
    expect(failed.errors?.length).toBeGreaterThan(0);
    env.sandbox.binance.faults.fail5xx = 0;
    await postGraphql(env.url, DashboardDocument, SPOT_ONLY as never, SANDBOX_TOKEN);
    const again = await postGraphql(env.url, DashboardDocument, SPOT_ONLY as never, SANDBOX_TOKEN);
    expect(again.errors).toBeUndefined();
  });

  it("classifies every root query field as reusable (snapshots only) or executed every time (journal, history)", () => {
    const fields = Object.keys(buildCofferSchema().getQueryType()!.getFields()).sort();
    expect([...REUSABLE_ROOT_FIELDS, ...EXECUTED_ROOT_FIELDS].sort()).toEqual(fields);
  });
});

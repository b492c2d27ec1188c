import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import type { TransferInput } from "../../generated/graphql.js";
import { binanceDemoState } from "../../../src/exchanges/binance/simulator/demoState.js";
import { BINANCE_ID, HTX_ID, startMoneyCoffer, type MoneyCoffer } from "../../support/moneyCoffer.js";
import { allTransfers, codeOf, mutateTransfer, transferPosts } from "./transferKit.js";

/**
 * Issue 17: an asset code the exchange does not list is refused (BAD_USER_INPUT naming it)
 * before anything is journaled or sent; a listed asset goes on to the exchange; the list is
 * read once per TTL, and a list that cannot be read blocks nothing.
 */

const BINANCE_LIST = "/sapi/v1/capital/config/getall";
const HTX_LIST = "/v2/reference/currencies";
/** Listed by the simulator, held in no wallet. */
const LISTED_UNHELD = "ZZZLISTED";

let keys = 0;
const binance = (over: Partial<TransferInput> = {}): TransferInput => ({
  connectionId: BINANCE_ID,
  asset: "USDT",
  amount: "1",
  from: { type: "SPOT" },
  to: { type: "USDM_FUTURES" },
  idempotencyKey: `listed-${++keys}-${Math.random()}`,
  ...over,
});
const htx = (over: Partial<TransferInput> = {}): TransferInput => ({
  connectionId: HTX_ID,
  asset: "USDT",
  amount: "0.01",
  from: { type: "SPOT" },
  to: { type: "USDM_FUTURES" },
  idempotencyKey: `listed-htx-${++keys}-${Math.random()}`,
  ...over,
});

function binanceState() {
  return { ...binanceDemoState(), listedAssets: ["ETH", LISTED_UNHELD] };
}

describe("transfers of assets the exchange does not list", () => {
  let env: MoneyCoffer;
  beforeAll(async () => {
    env = await startMoneyCoffer({ binanceState: binanceState() });
  });
  afterAll(async () => {
    await env?.close();
  });

  it("refuses ZZZNOPE with BAD_USER_INPUT naming it: no transfer call, no journal row", async () => {
    const ok = await mutateTransfer(env.url, binance());
    expect(ok.errors).toBeUndefined();
    const before = await allTransfers(env.url);
    const posts = transferPosts(env.sims.binance, env.sims.htx);

    const result = await mutateTransfer(env.url, binance({ asset: "ZZZNOPE" }));
    expect(codeOf(result)).toBe("BAD_USER_INPUT");
    expect(result.errors?.[0]?.message).toContain("ZZZNOPE");
    expect(result.data?.transfer ?? null).toBeNull();
    // Lower-case input is the same code, refused the same way.
    expect(codeOf(await mutateTransfer(env.url, binance({ asset: "zzznope" })))).toBe("BAD_USER_INPUT");

    expect(transferPosts(env.sims.binance, env.sims.htx)).toEqual(posts);
    expect((await allTransfers(env.url)).map((t) => t.id)).toEqual(before.map((t) => t.id));
  });

  it("sends a listed asset nobody holds to the exchange, which refuses it for balance", async () => {
    const posts = transferPosts(env.sims.binance, env.sims.htx).binance;
    const result = await mutateTransfer(env.url, binance({ asset: LISTED_UNHELD }));
    expect(codeOf(result)).toBe("INSUFFICIENT_BALANCE");
    expect(transferPosts(env.sims.binance, env.sims.htx).binance).toBe(posts + 1);
  });

  it("reads each exchange's list once for many transfers (cached across them)", async () => {
    for (let i = 0; i < 4; i++) expect((await mutateTransfer(env.url, binance())).errors).toBeUndefined();
    for (let i = 0; i < 3; i++) expect((await mutateTransfer(env.url, htx())).errors).toBeUndefined();
    expect(env.sims.binance.callsTo(BINANCE_LIST).length).toBe(1);
    expect(env.sims.htx.calls.filter((c) => c.path === HTX_LIST).length).toBe(1);
  });
});

describe("the asset list's TTL", () => {
  it("is read again once the TTL has passed (a 1 ms TTL: once a transfer)", async () => {
    const env = await startMoneyCoffer({ binanceState: binanceState(), assetListTtlMs: 1 });
    try {
      for (let i = 0; i < 3; i++) expect((await mutateTransfer(env.url, binance())).errors).toBeUndefined();
      expect(env.sims.binance.callsTo(BINANCE_LIST).length).toBe(3);
    } finally {
      await env.close();
    }
  });
});

describe("when the asset list cannot be read", () => {
  let env: MoneyCoffer;
  beforeAll(async () => {
    env = await startMoneyCoffer({ binanceState: binanceState() });
    env.sims.binance.faults.assetListDown = true;
    env.sims.htx.faults.assetListDown = true;
  });
  afterAll(async () => {
    await env?.close();
  });

  it("does not block a valid transfer (warned in the log)", async () => {
    const b = await mutateTransfer(env.url, binance());
    expect(b.errors).toBeUndefined();
    expect(b.data!.transfer.transfer.status).toBe("CONFIRMED");
    const h = await mutateTransfer(env.url, htx());
    expect(h.errors).toBeUndefined();
    expect(h.data!.transfer.transfer.status).toBe("CONFIRMED");
    expect(env.sims.binance.callsTo(BINANCE_LIST).length).toBeGreaterThan(0);
    expect(env.sims.htx.calls.filter((c) => c.path === HTX_LIST).length).toBeGreaterThan(0);
    expect(env.logLines.filter((line) => line.includes("asset list unavailable")).length).toBeGreaterThanOrEqual(2);
  });

  it("skips the check for a while instead of asking a list that is down on every transfer", async () => {
    const listCalls = env.sims.binance.callsTo(BINANCE_LIST).length;
    const down = await mutateTransfer(env.url, binance({ asset: "ZZZNOPE" }));
    expect(codeOf(down)).toBe("INSUFFICIENT_BALANCE");
    expect((await mutateTransfer(env.url, binance())).errors).toBeUndefined();
    expect(env.sims.binance.callsTo(BINANCE_LIST).length).toBe(listCalls);
  });
});

describe("a list that comes back", () => {
  it("is asked again after the retry delay (0 here) and refuses the unknown asset again", async () => {
    const env = await startMoneyCoffer({ binanceState: binanceState(), assetListRetryMs: 0 });
    try {
      env.sims.binance.faults.assetListDown = true;
      expect(codeOf(await mutateTransfer(env.url, binance({ asset: "ZZZNOPE" })))).toBe("INSUFFICIENT_BALANCE");
      env.sims.binance.faults.assetListDown = false;
      const up = await mutateTransfer(env.url, binance({ asset: "ZZZNOPE" }));
      expect(codeOf(up)).toBe("BAD_USER_INPUT");
    } finally {
      await env.close();
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { formatDecimal } from "../../../src/domain/decimal.js";
import { AccountType, Exchange, TransferStatus } from "../../../src/domain/enums.js";
import { htxDemoState } from "../../../src/exchanges/htx/simulator/demoState.js";
import { contractsToSpot, spotToContracts, startHtxKit, type HtxKit } from "./harness.js";

const DAY = 24 * 60 * 60 * 1000;

describe("HTX transfer history from GET /v2/account/ledger", () => {
  let kit: HtxKit;
  const seededAt = Date.now() - 15 * DAY;
  beforeAll(async () => {
    const state = htxDemoState();
    // Older history, in an earlier 10-day window, plus a row of another transfer type.
    state.ledger.push(
      {
        accountId: 10000001,
        currency: "usdt",
        transactAmt: "-3.3",
        transactType: "transfer",
        transferType: "spot-to-linear-swap",
        transactId: 900001,
        transactTime: seededAt,
        transferer: 10000001,
        transferee: 20000001,
      },
      {
        accountId: 10000001,
        currency: "usdt",
        transactAmt: "1.25",
        transactType: "transfer",
        transferType: "linear-swap-to-spot",
        transactId: 900002,
        transactTime: seededAt + 1000,
        transferer: 20000002,
        transferee: 10000001,
      },
      {
        accountId: 10000001,
        currency: "btc",
        transactAmt: "0.5",
        transactType: "transfer",
        transferType: "margin-transfer-out",
        transactId: 900003,
        transactTime: seededAt + 2000,
        transferer: 10000002,
        transferee: 10000001,
      },
    );
    kit = await startHtxKit({
      sim: { state, limits: { transfer: { limit: 50, intervalMs: 1000 } } },
      connector: { historyPageSize: 2, limits: { transfer: { limit: 50, intervalMs: 1000 } } },
    });
  });
  afterAll(async () => {
    await kit.close();
  });

  it("returns every transfer made, exactly once, across nextId pages and 10-day windows", async () => {
    const made = [];
    made.push(await kit.connector.transfer(spotToContracts("1.1")));
    made.push(await kit.connector.transfer(spotToContracts("2.2", "BTC-USDT")));
    made.push(await kit.connector.transfer(contractsToSpot("0.5")));
    made.push(await kit.connector.transfer(spotToContracts("0.10000001", "ETH-USDT")));
    made.push(await kit.connector.transfer(contractsToSpot("0.0001", "ETH-USDT")));

    const history = await kit.connector.transferHistory({ since: new Date(Date.now() - 25 * DAY), until: new Date(Date.now() + 1000) });
    const ids = history.map((t) => t.exchangeTransferId);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual([...made.map((r) => r.exchangeTransferId), "900001", "900002"].sort());

    const byId = new Map(history.map((t) => [t.exchangeTransferId, t]));
    const first = byId.get(made[0].exchangeTransferId)!;
    expect(first).toMatchObject({
      connectionId: "htx-test",
      exchange: Exchange.HTX,
      asset: "USDT",
      from: { type: AccountType.SPOT, symbol: null },
      to: { type: AccountType.USDM_FUTURES, symbol: null },
      status: TransferStatus.CONFIRMED,
      subAccountEmail: null,
    });
    expect(formatDecimal(first.amount)).toBe("1.1");
    const back = byId.get(made[2].exchangeTransferId)!;
    expect(back.from.type).toBe(AccountType.USDM_FUTURES);
    expect(back.to.type).toBe(AccountType.SPOT);
    expect(formatDecimal(byId.get(made[3].exchangeTransferId)!.amount)).toBe("0.10000001");
    expect(byId.get("900001")!.createdAt.getTime()).toBe(seededAt);

    // Paged (limit 2, fromId = nextId) and windowed (3 windows of ≤ 10 days).
    const ledgerCalls = kit.sim.calls.filter((call) => call.path === "/v2/account/ledger").map((call) => new URLSearchParams(call.rawQuery));
    expect(ledgerCalls.some((q) => q.has("fromId"))).toBe(true);
    for (const q of ledgerCalls) {
      expect(q.get("transactTypes")).toBe("transfer");
      expect(q.get("accountId")).toBe("10000001");
      expect(Number(q.get("endTime")) - Number(q.get("startTime"))).toBeLessThanOrEqual(10 * DAY);
    }
    expect(new Set(ledgerCalls.map((q) => q.get("startTime"))).size).toBe(3);
  });

  it("names each transfer's contract side (cross or the isolated contract) from the contract's financial record", async () => {
    const toBtc = await kit.connector.transfer(spotToContracts("4.4", "BTC-USDT"));
    const toCross = await kit.connector.transfer(spotToContracts("4.4"));
    const fromEth = await kit.connector.transfer(contractsToSpot("0.0002", "ETH-USDT"));
    const callsBefore = kit.sim.calls.length;
    const history = await kit.connector.transferHistory({ since: new Date(Date.now() - 25 * DAY), until: new Date(Date.now() + 1000) });
    const byId = new Map(history.map((t) => [t.exchangeTransferId, t]));
    expect(byId.get(toBtc.exchangeTransferId)).toMatchObject({ to: { type: AccountType.USDM_FUTURES, symbol: "BTC-USDT" }, symbolsExact: true });
    expect(byId.get(toCross.exchangeTransferId)).toMatchObject({ to: { type: AccountType.USDM_FUTURES, symbol: null }, symbolsExact: true });
    expect(byId.get(fromEth.exchangeTransferId)).toMatchObject({
      from: { type: AccountType.USDM_FUTURES, symbol: "ETH-USDT" },
      to: { type: AccountType.SPOT, symbol: null },
      symbolsExact: true,
    });
    // The seeded rows: spot → cross 15 days ago, and back from the account the ledger calls 20000002.
    expect(byId.get("900001")).toMatchObject({ to: { symbol: null }, symbolsExact: true });
    expect(byId.get("900002")!.from.symbol).not.toBeNull();

    // Read only over the span of each ledger page's transfers, in windows of ≤ 48 h, one margin account each.
    const records = kit.sim.calls.slice(callsBefore).filter((c) => c.path === "/linear-swap-api/v3/swap_financial_record");
    expect(records.length).toBeGreaterThan(0);
    for (const call of records) {
      const body = JSON.parse(call.body) as { mar_acct: string; start_time: number; end_time: number; type: string };
      expect(body.end_time - body.start_time).toBeLessThanOrEqual(48 * 60 * 60 * 1000);
      expect(body.type).toBe("14,15");
      expect(body.mar_acct).toMatch(/^(USDT|[A-Z]+-USDT)$/);
    }
  });
});

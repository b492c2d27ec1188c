import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { formatDecimal } from "../../../src/domain/decimal.js";
import { AccountType, Exchange, MarginMode } from "../../../src/domain/enums.js";
import type { Balance } from "../../../src/domain/balance.js";
import type { MarginDetails } from "../../../src/domain/margin.js";
import { startHtxKit, type HtxKit } from "./harness.js";

const key = (type: AccountType, symbol: string | null = null) => ({ connectionId: "htx-test", exchange: Exchange.HTX, type, symbol, subAccountEmail: null });
const text = (b: Balance) => ({ asset: b.asset, free: formatDecimal(b.free), locked: formatDecimal(b.locked), total: formatDecimal(b.total) });

describe("HTX connector reads accounts from the simulator over HTTP", () => {
  let kit: HtxKit;
  beforeAll(async () => {
    kit = await startHtxKit();
  });
  afterAll(async () => {
    await kit.close();
  });

  it("lists spot, the cross account and one USDM_FUTURES account per isolated contract", async () => {
    const keys = await kit.connector.listAccounts({ types: [AccountType.SPOT, AccountType.USDM_FUTURES], includeSubAccounts: false });
    expect(keys.map((k) => [k.type, k.symbol])).toEqual([
      [AccountType.SPOT, null],
      [AccountType.USDM_FUTURES, null],
      [AccountType.USDM_FUTURES, "BTC-USDT"],
      [AccountType.USDM_FUTURES, "ETH-USDT"],
      [AccountType.USDM_FUTURES, "XRP-USDT"],
    ]);
  });

  it("sums spot trade, frozen and lock rows exactly, currencies upper-cased", async () => {
    const [spot] = await kit.connector.loadBalances([key(AccountType.SPOT)]);
    expect(spot).not.toBeInstanceOf(Error);
    const byAsset = Object.fromEntries((spot as Balance[]).map((b) => [b.asset, text(b)]));
    expect(byAsset.USDT).toEqual({ asset: "USDT", free: "91.850043797676510303", locked: "5.160000000000000015", total: "97.010043797676510318" });
    expect(byAsset.ETH).toEqual({ asset: "ETH", free: "2.5", locked: "0.1", total: "2.6" });
    expect(byAsset.BTC.total).toBe("0.133456789012345678");
  });

  it("maps cross and isolated balances: free = withdraw_available, locked = margin_balance − withdraw_available", async () => {
    const [cross, eth, missing] = await kit.connector.loadBalances([
      key(AccountType.USDM_FUTURES),
      key(AccountType.USDM_FUTURES, "ETH-USDT"),
      key(AccountType.USDM_FUTURES, "DOGE-USDT"),
    ]);
    expect((cross as Balance[]).map(text)).toEqual([{ asset: "USDT", free: "1030.25", locked: "220.25", total: "1250.5" }]);
    expect((eth as Balance[]).map(text)).toEqual([{ asset: "USDT", free: "40.1", locked: "10.00000000000000000555", total: "50.10000000000000000555" }]);
    expect(missing).toBeInstanceOf(Error);
  });

  it("gives margin details with contracts, exact numbers and nulls for empty fields", async () => {
    const [spot, cross, eth, xrp] = await kit.connector.loadMargins([
      key(AccountType.SPOT),
      key(AccountType.USDM_FUTURES),
      key(AccountType.USDM_FUTURES, "ETH-USDT"),
      key(AccountType.USDM_FUTURES, "XRP-USDT"),
    ]);
    expect(spot).toBeNull();
    const c = cross as MarginDetails;
    expect(c.mode).toBe(MarginMode.CROSS);
    expect(c.symbol).toBeNull();
    expect(formatDecimal(c.riskRate!)).toBe("6.172839506172839");
    expect(c.contracts.map((x) => [x.contractCode, x.contractType, x.businessType])).toEqual([
      ["BTC-USDT", "swap", "swap"],
      ["ETH-USDT", "swap", "swap"],
      ["BTC-USDT-260925", "quarter", "futures"],
    ]);
    expect(c.contracts[0].crossMaxAvailable).toBeNull();
    expect(c.contracts[1].liquidationPrice).toBeNull();
    const e = eth as MarginDetails;
    expect(e.mode).toBe(MarginMode.ISOLATED);
    expect(e.symbol).toBe("ETH-USDT");
    expect(formatDecimal(e.unrealizedPnl!)).toBe("0.10000000000000000555");
    expect(formatDecimal(e.liquidationPrice!)).toBe("1234.56");
    expect(e.positionMode).toBe("single_side");
    expect((xrp as MarginDetails).riskRate).toBeNull();
  });

  it("reads the unified account when HTX reports account_type 2", async () => {
    const unifiedKit = await startHtxKit();
    unifiedKit.sim.setUnified(true);
    try {
      const keys = await unifiedKit.connector.listAccounts({ types: [AccountType.USDM_FUTURES], includeSubAccounts: false });
      expect(keys.map((k) => k.symbol)).toEqual([null, "BTC-USDT", "ETH-USDT", "XRP-USDT"]);
      const [cross, btc] = await unifiedKit.connector.loadBalances([key(AccountType.USDM_FUTURES), key(AccountType.USDM_FUTURES, "BTC-USDT")]);
      expect((cross as Balance[]).map(text)).toEqual([{ asset: "USDT", free: "1030.25", locked: "220.25", total: "1250.5" }]);
      expect(btc).toEqual([]);
      const [margin] = await unifiedKit.connector.loadMargins([key(AccountType.USDM_FUTURES)]);
      expect((margin as MarginDetails).contracts.map((x) => x.contractCode)).toEqual(["BTC-USDT", "ETH-USDT", "BTC-USDT-260925"]);
      const paths = unifiedKit.sim.calls.map((call) => call.path);
      expect(paths).toContain("/linear-swap-api/v3/unified_account_info");
      expect(paths).not.toContain("/linear-swap-api/v1/swap_cross_account_info");
    } finally {
      await unifiedKit.close();
    }
  });
});

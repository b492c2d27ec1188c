import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { parse } from "graphql";
import { SANDBOX_TOKEN } from "../../../src/server/sandbox.js";
import { postGraphql } from "../../support/postGraphql.js";
import { startSandboxCoffer, type SandboxCoffer } from "../../support/startSandboxCoffer.js";

interface RiskRow {
  exchange: string;
  riskLevel: string;
  riskRate: string | null;
  marginLevel: string | null;
  marginLevelStatus: string | null;
  account: { type: string; symbol: string | null; subAccountEmail: string | null };
}

const RISK: TypedDocumentNode<{ marginAccounts: RiskRow[] }, Record<string, never>> = parse(`
  query Risk {
    marginAccounts(filter: { includeSubAccounts: true }) {
      exchange riskLevel riskRate marginLevel marginLevelStatus
      account { type symbol subAccountEmail }
    }
  }
`);

/**
 * Every margin account of the two demo states with the level its figures put it at, by the
 * exchange's own lines (binanceDemoState / htxDemoState):
 */
const EXPECTED: Record<string, string> = {
  // Margin level 11.64 with 0.126 BTC owed: far above Classic's 1.3 margin-call line.
  "BINANCE MARGIN_CROSS": "SAFE",
  "BINANCE MARGIN_ISOLATED BTCUSDT": "SAFE", // marginLevelStatus EXCESSIVE
  "BINANCE MARGIN_ISOLATED ETHUSDT": "MARGIN_CALL", // marginLevelStatus MARGIN_CALL
  "BINANCE MARGIN_ISOLATED BNBUSDT": "LIQUIDATION", // marginLevelStatus FORCE_LIQUIDATION
  "BINANCE USDM_FUTURES": "SAFE", // 72 maintenance of 9964.88 equity
  "BINANCE COINM_FUTURES": "SAFE", // 0.001 BTC maintenance of 0.3215 BTC equity
  "BINANCE OPTIONS": "SAFE", // 80 maintenance of 4987.5 equity
  "BINANCE PORTFOLIO_MARGIN": "SAFE", // uniMMR 5.24, NORMAL
  "BINANCE MARGIN_CROSS trading-desk@example.com": "SAFE", // level 6.1 above its 1.5 bar
  "BINANCE MARGIN_CROSS market-maker@example.com": "UNKNOWN", // nothing borrowed
  "HTX USDM_FUTURES": "SAFE", // cross risk_rate 6.17
  "HTX USDM_FUTURES BTC-USDT": "SAFE", // risk_rate 7.76
  "HTX USDM_FUTURES ETH-USDT": "SAFE", // risk_rate 5.01
  "HTX USDM_FUTURES XRP-USDT": "UNKNOWN", // risk_rate null: no position
};

const name = (row: RiskRow) => [row.exchange, row.account.type, row.account.symbol, row.account.subAccountEmail].filter((part) => part !== null).join(" ");

describe("riskLevel of every demo margin account, over GraphQL", () => {
  let env: SandboxCoffer;
  let rows: RiskRow[];
  beforeAll(async () => {
    env = await startSandboxCoffer();
    const result = await postGraphql(env.url, RISK, {}, SANDBOX_TOKEN);
    expect(result.errors).toBeUndefined();
    rows = result.data!.marginAccounts;
  });
  afterAll(async () => {
    await env.close();
  });

  it("judges each account by its exchange's lines", () => {
    expect(Object.fromEntries(rows.map((row) => [name(row), row.riskLevel]))).toEqual(EXPECTED);
  });

  it("shows every level at least once across the two simulators", () => {
    expect(new Set(rows.map((row) => row.riskLevel))).toEqual(new Set(["SAFE", "MARGIN_CALL", "LIQUIDATION", "UNKNOWN"]));
  });
});

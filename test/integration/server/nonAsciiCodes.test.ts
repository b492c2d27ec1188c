import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import Database from "better-sqlite3";
import { SANDBOX_TOKEN } from "../../../src/server/sandbox.js";
import { startHardenedCoffer, type HardenedCoffer } from "./serverKit.js";

/**
 * Issue 11: an asset code, symbol or sub-account email that is not plain ASCII is refused with
 * BAD_USER_INPUT before anything happens — no request reaches either simulator and no journal
 * row is written — where Unicode case mapping used to turn "uſdt" into USDT and move money.
 * Lower-case ASCII still works.
 */

let env: HardenedCoffer;
beforeAll(async () => {
  env = await startHardenedCoffer();
});
afterAll(async () => {
  await env?.close();
});

const auth = { authorization: `Bearer ${SANDBOX_TOKEN}` };
const TRANSFER = "mutation T($i: TransferInput!) { transfer(input: $i) { replayed transfer { status asset from { symbol } to { symbol } } } }";

function journalRows(): number {
  const path = env.sandbox.config.journal.replace(/^sqlite:/, "");
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare("SELECT COUNT(*) AS n FROM coffer_transfers").get() as { n: number }).n;
  } finally {
    db.close();
  }
}

let keys = 0;
const binance = (over: Record<string, unknown>) => ({
  connectionId: "binance-sandbox",
  asset: "USDT",
  amount: "1",
  from: { type: "SPOT" },
  to: { type: "FUNDING" },
  idempotencyKey: `non-ascii-${++keys}`,
  ...over,
});
const htx = (over: Record<string, unknown>) => ({ ...binance({}), connectionId: "htx-sandbox", to: { type: "USDM_FUTURES" }, ...over });

const REFUSED: Array<[string, Record<string, unknown>, string]> = [
  ["Binance: long s (uſdt → USDT under Unicode)", binance({ asset: "uſdt" }), "input.asset"],
  ["Binance: sharp s (ß → SS under Unicode)", binance({ asset: "ß" }), "input.asset"],
  ["Binance: dotless i", binance({ asset: "ıota" }), "input.asset"],
  ["Binance: Kelvin sign", binance({ asset: "\u212Asm" }), "input.asset"],
  ["Binance: full-width ＵＳＤＴ", binance({ asset: "ＵＳＤＴ" }), "input.asset"],
  ["Binance: Cyrillic Т", binance({ asset: "USD\u0422" }), "input.asset"],
  ["Binance: Cyrillic А", binance({ asset: "\u0410DA" }), "input.asset"],
  ["Binance: zero-width joiner", binance({ asset: "US\u200DDT" }), "input.asset"],
  ["Binance: combining mark", binance({ asset: "US\u0301DT" }), "input.asset"],
  ["Binance: no-break space", binance({ asset: "USDT\u00A0" }), "input.asset"],
  ["Binance: tab", binance({ asset: "\tUSDT" }), "input.asset"],
  ["Binance: long s in an isolated symbol", binance({ from: { type: "MARGIN_ISOLATED", symbol: "btcuſdt" }, to: { type: "SPOT" } }), "input.from.symbol"],
  ["Binance: long s in a sub-account email", binance({ to: { type: "MARGIN_CROSS" }, subAccountEmail: "trading-deſk@example.com" }), "input.subAccountEmail"],
  ["HTX: long s", htx({ asset: "uſdt" }), "input.asset"],
  ["HTX: sharp s", htx({ asset: "ß" }), "input.asset"],
  ["HTX: full-width", htx({ asset: "ｕｓｄｔ" }), "input.asset"],
  ["HTX: long s in a contract code (BTC-USDT under Unicode)", htx({ to: { type: "USDM_FUTURES", symbol: "btc-uſdt" } }), "input.to.symbol"],
  ["HTX: Cyrillic Т in a contract code", htx({ to: { type: "USDM_FUTURES", symbol: "BTC-USD\u0422" } }), "input.to.symbol"],
];

describe("non-ASCII asset codes, symbols and emails", () => {
  it("a transfer with any of them is BAD_USER_INPUT naming the argument and value: no upstream call, no journal row", async () => {
    const calls = env.upstreamCalls();
    const rows = journalRows();
    for (const [name, input, argumentName] of REFUSED) {
      const response = await env.post({ query: TRANSFER, variables: { i: input } }, auth);
      const error = response.json?.errors?.[0];
      expect({ name, status: response.status, code: error?.extensions?.code, data: response.json?.data ?? null }).toEqual({
        name,
        status: 400,
        code: "BAD_USER_INPUT",
        data: null,
      });
      expect(error?.message.startsWith(`${argumentName} must be`)).toBe(true);
      expect(error?.message).toContain(
        JSON.stringify(
          argumentName
            .split(".")
            .slice(1)
            .reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], input),
        ),
      );
    }
    expect(env.upstreamCalls()).toBe(calls);
    expect(journalRows()).toBe(rows);
  });

  it("balance and history filters refuse them too, before any upstream call", async () => {
    const calls = env.upstreamCalls();
    for (const [query, variables, argumentName] of [
      ["query Q($a: [String!]) { accounts { id balances(assets: $a) { asset } } }", { a: ["usdt", "uſdt"] }, "assets[1]"],
      ["query Q($a: [String!]) { portfolio { assets { asset } } accounts { balances(assets: $a) { asset } } }", { a: ["ß"] }, "assets[0]"],
      ["query Q($f: TransferFilter) { transfers(filter: $f) { edges { node { id } } } }", { f: { assets: ["ＵＳＤＴ"] } }, "filter.assets[0]"],
    ] as const) {
      const response = await env.post({ query, variables }, auth);
      expect(response.status).toBe(400);
      expect(response.json?.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
      expect(response.json?.errors?.[0].message).toContain(`${argumentName} must be an asset code`);
    }
    expect(env.upstreamCalls()).toBe(calls);
  });

  it("lower-case ASCII still works: usdt moves as USDT on Binance and as usdt on HTX's wire", async () => {
    const rows = journalRows();
    const before = env.sandbox.binance.calls.length;
    const onBinance = await env.post({ query: TRANSFER, variables: { i: binance({ asset: " usdt ", amount: "1.5" }) } }, auth);
    expect(onBinance.json?.errors).toBeUndefined();
    expect(onBinance.json?.data).toEqual({ transfer: { replayed: false, transfer: { status: "CONFIRMED", asset: "USDT", from: { symbol: null }, to: { symbol: null } } } });
    const sent = env.sandbox.binance.calls.slice(before).filter((c) => c.path === "/sapi/v1/asset/transfer" && c.method === "POST");
    expect(sent).toHaveLength(1);
    expect(new URLSearchParams(sent[0].rawQuery || sent[0].body).get("asset")).toBe("USDT");

    const htxBefore = env.sandbox.htx.calls.length;
    const onHtx = await env.post({ query: TRANSFER, variables: { i: htx({ asset: "usdt", to: { type: "USDM_FUTURES", symbol: "btc-usdt" } }) } }, auth);
    expect(onHtx.json?.errors).toBeUndefined();
    expect(onHtx.json?.data).toMatchObject({ transfer: { transfer: { status: "CONFIRMED", asset: "USDT", to: { symbol: "BTC-USDT" } } } });
    const htxSent = env.sandbox.htx.calls.slice(htxBefore).filter((c) => c.path === "/v2/account/transfer" && c.method === "POST");
    expect(htxSent).toHaveLength(1);
    expect(JSON.parse(htxSent[0].body)).toMatchObject({ currency: "usdt", "margin-account": "BTC-USDT" });
    expect(journalRows()).toBe(rows + 2);

    const filtered = await env.post({ query: `{ accounts(filter: { exchanges: [BINANCE], types: [SPOT] }) { balances(assets: ["usdt"]) { asset } } }` }, auth);
    expect(filtered.json?.errors).toBeUndefined();
    expect(filtered.json?.data).toEqual({ accounts: [{ balances: [{ asset: "USDT" }] }] });
  });
});

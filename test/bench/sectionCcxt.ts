import ccxt from "ccxt";
import { CCXT_FETCHES, makeCcxtExchanges, type CcxtFetch } from "./ccxtExchanges.js";
import { Dec } from "../../src/domain/decimal.js";
import { AccountType } from "../../src/domain/enums.js";
import { startSandbox } from "../../src/server/sandbox.js";
import { binanceDemoState } from "../../src/exchanges/binance/simulator/demoState.js";
import { htxDemoState } from "../../src/exchanges/htx/simulator/demoState.js";
import type { BinanceSimulator } from "../../src/exchanges/binance/simulator/server.js";
import type { HtxSimulator } from "../../src/exchanges/htx/simulator/server.js";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * The peer: the same portfolio snapshot taken with CCXT 4.5.84 the way its docs show — one
 * `fetchBalance({ type })` per account type — its urls pointed at the simulators. Upstream
 * calls are counted in the simulators' logs; amounts are compared with the simulators' exact
 * decimals.
 */

export interface CcxtRun {
  readonly mode: "sequential" | "Promise.all";
  /** Markets: "loadMarkets" (the documented flow) or "preset" (setMarkets([]) so fetchBalance skips loadMarkets). */
  readonly markets: "loadMarkets" | "preset";
  readonly wallMs: number;
  readonly upstreamCalls: number;
  readonly ok: string[];
  readonly failed: Array<{ fetch: string; error: string }>;
}

export interface CcxtResult {
  readonly version: string;
  readonly runs: CcxtRun[];
  /** Paths CCXT called that the simulators do not serve (404/405), with counts. */
  readonly unserved: Record<string, number>;
  /** Wallets Coffer reads that CCXT's fetchBalance has no type for. */
  readonly notCovered: string[];
  readonly exactness: { compared: number; inexact: Array<{ where: string; exact: string; ccxt: string; kind: "float rounding" | "different amount" }> };
}

function short(error: unknown): string {
  const text = error instanceof Error ? `${error.constructor.name}: ${error.message}` : String(error);
  return text.replace(/\s+/g, " ").slice(0, 160);
}

export async function measureCcxt(latencyMs: number): Promise<CcxtResult> {
  const dir = mkdtempSync(join(tmpdir(), "coffer-bench-ccxt-"));
  const sandbox = await startSandbox({ port: 0, journal: `sqlite:${join(dir, "j.sqlite")}`, binanceState: binanceDemoState(), htxState: htxDemoState() });
  const { binance, htx } = sandbox;
  binance.faults.latencyMs = latencyMs;
  htx.faults.latencyMs = latencyMs;
  const unserved: Record<string, number> = {};
  const runs: CcxtRun[] = [];
  const balances = new Map<string, Record<string, unknown>>();
  try {
    for (const markets of ["loadMarkets", "preset"] as const) {
      for (const mode of ["sequential", "Promise.all"] as const) {
        const ex = makeCcxtExchanges(binance.urls, htx.urls); // fresh instances: nothing loaded
        if (markets === "preset") {
          ex.binance.setMarkets([]);
          ex.htx.setMarkets([]);
        }
        const before = { b: binance.calls.length, h: htx.calls.length };
        const ok: string[] = [];
        const failed: CcxtRun["failed"] = [];
        const one = async (f: CcxtFetch) => {
          try {
            const result = await (f.exchange === "binance" ? ex.binance : ex.htx).fetchBalance({ ...f.params });
            ok.push(`${f.exchange} ${f.label}`);
            balances.set(`${f.exchange} ${f.label}`, result as unknown as Record<string, unknown>);
          } catch (error) {
            failed.push({ fetch: `${f.exchange} ${f.label}`, error: short(error) });
          }
        };
        const started = performance.now();
        if (mode === "sequential") for (const f of CCXT_FETCHES) await one(f);
        else await Promise.all(CCXT_FETCHES.map(one));
        const wallMs = performance.now() - started;
        const calls = [...binance.calls.slice(before.b), ...htx.calls.slice(before.h)];
        runs.push({ mode, markets, wallMs, upstreamCalls: calls.length, ok, failed });
        if (markets === "loadMarkets" && mode === "sequential") {
          for (const c of calls) {
            const served = binance.callsTo(c.path).length > 0 && isBinancePath(c.path) ? BINANCE_SERVED.has(c.path) : HTX_SERVED.some((p) => p.test(c.path));
            if (!served) unserved[`${c.method} ${c.path}`] = (unserved[`${c.method} ${c.path}`] ?? 0) + 1;
          }
        }
      }
    }
    return {
      version: ccxt.version,
      runs,
      unserved,
      notCovered: [
        "Binance OPTIONS (fetchBalance has no options type; type 'option' reads the spot account)",
        "Binance sub-accounts' spot and margin (no unified call; implicit API only)",
        "Binance and HTX margin risk details (MarginAccount) beyond balances",
      ],
      exactness: compareExact(balances, binance, htx),
    };
  } finally {
    await sandbox.close();
  }
}

const BINANCE_SERVED = new Set([
  "/api/v3/time",
  "/api/v3/account",
  "/sapi/v1/asset/get-funding-asset",
  "/sapi/v1/margin/account",
  "/sapi/v1/margin/isolated/account",
  "/fapi/v3/account",
  "/dapi/v1/account",
  "/eapi/v1/marginAccount",
  "/papi/v1/balance",
  "/papi/v1/account",
  "/sapi/v1/sub-account/list",
  "/sapi/v4/sub-account/assets",
  "/sapi/v1/sub-account/margin/account",
  "/sapi/v1/asset/transfer",
  "/sapi/v1/sub-account/margin/transfer",
  "/sapi/v1/margin/transfer",
  "/fapi/v1/time",
  "/dapi/v1/time",
  "/eapi/v1/time",
]);
const HTX_SERVED = [
  /^\/v1\/common\/timestamp$/,
  /^\/v1\/account\/accounts$/,
  /^\/v1\/account\/accounts\/\d+\/balance$/,
  /^\/v2\/account\/transfer$/,
  /^\/v2\/account\/ledger$/,
  /^\/api\/v1\/timestamp$/,
  /^\/linear-swap-api\/v1\/swap_(cross_)?account_info$/,
  /^\/linear-swap-api\/v3\/(swap_unified_account_type|unified_account_info)$/,
];
function isBinancePath(path: string): boolean {
  return /^\/(api|sapi|fapi|dapi|eapi|papi|futures)\//.test(path);
}

/** CCXT's float totals vs the simulators' exact decimals, where both mean free + locked. */
function compareExact(balances: Map<string, Record<string, unknown>>, binance: BinanceSimulator, htx: HtxSimulator): CcxtResult["exactness"] {
  const inexact: CcxtResult["exactness"]["inexact"] = [];
  let compared = 0;
  const check = (where: string, exact: string, value: unknown) => {
    if (typeof value !== "number" && typeof value !== "string") return;
    compared++;
    if (!new Dec(exact).equals(new Dec(String(value)))) {
      const diff = new Dec(exact).minus(new Dec(String(value))).abs();
      const kind = diff.lte(new Dec(exact).abs().times("1e-12")) ? "float rounding" : "different amount";
      inexact.push({ where, exact: new Dec(exact).toFixed(), ccxt: String(value), kind });
    }
  };
  for (const f of CCXT_FETCHES) {
    const result = balances.get(`${f.exchange} ${f.label}`);
    const total = result?.total as Record<string, unknown> | undefined;
    if (!total) continue;
    for (const [code, value] of Object.entries(total)) {
      if (f.exchange === "binance" && f.wallet) check(`binance ${f.label} ${code}`, binance.balance(f.wallet, code), value);
      if (f.exchange === "htx" && f.label === "spot") {
        const rows = htx.spotBalance(code);
        check(`htx spot ${code}`, new Dec(rows.trade).plus(rows.frozen).plus(rows.lock).toFixed(), value);
      }
    }
    if (f.label === "margin (isolated)" && result) {
      // CCXT keys isolated balances by market symbol: { "BTC/USDT": { BTC: {total}, USDT: {total} } }
      for (const [symbol, pair] of Object.entries(result)) {
        if (!pair || typeof pair !== "object" || ["info", "free", "used", "total", "debt", "timestamp", "datetime"].includes(symbol)) continue;
        const market = symbol.replace("/", "");
        for (const [code, account] of Object.entries(pair as Record<string, { total?: unknown }>)) {
          if (account && typeof account === "object" && "total" in account) {
            check(`binance isolated ${market} ${code}`, binance.balance({ type: AccountType.MARGIN_ISOLATED, symbol: market }, code), account.total);
          }
        }
      }
    }
  }
  return { compared, inexact };
}

import type { HtxUrls } from "../config.js";
import { AccountType } from "../../../domain/enums.js";
import type { SimulatedWallet } from "../../exchange.js";
import { Dec, formatDecimal } from "../../../domain/decimal.js";
import { noFaults, skewedClock, type Faults } from "../../kit/simulator/faults.js";
import { referenceCurrenciesBody } from "./assetList.js";
import { startSimServers, wsUrl, type SimCall, type SimRequest, type SimResponse } from "../../kit/simulator/simServer.js";
import { htxDemoState } from "./demoState.js";
import { verifyHtxSignature } from "./auth.js";
import { assetModeBody, crossAccountInfoBody, isolatedAccountInfoBody, unifiedAccountInfoBody, unifiedAccountTypeBody, v5BalanceBody, v5PositionsBody } from "./contracts.js";
import { queryHtxFinancialRecord } from "./financialRecord.js";
import { queryHtxLedger } from "./history.js";
import { parseJsonExact } from "../../kit/parseJsonExact.js";
import { marketTickersBody } from "./tickers.js";
import { HTX_SIM_DEFAULT_LIMITS, type HtxSimLimits, type HtxSimWindow } from "./limits.js";
import { createSimWindows } from "../../kit/simulator/simWindows.js";
import { withHeaders } from "../../kit/simulator/simAnswer.js";
import { cloneSimState, type HtxSimState } from "./state.js";
import { applyHtxTransfer, moveContract } from "./transfers.js";
import { attachSimStreams, type SimStreamRules, type SimStreams } from "../../kit/simulator/simStreams.js";
import { HTX_SPOT_WS_RULES, HTX_SWAP_WS_RULES, htxSimStreamRoutes } from "./stream.js";
import { authErrorAnswer, errorAnswer, int, jsonAnswer, num, rateLimitAnswer, unknownPathAnswer } from "./wire.js";

export interface HtxSimulatorOptions {
  readonly accessKey: string;
  readonly secretKey: string;
  /** Copied; the demo state by default. */
  readonly state?: HtxSimState;
  /** Override some budgets (tests scale them). */
  readonly limits?: Partial<HtxSimLimits>;
  readonly host?: string;
  /** Keep-alive rules of the account streams (default HTX's: spot ping 20 s, swap ping 5 s). */
  readonly streamRules?: { readonly spot?: SimStreamRules; readonly swap?: SimStreamRules };
}

/** A contract account's balance as the exchange holds it, exact text. */
export interface HtxSimContractBalance {
  readonly marginBalance: string;
  readonly withdrawAvailable: string;
}

export interface HtxSimulator {
  /** Spot host (api.huobi.pro) and contract host (api.hbdm.com) of this simulator. */
  readonly urls: HtxUrls;
  /** Shared by both listeners. */
  readonly faults: Faults;
  /** Every call either listener received, in order (`listener` is "spot" or "swap"). */
  readonly calls: SimCall[];
  /** The live state (tests may inspect or seed it). */
  readonly state: HtxSimState;
  /** Spot rows of a currency (any case), exact text; "0" for a row that does not exist. */
  spotBalance(currency: string): { trade: string; frozen: string; lock: string };
  /** The cross account (`"USDT"`) or an isolated one (its contract code, e.g. `"BTC-USDT"`). */
  contractBalance(marginAccount: string): HtxSimContractBalance;
  /** Switch the USDT-M account type: true = unified (account_type 2). */
  setUnified(unified: boolean): void;
  /** Test hook: credit (positive) or debit a spot currency's trade row, as a deposit would; pushed on the streams. */
  adjustSpot(currency: string, delta: string): void;
  /** Test hook: credit or debit the USDT-M cross account; pushed on the streams. */
  adjustCross(delta: string): void;
  /**
   * Spot: trade + frozen + lock rows; a contract account (cross, or isolated by contract code):
   * its margin_balance in its margin asset. The classic accounts, not the unified or V5 views.
   */
  balanceOf(wallet: SimulatedWallet, asset: string): string;
  /** Spot: every currency with a row (upper-case); a contract account: its margin asset. */
  assetsOf(wallet: SimulatedWallet): readonly string[];
  /** The contract accounts report margin details; spot does not. */
  hasMarginDetails(wallet: SimulatedWallet): boolean;
  /** The next signed, rate-counted call is refused in its envelope with a reset header `retryAfterSeconds` away. */
  forceRateLimit(retryAfterSeconds: number): void;
  /** The account streams: connections opened per route, the drop-every-socket fault. */
  readonly streams: SimStreams;
  /** Account subscriptions accepted: spot `accounts.update#2`, swap `accounts_cross`. */
  readonly streamSubscriptions: { readonly spot: number; readonly swap: number };
  close(): Promise<void>;
}

type Route = {
  readonly method: "GET" | "POST";
  /** Budget name and window; null for public endpoints. */
  readonly budget: ((state: HtxSimState) => { name: string; window: HtxSimWindow; kind: "spot" | "contract" | "market" }) | null;
  readonly signed: boolean;
  readonly answer: (request: SimRequest, state: HtxSimState) => SimResponse;
};

/**
 * An in-process HTX: the spot host and the contract host as two listeners over one shared
 * ledger, so a transfer moves exactly its amount between the spot `trade` row and a contract
 * account. It verifies Signature v2 against the Host header each request was sent with,
 * enforces HTX's budgets with HTX's error bodies and headers, and applies the shared fault switches.
 */
export async function startHtxSimulator(options: HtxSimulatorOptions): Promise<HtxSimulator> {
  const state = cloneSimState(options.state ?? htxDemoState());
  const limits: HtxSimLimits = { ...HTX_SIM_DEFAULT_LIMITS, ...options.limits };
  const faults = noFaults();
  const calls: SimCall[] = [];
  const windows = createSimWindows();
  /** Set by forceRateLimit: the next signed, rate-counted call is refused. */
  let forcedRetryAfterMs: number | null = null;

  const spotBudget = (name: string) => () => ({ name: `spot:${name}`, window: limits.spotEndpoint, kind: "spot" as const });
  const contractRead = () => ({ name: "contract:read", window: limits.contractRead, kind: "contract" as const });

  const spotRoutes: Record<string, Route> = {
    "/v1/common/timestamp": { method: "GET", budget: null, signed: false, answer: (r) => jsonAnswer({ status: "ok", data: int(r.now) }) },
    "/market/tickers": {
      method: "GET",
      budget: () => ({ name: "market:tickers", window: limits.marketTickers, kind: "market" }),
      signed: false,
      answer: (r, s) => jsonAnswer(marketTickersBody(s.tickers ?? [], r.now)),
    },
    "/v2/reference/currencies": {
      method: "GET",
      budget: () => ({ name: "market:reference", window: limits.reference, kind: "market" }),
      signed: false,
      answer: (_r, s) => (faults.assetListDown ? jsonAnswer({ code: 500, message: "System error", data: null }, undefined, 500) : jsonAnswer(referenceCurrenciesBody(s))),
    },
    "/v1/account/accounts": {
      method: "GET",
      budget: spotBudget("accounts"),
      signed: true,
      answer: (_r, s) =>
        jsonAnswer({
          status: "ok",
          data: [{ id: int(s.spotAccountId), type: "spot", subtype: "", state: "working" }, ...s.otherAccounts.map((a) => ({ ...a, id: int(a.id) }))],
        }),
    },
    "/v2/account/transfer": {
      method: "POST",
      budget: () => ({ name: "spot:transfer", window: limits.transfer, kind: "spot" }),
      signed: true,
      answer: (r, s) => {
        const result = applyHtxTransfer(s, r.body, r.headers["content-type"], r.now);
        if ("id" in result) queueMicrotask(() => streamRoutes.changed("contract.transfer"));
        if ("id" in result) return jsonAnswer({ code: int(200), data: int(result.id), message: "Succeed", success: true });
        if (typeof result.code === "string") return jsonAnswer({ status: "error", "err-code": result.code, "err-msg": result.message, data: null });
        return errorAnswer(r.path, result.code, result.message, r.now);
      },
    },
    "/v2/account/ledger": {
      method: "GET",
      budget: spotBudget("ledger"),
      signed: true,
      answer: (r, s) => {
        const result = queryHtxLedger(s, r.query, r.now);
        if ("code" in result) return errorAnswer(r.path, result.code, result.message, r.now);
        const data = result.rows.map((row) => ({
          accountId: int(row.accountId),
          currency: row.currency,
          transactAmt: num(row.transactAmt),
          transactType: row.transactType,
          transferType: row.transferType,
          transactId: int(row.transactId),
          transactTime: int(row.transactTime),
          transferer: int(row.transferer),
          transferee: int(row.transferee),
        }));
        return jsonAnswer({ code: int(200), message: "success", data, ...(result.nextId !== null ? { nextId: int(result.nextId) } : {}), ok: true });
      },
    },
  };

  const contractRoutes: Record<string, Route> = {
    "/api/v1/timestamp": { method: "GET", budget: null, signed: false, answer: (r) => jsonAnswer({ status: "ok", ts: int(r.now) }) },
    "/linear-swap-api/v1/swap_cross_account_info": {
      method: "POST",
      budget: contractRead,
      signed: true,
      answer: (r, s) => jsonAnswer(crossAccountInfoBody(s, r.body, r.now)),
    },
    "/linear-swap-api/v1/swap_account_info": {
      method: "POST",
      budget: contractRead,
      signed: true,
      answer: (r, s) => jsonAnswer(isolatedAccountInfoBody(s, r.body, r.now)),
    },
    "/linear-swap-api/v3/swap_financial_record": {
      method: "POST",
      budget: contractRead,
      signed: true,
      answer: (r, s) => {
        let body: Record<string, unknown>;
        try {
          body = (parseJsonExact(r.body || "{}") ?? {}) as Record<string, unknown>;
        } catch {
          return errorAnswer(r.path, 1030, "Input error.", r.now);
        }
        const result = queryHtxFinancialRecord(s, body, r.now);
        if ("code" in result) return errorAnswer(r.path, result.code, result.message, r.now);
        const data = result.rows.map((row) => ({
          query_id: int(row.query_id),
          id: int(row.id),
          type: int(row.type),
          amount: num(row.amount),
          ts: int(row.ts),
          contract_code: row.contract_code,
          asset: row.asset,
          margin_account: row.margin_account,
          face_margin_account: row.face_margin_account,
        }));
        return jsonAnswer({ code: int(200), msg: "", data, ts: int(r.now) });
      },
    },
    "/linear-swap-api/v3/swap_unified_account_type": {
      method: "GET",
      budget: contractRead,
      signed: true,
      answer: (r, s) => jsonAnswer(unifiedAccountTypeBody(s, r.now)),
    },
    "/linear-swap-api/v3/unified_account_info": {
      method: "GET",
      budget: contractRead,
      signed: true,
      answer: (r, s) => jsonAnswer(unifiedAccountInfoBody(s, r.query, r.now)),
    },
    "/v5/account/asset_mode": {
      method: "GET",
      budget: contractRead,
      signed: true,
      answer: (r, s) => jsonAnswer(assetModeBody(s, r.now)),
    },
    "/v5/account/balance": {
      method: "GET",
      budget: contractRead,
      signed: true,
      answer: (r, s) => {
        const body = v5BalanceBody(s, r.now);
        return body ? jsonAnswer(body) : errorAnswer(r.path, 1010, "Account doesn't exist.", r.now);
      },
    },
    "/v5/trade/position/opens": {
      method: "GET",
      budget: contractRead,
      signed: true,
      answer: (r, s) => {
        const body = v5PositionsBody(s, r.query, r.now);
        return body ? jsonAnswer(body) : errorAnswer(r.path, 1010, "Account doesn't exist.", r.now);
      },
    },
  };

  const balancePath = /^\/v1\/account\/accounts\/([^/]+)\/balance$/;
  const balanceRoute: Route = {
    method: "GET",
    budget: spotBudget("balance"),
    signed: true,
    answer: (r, s) => {
      const id = balancePath.exec(r.path)?.[1];
      if (id !== String(s.spotAccountId)) return errorAnswer(r.path, "account-account-id-inexistent", "The account id doesn't exist.", r.now);
      const list = s.spot.map((row) => ({ currency: row.currency, type: row.type, balance: row.balance, debt: "invalid", available: "invalid", "seq-num": "1" }));
      return jsonAnswer({ status: "ok", data: { id: int(s.spotAccountId), type: "spot", state: "working", list } });
    },
  };

  function handlerFor(routes: Record<string, Route>, withBalance: boolean) {
    return (request: SimRequest): SimResponse => {
      const route = routes[request.path] ?? (withBalance && balancePath.test(request.path) ? balanceRoute : undefined);
      if (!route || route.method !== request.method) return unknownPathAnswer();
      if (route.signed) {
        const failure = verifyHtxSignature(request, options.accessKey, options.secretKey);
        if (failure) return authErrorAnswer(request.path, failure, request.now);
      }
      let headers: Record<string, string> | undefined;
      if (route.budget && forcedRetryAfterMs !== null && route.budget(state).kind !== "market") {
        const resetAt = String(Date.now() + forcedRetryAfterMs + faults.clockSkewMs);
        const forced: Record<string, string> =
          route.budget(state).kind === "contract"
            ? { "ratelimit-remaining": "0", "ratelimit-reset": resetAt }
            : { "X-HB-RateLimit-Requests-Remain": "0", "X-HB-RateLimit-Requests-Expire": resetAt };
        forcedRetryAfterMs = null;
        return rateLimitAnswer(request.path, request.now, forced);
      }
      if (route.budget) {
        const budget = route.budget(state);
        const counted = windows.count(budget.name, budget.window, 1, Date.now());
        // Market data carries no rate-limit headers (none are documented for it).
        headers =
          budget.kind === "market"
            ? undefined
            : budget.kind === "contract"
              ? {
                  "ratelimit-limit": String(counted.limit),
                  "ratelimit-interval": String(counted.intervalMs),
                  "ratelimit-remaining": String(counted.remaining),
                  "ratelimit-reset": String(counted.resetAt + faults.clockSkewMs),
                }
              : {
                  "X-HB-RateLimit-Requests-Remain": String(counted.remaining),
                  "X-HB-RateLimit-Requests-Expire": String(counted.resetAt + faults.clockSkewMs),
                };
        if (!counted.allowed) return rateLimitAnswer(request.path, request.now, headers ?? {});
      }
      return withHeaders(route.answer(request, state), headers);
    };
  }

  const { spot, swap: swapServer } = await startSimServers(
    ["spot", "swap"] as const,
    (name) => (name === "spot" ? handlerFor(spotRoutes, true) : handlerFor(contractRoutes, false)),
    { faults, calls, host: options.host },
  );
  const streamRoutes = htxSimStreamRoutes({
    credentials: { accessKey: options.accessKey, secretKey: options.secretKey },
    state,
    spotRules: options.streamRules?.spot ?? HTX_SPOT_WS_RULES,
    swapRules: options.streamRules?.swap ?? HTX_SWAP_WS_RULES,
    now: skewedClock(faults),
  });
  const streams = attachSimStreams([spot.server, swapServer.server], [streamRoutes.spot, streamRoutes.swap]);

  function contractAccount(wallet: SimulatedWallet): { margin_asset: string; margin_balance: string } {
    if (wallet.type !== AccountType.USDM_FUTURES || wallet.subAccountEmail) throw new Error(`The simulator has no ${wallet.type} wallet`);
    if (wallet.symbol === null) return state.cross;
    const account = state.isolated.find((a) => a.contract_code.toUpperCase() === wallet.symbol!.toUpperCase());
    if (!account) throw new Error(`The simulator has no contract account ${wallet.symbol}`);
    return account;
  }

  function isSpot(wallet: SimulatedWallet): boolean {
    if (wallet.type !== AccountType.SPOT) return false;
    if (wallet.symbol !== null || wallet.subAccountEmail) throw new Error("The simulator has one spot wallet, without symbol or sub-account");
    return true;
  }

  function rowBalance(currency: string, type: string): string {
    const rows = state.spot.filter((r) => r.currency === currency.toLowerCase() && r.type === type);
    return formatDecimal(rows.reduce((sum, r) => sum.plus(new Dec(r.balance)), new Dec(0)));
  }

  return {
    urls: {
      spot: spot.url,
      swap: swapServer.url,
      spotWs: `${wsUrl(spot.url)}/ws/v2`,
      swapWs: `${wsUrl(swapServer.url)}/linear-swap-notification`,
    },
    faults,
    calls,
    state,
    spotBalance: (currency) => ({ trade: rowBalance(currency, "trade"), frozen: rowBalance(currency, "frozen"), lock: rowBalance(currency, "lock") }),
    contractBalance(marginAccount) {
      const code = marginAccount.toUpperCase();
      const account = code === "USDT" ? state.cross : state.isolated.find((a) => a.contract_code.toUpperCase() === code);
      if (!account) throw new Error(`The simulator has no contract account ${marginAccount}`);
      return { marginBalance: account.margin_balance, withdrawAvailable: account.withdraw_available };
    },
    setUnified(unified) {
      state.unified = unified;
    },
    adjustSpot(currency, delta) {
      let row = state.spot.find((r) => r.currency === currency.toLowerCase() && r.type === "trade");
      if (!row) state.spot.push((row = { currency: currency.toLowerCase(), type: "trade", balance: "0" }));
      const next = new Dec(row.balance).plus(delta);
      if (next.isNegative()) throw new Error("adjustSpot: insufficient");
      row.balance = formatDecimal(next);
      streamRoutes.changed("other");
    },
    adjustCross(delta) {
      moveContract(state.cross, new Dec(delta));
      streamRoutes.changed("other");
    },
    balanceOf(wallet, asset) {
      if (isSpot(wallet)) {
        const rows = state.spot.filter((r) => r.currency === asset.toLowerCase());
        return formatDecimal(rows.reduce((sum, r) => sum.plus(new Dec(r.balance)), new Dec(0)));
      }
      const account = contractAccount(wallet);
      return account.margin_asset.toUpperCase() === asset.toUpperCase() ? formatDecimal(new Dec(account.margin_balance)) : "0";
    },
    assetsOf(wallet) {
      if (isSpot(wallet)) return [...new Set(state.spot.map((r) => r.currency.toUpperCase()))];
      return [contractAccount(wallet).margin_asset.toUpperCase()];
    },
    hasMarginDetails: (wallet) => wallet.type === AccountType.USDM_FUTURES,
    forceRateLimit(retryAfterSeconds) {
      forcedRetryAfterMs = retryAfterSeconds * 1000;
    },
    streams,
    streamSubscriptions: streamRoutes.subscriptions,
    async close() {
      await streams.close();
      await Promise.all([spot.close(), swapServer.close()]);
    },
  };
}

import { createSnapshotCache } from "../../src/cache/snapshotCache.js";
import { createBinanceConnector } from "../../src/exchanges/binance/connector.js";
import type { ExchangeConnector } from "../../src/exchanges/exchange.js";
import { createHttpClient, type HttpClient } from "../../src/exchanges/kit/httpClient.js";
import { createHtxConnector } from "../../src/exchanges/htx/connector.js";
import { parseDecimal } from "../../src/domain/decimal.js";
import { AccountType, Exchange } from "../../src/domain/enums.js";
import type { TransferRequest } from "../../src/domain/transfer.js";
import { createLogger } from "../../src/observability/logger.js";
import { binanceDemoState } from "../../src/exchanges/binance/simulator/demoState.js";
import { startBinanceSimulator } from "../../src/exchanges/binance/simulator/server.js";
import { htxDemoState } from "../../src/exchanges/htx/simulator/demoState.js";
import { startHtxSimulator } from "../../src/exchanges/htx/simulator/server.js";

export interface BurstResult {
  readonly exchange: "BINANCE" | "HTX";
  readonly label: string;
  /** The budget as the exchange states it, and as scaled for the run. */
  readonly budget: string;
  readonly transfers: number;
  readonly succeeded: number;
  readonly failed: number;
  /** Refusals the exchange sent (Binance 429/418 from the simulator's log; HTX 429/1032 answers). */
  readonly refusals: number;
  /** First to last arrival at the simulator, ms. */
  readonly spanMs: number;
  /** Shortest span the budget allows for this many calls: floor((n − 1) / limit) × window. */
  readonly idealSpanMs: number;
  /** idealSpanMs / spanMs: the achieved rate as a fraction of the allowed one. */
  readonly fraction: number;
}

const logger = createLogger({ level: "silent" });

export function burstOf(times: number[], limit: number, windowMs: number): { spanMs: number; idealSpanMs: number; fraction: number } {
  const sorted = [...times].sort((a, b) => a - b);
  const spanMs = sorted[sorted.length - 1] - sorted[0];
  const idealSpanMs = Math.floor((sorted.length - 1) / limit) * windowMs;
  return { spanMs, idealSpanMs, fraction: spanMs > 0 ? idealSpanMs / spanMs : NaN };
}

async function settleAll(n: number, send: () => Promise<unknown>): Promise<{ succeeded: number; failed: number; firstError: string | null }> {
  const results = await Promise.allSettled(Array.from({ length: n }, send));
  const failed = results.filter((r) => r.status === "rejected") as PromiseRejectedResult[];
  return { succeeded: n - failed.length, failed: failed.length, firstError: failed[0] ? String((failed[0].reason as Error).message) : null };
}

/**
 * Binance universal transfers (UID weight 900 of 180,000 a minute = 200 a minute), with time
 * scaled by 1/12 so the run stays short: 45,000 weight per 5 s window (50 transfers per 5 s =
 * 10 a second), the connector's budgets scaled the same way. No window slack: the in-process
 * limiter counts a transfer's weight from its answer, after Binance counted it, so however late
 * a loaded process makes a call reach the simulator its window cannot end before Binance's; a
 * slack (the connector's default 1000 ms, 83 ms scaled) would only be added to that margin.
 * Each window then costs the round trip of the call it waits for (50 ms latency and the
 * process's own delays) over the ideal, as the fleet's section does.
 */
export async function binanceBurst(count: number, latencyMs: number): Promise<BurstResult & { firstError: string | null }> {
  const limits = { sapiUid: 45_000, intervalMs: 5000 };
  const sim = await startBinanceSimulator({ apiKey: "bench-key", apiSecret: "bench-secret", state: binanceDemoState(), limits });
  sim.faults.latencyMs = latencyMs;
  const connector = createBinanceConnector(
    {
      id: "binance-bench",
      exchange: Exchange.BINANCE,
      label: null,
      credentials: { apiKey: "bench-key", apiSecret: "bench-secret" },
      urls: sim.urls,
      accountTypes: null,
      // A transfer waits for budget at most its timeout: long enough for the whole burst to queue.
      timeoutMs: 30_000,
    },
    { cache: createSnapshotCache({ ttlMs: 2000 }), logger },
    { budgets: limits, windowSlackMs: 0 },
  );
  try {
    const request: TransferRequest = {
      connectionId: "binance-bench",
      asset: "USDT",
      amount: parseDecimal("1"),
      from: { type: AccountType.SPOT, symbol: null },
      to: { type: AccountType.FUNDING, symbol: null },
      subAccountEmail: null,
      idempotencyKey: "bench-binance",
    };
    const outcome = await settleAll(count, () => connector.transfer(request));
    const times = sim.callsTo("/sapi/v1/asset/transfer", "POST").map((c) => c.at);
    return {
      exchange: "BINANCE",
      label: "universal transfer, time scaled 1/12 (window 5 s, counted from the answer, no slack)",
      budget: "UID 900 of 180,000/min → scaled 45,000 per 5 s = 10 transfers/s",
      transfers: count,
      ...outcome,
      refusals: sim.refusals.length,
      ...burstOf(times, 50, limits.intervalMs),
    };
  } finally {
    await connector.close();
    await sim.close();
  }
}

/** An HTTP client that notes every answer HTX gives saying "too many requests". */
function countingRefusals(inner: HttpClient): { http: HttpClient; refusals: () => number } {
  let refusals = 0;
  const refused = /"(code|err-code)"\s*:\s*"?(429|1032|base-request-exceed-frequency-limit)"?/;
  return {
    http: {
      async send(request) {
        const response = await inner.send(request);
        if (response.status === 429 || refused.test(response.text)) refusals++;
        return response;
      },
      close: () => inner.close(),
    },
    refusals: () => refusals,
  };
}

/** HTX spot → USDT-M contract transfers, 1 a second (HTX's own budget, not scaled). */
export async function htxBurst(count: number, latencyMs: number, safetyMarginMs: number | undefined): Promise<BurstResult & { firstError: string | null }> {
  const sim = await startHtxSimulator({ accessKey: "bench-access", secretKey: "bench-secret", state: htxDemoState() });
  sim.faults.latencyMs = latencyMs;
  const counting = countingRefusals(createHttpClient({ timeoutMs: 30_000 }));
  const connector: ExchangeConnector = createHtxConnector(
    {
      id: "htx-bench",
      exchange: Exchange.HTX,
      label: null,
      credentials: { accessKey: "bench-access", secretKey: "bench-secret" },
      urls: sim.urls,
      accountTypes: null,
      timeoutMs: 30_000,
    },
    { cache: createSnapshotCache({ ttlMs: 2000 }), logger },
    { http: counting.http, ...(safetyMarginMs !== undefined ? { safetyMarginMs } : {}) },
  );
  try {
    const request: TransferRequest = {
      connectionId: "htx-bench",
      asset: "USDT",
      amount: parseDecimal("1"),
      from: { type: AccountType.SPOT, symbol: null },
      to: { type: AccountType.USDM_FUTURES, symbol: null },
      subAccountEmail: null,
      idempotencyKey: "bench-htx",
    };
    const outcome = await settleAll(count, () => connector.transfer(request));
    const times = sim.calls.filter((c) => c.path === "/v2/account/transfer").map((c) => c.at);
    return {
      exchange: "HTX",
      label: safetyMarginMs === undefined ? "spot → contract, default safety margin (150 ms)" : `spot → contract, safety margin ${safetyMarginMs} ms`,
      budget: "1 transfer/s (HTX's own, not scaled)",
      transfers: count,
      ...outcome,
      refusals: counting.refusals(),
      ...burstOf(times, 1, 1000),
    };
  } finally {
    await connector.close();
    counting.http.close();
    await sim.close();
  }
}

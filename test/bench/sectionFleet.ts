import { binanceDemoState } from "../../src/exchanges/binance/simulator/demoState.js";
import { htxDemoState } from "../../src/exchanges/htx/simulator/demoState.js";
import type { TransferInput } from "../generated/graphql.js";
import { DASHBOARD_BODY, postBody, startFleet, type Fleet } from "../support/fleetCoffer.js";
import { BINANCE_ID, HTX_ID, MONEY_TOKEN } from "../support/moneyCoffer.js";
import { mutateTransfer } from "../integration/transfers/transferKit.js";
import { startTestPostgres } from "../support/postgresServer.js";
import { startTestRedis } from "../support/redisServer.js";
import { countByEndpoint, minimumCalls, totalCalls } from "./dashboardMinimum.js";
import { burstOf } from "./sectionRateBudget.js";

/** One row of section 8: three Coffer instances sharing budgets and snapshots through Redis. */
export interface FleetRow {
  readonly label: string;
  readonly instances: number;
  readonly requests: number;
  /** Upstream calls the simulators received (transfers: POSTs). */
  readonly calls: number;
  /** The reference: one dashboard's minimum, or the number of transfers. */
  readonly reference: number;
  readonly budget: string;
  /** Achieved rate / allowed rate (transfers), null for dashboards. */
  readonly fraction: number | null;
  readonly refusals: number;
  readonly failed: number;
  readonly wallMs: number;
}

const INSTANCES = 3;

/**
 * Section 8: a fleet of three instances (in this process, each with its own connectors,
 * limiters and cache) on one simulator pair, one PostgreSQL journal and one Redis.
 */
export async function measureFleet(latencyMs: number, dashboards = 300, binanceTransfers = 150, htxTransfers = 20): Promise<FleetRow[]> {
  const [redis, pg] = await Promise.all([startTestRedis(), startTestPostgres()]);
  const rows: FleetRow[] = [];
  let fleet: Fleet | null = null;
  try {
    // Dashboards, cold cache, inside one TTL.
    const binanceState = binanceDemoState();
    const htxState = htxDemoState();
    fleet = await startFleet({ redisUrl: redis.url, journal: await pg.createDatabase(), cacheTtlMs: 60_000, binanceState, htxState, size: INSTANCES });
    fleet.sims.binance.faults.latencyMs = latencyMs;
    fleet.sims.htx.faults.latencyMs = latencyMs;
    let started = performance.now();
    const answers = await Promise.all(Array.from({ length: dashboards }, (_, i) => postBody(fleet!.members[i % INSTANCES]!.url, MONEY_TOKEN, DASHBOARD_BODY)));
    const minimum = minimumCalls(binanceState, htxState);
    rows.push({
      label: `${dashboards} dashboards spread over ${INSTANCES} instances, cold cache, one TTL (reference: one cold dashboard; each instance reads the clocks once)`,
      instances: INSTANCES,
      requests: dashboards,
      calls: totalCalls(countByEndpoint(fleet.sims.binance.calls)) + totalCalls(countByEndpoint(fleet.sims.htx.calls)),
      reference: totalCalls(minimum.binance) + totalCalls(minimum.htx),
      budget: "Binance and HTX defaults",
      fraction: null,
      refusals: fleet.sims.binance.refusals.length + fleet.members.reduce((n, m) => n + m.htxRefusals(), 0),
      failed: answers.filter((a) => a.status !== 200 || a.body.errors).length,
      wallMs: performance.now() - started,
    });
    await fleet.close();
    fleet = null;

    // Binance universal transfers (UID weight 900), time scaled 1/6: 100 per 10 s for the whole fleet. Each goes
    // through GraphQL and the PostgreSQL journal (SENDING is written after the budget is taken, before the POST
    // leaves; the limiter counts the weight again from when the POST leaves); slack 250 ms: 100 ms drew refusals on a busy 2-core machine.
    const limits = { sapiUid: 90_000, intervalMs: 10_000 };
    fleet = await startFleet({
      redisUrl: redis.url,
      journal: await pg.createDatabase(),
      size: INSTANCES,
      binanceLimits: limits,
      tuning: { binance: { budgets: limits, windowSlackMs: 250 } },
    });
    fleet.sims.binance.faults.latencyMs = latencyMs;
    const binanceInput = (n: number): TransferInput => ({ connectionId: BINANCE_ID, asset: "USDT", amount: "0.01", from: { type: "SPOT" }, to: { type: "FUNDING" }, idempotencyKey: `bench-fleet-binance-${n}` });
    started = performance.now();
    const binanceResults = await Promise.all(Array.from({ length: binanceTransfers }, (_, n) => mutateTransfer(fleet!.members[n % INSTANCES]!.url, binanceInput(n))));
    const binanceTimes = fleet.sims.binance.callsTo("/sapi/v1/asset/transfer", "POST").map((c) => c.at);
    rows.push({
      label: `Binance universal transfers over ${INSTANCES} instances (GraphQL + journal), time scaled 1/6, slack 250 ms`,
      instances: INSTANCES,
      requests: binanceTransfers,
      calls: binanceTimes.length,
      reference: binanceTransfers,
      budget: "UID 900 of 180,000/min → 90,000 per 10 s = 10/s for the fleet",
      fraction: burstOf(binanceTimes, 100, limits.intervalMs).fraction,
      refusals: fleet.sims.binance.refusals.length,
      failed: binanceResults.filter((r) => r.errors || r.data?.transfer.transfer.status !== "CONFIRMED").length,
      wallMs: performance.now() - started,
    });
    await fleet.close();
    fleet = null;

    // HTX transfers, 1 a second (HTX's own budget, not scaled), with the default margin and with 40 ms.
    for (const margin of [150, 40]) {
      fleet = await startFleet({ redisUrl: redis.url, journal: await pg.createDatabase(), size: INSTANCES, tuning: { htx: { safetyMarginMs: margin } } });
      fleet.sims.htx.faults.latencyMs = latencyMs;
      const htxInput = (n: number): TransferInput => ({ connectionId: HTX_ID, asset: "USDT", amount: "0.01", from: { type: "SPOT" }, to: { type: "USDM_FUTURES" }, idempotencyKey: `bench-fleet-htx-${margin}-${n}` });
      started = performance.now();
      const htxResults = await Promise.all(Array.from({ length: htxTransfers }, (_, n) => mutateTransfer(fleet!.members[n % INSTANCES]!.url, htxInput(n))));
      const htxTimes = fleet.sims.htx.calls.filter((c) => c.path === "/v2/account/transfer" && c.method === "POST").map((c) => c.at);
      rows.push({
        label: `HTX transfers over ${INSTANCES} instances (GraphQL + journal), margin ${margin} ms`,
        instances: INSTANCES,
        requests: htxTransfers,
        calls: htxTimes.length,
        reference: htxTransfers,
        budget: `1 a second for the fleet (window + ${margin} ms)`,
        fraction: burstOf(htxTimes, 1, 1000).fraction,
        refusals: fleet.members.reduce((n, m) => n + m.htxRefusals(), 0),
        failed: htxResults.filter((r) => r.errors || r.data?.transfer.transfer.status !== "CONFIRMED").length,
        wallMs: performance.now() - started,
      });
      await fleet.close();
      fleet = null;
    }
  } finally {
    await fleet?.close();
    await redis.stop();
    await pg.stop();
  }
  return rows;
}

/** Section 8 as markdown. */
export function renderFleet(rows: readonly FleetRow[]): string[] {
  const out = [`## 8. Several instances (Redis-shared budgets and snapshots)`, ``];
  out.push(`Three Coffer instances, each with its own connectors, limiters and cache, on one simulator pair, one PostgreSQL journal and one Redis. Achieved rate as in section 5.`, ``);
  out.push(`| Run | Instances | Requests | Upstream calls | Reference | Budget | Achieved / allowed rate | Refusals | Failed | Wall |`, `|---|---|---|---|---|---|---|---|---|---|`);
  for (const r of rows) {
    out.push(`| ${r.label} | ${r.instances} | ${r.requests} | ${r.calls} | ${r.reference} | ${r.budget} | ${r.fraction === null ? "—" : r.fraction.toFixed(2)} | ${r.refusals} | ${r.failed} | ${r.wallMs.toFixed(0)} ms |`);
  }
  out.push(``);
  return out;
}

import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "@jest/globals";
import { AccountType } from "../../../src/domain/enums.js";
import { binanceDemoState } from "../../../src/exchanges/binance/simulator/demoState.js";
import { htxDemoState } from "../../../src/exchanges/htx/simulator/demoState.js";
import { CLOCK_ENDPOINTS, countByEndpoint, minimumCalls } from "../../bench/dashboardMinimum.js";
import type { TransferInput } from "../../generated/graphql.js";
import { BINANCE_ID, HTX_ID, MONEY_TOKEN } from "../../support/moneyCoffer.js";
import { startTestPostgres, type TestPostgres } from "../../support/postgresServer.js";
import { startTestRedis, type TestRedis } from "../../support/redisServer.js";
import { BINANCE_TRANSFER, codeOf, HTX_TRANSFER, minus, mutateTransfer, plus, transferPosts } from "../transfers/transferKit.js";
import { DASHBOARD_BODY, healthOf, postBody, startFleet, until, type Fleet } from "../../support/fleetCoffer.js";
import { burstOf } from "../../bench/sectionRateBudget.js";

/**
 * Issue #15: three Coffer instances (each with its own connectors, limiters and cache) on one
 * simulator pair, one PostgreSQL journal and one real Redis. Budgets are scaled down (Binance's
 * window 2 s instead of a minute, 5 s for the transfer burst) so a run stays short; Coffer's budgets equal the simulators'.
 */

let redis: TestRedis;
let pg: TestPostgres;
let fleet: Fleet | null = null;
beforeAll(async () => {
  [redis, pg] = await Promise.all([startTestRedis(), startTestPostgres()]);
}, 120_000);
afterEach(async () => {
  await fleet?.close();
  fleet = null;
  // Every test starts from an empty Redis (the connection ids are the same in every test).
  const client = new Redis(redis.url);
  await client.flushall();
  client.disconnect();
});
afterAll(async () => {
  await redis?.stop();
  await pg?.stop();
}, 60_000);

const INTERVAL_MS = 2000;
const SLACK_MS = 150;

/**
 * Simulator limits and the same budgets for Coffer, scaled to a 2 s window (or `intervalMs`).
 * The slack covers the instances' local shares while Redis is away (counted from the take); the
 * shared budgets count a call's weight from its answer and need none.
 */
function scaled(
  limits: { api: number; sapiIp: number; sapiUid: number; fapi: number; dapi: number; eapi: number; papi: number },
  intervalMs = INTERVAL_MS,
  windowSlackMs = SLACK_MS,
) {
  return {
    binanceLimits: { ...limits, intervalMs },
    tuning: { binance: { budgets: { ...limits, intervalMs }, windowSlackMs } },
  };
}

/** At least this fraction of an allowed rate is used by a burst (see burstOf). */
const RATE_TARGET = 0.95;

describe("a fleet of three instances", () => {
  it("300 dashboards spread over the three inside one TTL: one dashboard's upstream calls (a clock read per instance), no refusal on a tight budget", async () => {
    const binanceState = binanceDemoState();
    const htxState = htxDemoState();
    const subs = binanceState.subAccounts.length;
    // One cold dashboard of the whole fleet fits; three instances each reading for themselves would not (api: 20 + 3 clock reads).
    fleet = await startFleet({
      redisUrl: redis.url,
      journal: await pg.createDatabase(),
      cacheTtlMs: 60_000,
      binanceState,
      htxState,
      ...scaled({ api: 30, sapiIp: 20, sapiUid: 60 * Math.max(1, subs), fapi: 15, dapi: 10, eapi: 5, papi: 40 }),
    });
    const { sims, members } = fleet;
    const answers = await Promise.all(Array.from({ length: 300 }, (_, i) => postBody(members[i % 3]!.url, MONEY_TOKEN, DASHBOARD_BODY)));
    expect(sims.binance.refusals).toEqual([]);
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.body.errors).toBeUndefined();
    }
    // Every instance answered the same exact snapshot.
    const first = JSON.stringify(answers[0]!.body.data);
    expect(answers.every((a) => JSON.stringify(a.body.data) === first)).toBe(true);
    const minimum = minimumCalls(binanceState, htxState);
    // Everything once for the fleet; the clock (learned once per process, before its first signed call) at most once per instance.
    const binanceCounts = countByEndpoint(sims.binance.calls);
    const htxCounts = countByEndpoint(sims.htx.calls);
    expect(binanceCounts[CLOCK_ENDPOINTS.binance]).toBeLessThanOrEqual(3);
    expect(htxCounts[CLOCK_ENDPOINTS.htx]).toBeLessThanOrEqual(3);
    expect({ ...binanceCounts, [CLOCK_ENDPOINTS.binance]: 1 }).toEqual(minimum.binance);
    expect({ ...htxCounts, [CLOCK_ENDPOINTS.htx]: 1 }).toEqual(minimum.htx);
    expect(sims.binance.refusals).toEqual([]);
    expect(members.map((m) => m.htxRefusalLines)).toEqual([[], [], []]);
    // Each instance holds its own slot in the fleet.
    const health = await Promise.all(members.map((m) => healthOf(m.url)));
    expect(health.map((h) => h.redis?.mode)).toEqual(["shared", "shared", "shared"]);
    expect(new Set(health.map((h) => h.redis?.slot))).toEqual(new Set([0, 1, 2]));
  }, 120_000);

  it("a transfer's invalidation reaches every instance: the next read anywhere sees the new balance", async () => {
    fleet = await startFleet({ redisUrl: redis.url, journal: await pg.createDatabase(), cacheTtlMs: 60_000 });
    const [a, b, c] = fleet.members;
    await Promise.all([a, b, c].map((m) => postBody(m!.url, MONEY_TOKEN, DASHBOARD_BODY)));
    const calls = fleet.sims.binance.calls.length;
    const before = fleet.sims.binance.balance({ type: AccountType.FUNDING }, "USDT");
    const sent = await mutateTransfer(a!.url, {
      connectionId: BINANCE_ID,
      asset: "USDT",
      amount: "1.00000011",
      from: { type: "SPOT" },
      to: { type: "FUNDING" },
      idempotencyKey: "fleet-invalidation-1",
    });
    expect(sent.data?.transfer.transfer.status).toBe("CONFIRMED");
    const after = fleet.sims.binance.balance({ type: AccountType.FUNDING }, "USDT");
    expect(after).toBe(plus(before, "1.00000011"));
    const dashboardC = await postBody(c!.url, MONEY_TOKEN, DASHBOARD_BODY);
    expect(JSON.stringify(dashboardC.body.data)).toContain(`"${after}"`);
    expect(fleet.sims.binance.calls.length).toBeGreaterThan(calls + 1);
  }, 120_000);

  it("bursts of Binance universal transfers and HTX transfers spread over the three: no refusal, every one CONFIRMED, exact ledger, ≥ 0.95 of each allowed rate", async () => {
    // Universal transfer weighs 900: 3 a window of 5 s for the whole fleet, no window slack.
    // 7 = two windows' worth + 1: the span then measures the fleet's pacing, not how spread the
    // first window's transfers reached the exchange (GraphQL and the journal on a busy machine).
    const binanceWindowMs = 5000;
    fleet = await startFleet({
      redisUrl: redis.url,
      journal: await pg.createDatabase(),
      ...scaled({ api: 6000, sapiIp: 12_000, sapiUid: 2700, fapi: 2400, dapi: 2400, eapi: 400, papi: 6000 }, binanceWindowMs, 0),
    });
    const { sims, members } = fleet;
    const htxInput = (n: number, amount = `0.2${String(n).padStart(2, "0")}00001`): TransferInput => ({
      connectionId: HTX_ID,
      asset: "USDT",
      amount,
      from: { type: "SPOT" },
      to: { type: "USDM_FUTURES" },
      idempotencyKey: `fleet-burst-htx-${n}`,
    });
    // HTX: 1 a second, as HTX. Each instance first makes 3 transfers: until an instance has seen
    // 3 arrivals its pacer keeps the configured margin (150 ms), a one-time cost per process.
    for (let n = 0; n < 9; n++) expect((await mutateTransfer(members[n % 3]!.url, htxInput(100 + n, `0.3${n}000001`))).data?.transfer.transfer.status).toBe("CONFIRMED");
    const spotBefore = sims.binance.balance({ type: AccountType.SPOT }, "USDT");
    const htxBefore = sims.htx.spotBalance("usdt").trade;
    const htxPostsBefore = transferPosts(sims.binance, sims.htx).htx;
    const binanceInputs: TransferInput[] = Array.from({ length: 7 }, (_, n) => ({
      connectionId: BINANCE_ID,
      asset: "USDT",
      amount: `0.1${String(n).padStart(2, "0")}00001`,
      from: { type: "SPOT" },
      to: { type: "FUNDING" },
      idempotencyKey: `fleet-burst-binance-${n}`,
    }));
    const htxInputs = Array.from({ length: 16 }, (_, n) => htxInput(n));
    const results = await Promise.all([...binanceInputs, ...htxInputs].map((input, n) => mutateTransfer(members[n % 3]!.url, input)));
    for (const result of results) expect({ code: codeOf(result), status: result.data?.transfer.transfer.status }).toEqual({ code: undefined, status: "CONFIRMED" });
    expect(sims.binance.refusals).toEqual([]);
    expect(members.map((m) => m.htxRefusalLines)).toEqual([[], [], []]);
    expect(transferPosts(sims.binance, sims.htx)).toEqual({ binance: 7, htx: htxPostsBefore + 16 });
    const binanceSum = binanceInputs.reduce((sum, i) => plus(sum, i.amount), "0");
    const htxSum = htxInputs.reduce((sum, i) => plus(sum, i.amount), "0");
    expect(sims.binance.balance({ type: AccountType.SPOT }, "USDT")).toBe(minus(spotBefore, binanceSum));
    expect(sims.htx.spotBalance("usdt").trade).toBe(minus(htxBefore, htxSum));
    const binanceRate = burstOf(
      sims.binance.callsTo(BINANCE_TRANSFER, "POST").map((c) => c.at),
      3,
      binanceWindowMs,
    );
    const htxRate = burstOf(
      sims.htx.calls
        .filter((c) => c.path === HTX_TRANSFER && c.method === "POST")
        .slice(htxPostsBefore)
        .map((c) => c.at),
      1,
      1000,
    );
    expect({ binance: binanceRate.fraction >= RATE_TARGET, htx: htxRate.fraction >= RATE_TARGET, binanceRate, htxRate }).toMatchObject({ binance: true, htx: true });
  }, 180_000);

  it("the same idempotency key sent 20 times to each instance at once: exactly one POST", async () => {
    fleet = await startFleet({ redisUrl: redis.url, journal: await pg.createDatabase() });
    const { sims, members } = fleet;
    const input: TransferInput = {
      connectionId: HTX_ID,
      asset: "USDT",
      amount: "0.30000001",
      from: { type: "SPOT" },
      to: { type: "USDM_FUTURES" },
      idempotencyKey: "fleet-same-key",
    };
    const before = sims.htx.spotBalance("usdt").trade;
    const results = await Promise.all(Array.from({ length: 60 }, (_, n) => mutateTransfer(members[n % 3]!.url, input)));
    expect(sims.htx.calls.filter((c) => c.path === HTX_TRANSFER && c.method === "POST")).toHaveLength(1);
    for (const result of results) {
      if (result.errors) expect(codeOf(result)).toBe("TRANSFER_IN_PROGRESS");
      else expect(result.data!.transfer.transfer.status).toBe("CONFIRMED");
    }
    expect(sims.htx.spotBalance("usdt").trade).toBe(minus(before, "0.30000001"));
  }, 120_000);

  it("a 429 with Retry-After seen by one instance: no instance calls Binance inside the window", async () => {
    fleet = await startFleet({ redisUrl: redis.url, journal: await pg.createDatabase(), cacheTtlMs: 0 });
    const { sims, members } = fleet;
    // Learn the clocks first, so the refused call is the only one in flight.
    await Promise.all(members.map((m) => postBody(m.url, MONEY_TOKEN, DASHBOARD_BODY)));
    sims.binance.forceRateLimit(2);
    const spot = members[0]!.coffer.connectors.find((c) => c.connectionId === BINANCE_ID)!;
    const first = spot.loadBalances([{ connectionId: BINANCE_ID, exchange: spot.exchange, type: AccountType.SPOT, symbol: null, subAccountEmail: null }]);
    await until("the 429 was answered", () => sims.binance.refusals.length === 1);
    const refusedAt = sims.binance.refusals[0]!.at;
    // Give instance 0 a moment to learn the 429 and tell the fleet, then ask the others.
    await new Promise((r) => setTimeout(r, 100));
    const others = await Promise.all(members.slice(1).map((m) => postBody(m.url, MONEY_TOKEN, DASHBOARD_BODY)));
    await first.catch(() => undefined);
    for (const answer of others) expect(answer.status).toBe(200);
    const inside = sims.binance.calls.filter((c) => c.at > refusedAt && c.at < refusedAt + 2000);
    expect(inside.map((c) => `${c.method} ${c.path}`)).toEqual([]);
    expect(sims.binance.calls.filter((c) => c.at >= refusedAt + 2000).length).toBeGreaterThan(0);
    expect(sims.binance.refusals).toHaveLength(1);
  }, 120_000);

  it("a circuit opened by one instance's failures fails fast on every instance; a probe that succeeds closes it everywhere", async () => {
    fleet = await startFleet({ redisUrl: redis.url, journal: await pg.createDatabase(), cacheTtlMs: 0, cofferOptions: { circuitBreaker: { failureThreshold: 3, openMs: 1500 } } });
    const { sims, members } = fleet;
    await Promise.all(members.map((m) => postBody(m.url, MONEY_TOKEN, DASHBOARD_BODY)));
    const spotOf = (i: number) => {
      const connector = members[i]!.coffer.connectors.find((c) => c.connectionId === BINANCE_ID)!;
      return () => connector.loadBalances([{ connectionId: BINANCE_ID, exchange: connector.exchange, type: AccountType.SPOT, symbol: null, subAccountEmail: null }]);
    };
    sims.binance.faults.fail5xx = 1000;
    await until("instance 0's circuit is open", async () => {
      await spotOf(0)();
      return members[0]!.coffer.upstream.get(BINANCE_ID)!.breaker.state === "open";
    });
    for (const m of members.slice(1)) await until("the others follow", async () => (await healthOf(m.url)).connections.find((c) => c.id === BINANCE_ID)?.circuit === "open");
    const calls = sims.binance.calls.length;
    const answers = await Promise.all(members.slice(1).map((m) => postBody(m.url, MONEY_TOKEN, DASHBOARD_BODY)));
    for (const answer of answers) expect(answer.status).toBe(200);
    // Nobody hammered the failing exchange while the circuit was open.
    expect(sims.binance.calls.length).toBe(calls);
    sims.binance.faults.fail5xx = 0;
    await until("a probe from instance 0 closed it", async () => {
      await spotOf(0)();
      return members[0]!.coffer.upstream.get(BINANCE_ID)!.breaker.state === "closed";
    });
    for (const m of members.slice(1)) await until("closed everywhere", async () => (await healthOf(m.url)).connections.find((c) => c.id === BINANCE_ID)?.circuit === "closed");
  }, 120_000);

  it("Redis killed mid-run: no 5xx, no refusal from the simulators, every transfer exact, /healthz degraded; Redis back: shared again", async () => {
    const subs = binanceDemoState().subAccounts.length;
    fleet = await startFleet({
      redisUrl: redis.url,
      journal: await pg.createDatabase(),
      cacheTtlMs: 300,
      ...scaled({ api: 400, sapiIp: 300, sapiUid: 60 * Math.max(1, subs) * 12, fapi: 200, dapi: 200, eapi: 60, papi: 400 }),
    });
    const { sims, members } = fleet;
    const statuses: number[] = [];
    const codes: unknown[] = [];
    let stop = false;
    const load = (async () => {
      for (let round = 0; !stop; round++) {
        const answers = await Promise.all(members.map((m) => postBody(m.url, MONEY_TOKEN, DASHBOARD_BODY)));
        for (const a of answers) {
          statuses.push(a.status);
          for (const e of a.body.errors ?? []) codes.push(e.extensions?.code);
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    const htxBefore = sims.htx.spotBalance("usdt").trade;
    const transfers: Array<Promise<Awaited<ReturnType<typeof mutateTransfer>>>> = [];
    const amounts: string[] = [];
    const sendOne = (n: number) => {
      const amount = `0.4${n}000001`;
      amounts.push(amount);
      transfers.push(
        mutateTransfer(members[n % 3]!.url, {
          connectionId: HTX_ID,
          asset: "USDT",
          amount,
          from: { type: "SPOT" },
          to: { type: "USDM_FUTURES" },
          idempotencyKey: `fleet-redis-down-${n}`,
        }),
      );
    };
    sendOne(0);
    sendOne(1);
    await new Promise((r) => setTimeout(r, 1000));
    await redis.kill();
    for (const m of members) await until("degraded in /healthz", async () => (await healthOf(m.url)).redis?.mode === "degraded");
    expect(await healthOf(members[0]!.url)).toMatchObject({ status: "degraded", redis: { mode: "degraded", fleetSize: 3 } });
    sendOne(2);
    sendOne(3);
    sendOne(4);
    await new Promise((r) => setTimeout(r, 3000));
    await redis.restart();
    for (const m of members) await until("shared again in /healthz", async () => (await healthOf(m.url)).redis?.mode === "shared");
    sendOne(5);
    await new Promise((r) => setTimeout(r, 1000));
    stop = true;
    await load;
    const results = await Promise.all(transfers);
    expect(statuses.length).toBeGreaterThanOrEqual(15);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(codes).toEqual([]);
    expect(sims.binance.refusals).toEqual([]);
    expect(members.map((m) => m.htxRefusalLines)).toEqual([[], [], []]);
    for (const r of results) expect({ code: codeOf(r), status: r.data?.transfer.transfer.status }).toEqual({ code: undefined, status: "CONFIRMED" });
    expect(sims.htx.spotBalance("usdt").trade).toBe(
      minus(
        htxBefore,
        amounts.reduce((sum, a) => plus(sum, a), "0"),
      ),
    );
    expect(members.some((m) => m.logLines.some((l) => l.includes("redis unreachable")))).toBe(true);
  }, 180_000);
});

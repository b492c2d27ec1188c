import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";
import { startSandbox } from "../../src/server/sandbox.js";
import { createCoffer } from "../../src/server/createCoffer.js";
import { AccountType } from "../../src/domain/enums.js";
import { createLogger } from "../../src/observability/logger.js";
import { DASHBOARD_BODY } from "./dashboardBodies.js";

/** Live updates: event-to-subscriber latency and the REST calls a live dashboard costs against polling. */
export interface LiveLatencyRow {
  readonly subscribers: number;
  readonly events: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

export interface LiveResults {
  readonly latency: LiveLatencyRow[];
  /** Upstream REST calls per minute: a dashboard kept live by subscription vs queried every 2 s. */
  readonly restPerMinute: { readonly live: number; readonly polling2s: number; readonly windowS: number };
}

const SPOT_QUERY = `subscription { accountUpdates(filter: { exchanges: [BINANCE], types: [SPOT] }) { reason account { balances(assets: ["USDT"]) { total } } } }`;
const DASHBOARD_SUBSCRIPTION = `subscription { accountUpdates(filter: { includeSubAccounts: true }) { reason account { id balances { asset total } } } }`;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function until(check: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("live bench: timed out");
    await new Promise((r) => setTimeout(r, 2));
  }
}

async function startLiveCoffer(ttlMs: number) {
  const dir = mkdtempSync(join(tmpdir(), "coffer-bench-live-"));
  const sandbox = await startSandbox({ port: 0, journal: `sqlite:${join(dir, "journal.sqlite")}`, cacheTtlMs: ttlMs });
  const coffer = await createCoffer(sandbox.config, {
    logger: createLogger({ level: "silent" }),
    processMetrics: false,
    liveLimits: { subscriptionsPerToken: 5000, subscriptionsPerSocket: 20 },
    tokenRateLimit: { perSecond: 100_000, burst: 100_000 },
  } as Parameters<typeof createCoffer>[1]);
  return {
    sandbox,
    coffer,
    wsUrl: `${coffer.url.replace(/^http/, "ws")}/graphql`,
    upstreamCalls: () => sandbox.binance.calls.length + sandbox.htx.calls.length,
    async close() {
      await coffer.close();
      await sandbox.close();
    },
  };
}

/** p50/p99 from a balance change at the simulator to each subscriber holding it, N subscribers (10 per socket). */
async function latencyAt(subscribers: number, events: number): Promise<LiveLatencyRow> {
  const env = await startLiveCoffer(60_000);
  const clients: Client[] = [];
  const latest: string[] = new Array(subscribers).fill("");
  const received: number[] = new Array(subscribers).fill(0);
  try {
    for (let s = 0; s * 10 < subscribers; s++) {
      const client = createClient({ url: env.wsUrl, webSocketImpl: WebSocket, retryAttempts: 0, connectionParams: { authorization: `Bearer ${env.sandbox.demoToken}` } });
      clients.push(client);
      for (let i = s * 10; i < Math.min(subscribers, s * 10 + 10); i++) {
        client.subscribe<{ accountUpdates: { account: { balances: Array<{ total: string }> } } }>(
          { query: SPOT_QUERY },
          {
            next: (value) => {
              latest[i] = value.data?.accountUpdates.account.balances[0]?.total ?? "";
              received[i] = performance.now();
            },
            error: () => undefined,
            complete: () => undefined,
          },
        );
      }
    }
    await until(() => latest.every((t) => t !== ""), 120_000);
    await until(() => env.sandbox.binance.streamSubscriptions.spot === 1, 30_000);
    const samples: number[] = [];
    for (let e = 0; e < events; e++) {
      const t0 = performance.now();
      env.sandbox.binance.adjustBalance({ type: AccountType.SPOT }, "USDT", "0.01");
      const expected = env.sandbox.binance.balance({ type: AccountType.SPOT }, "USDT");
      await until(() => latest.every((t) => t === expected), 60_000);
      for (const at of received) samples.push(at - t0);
    }
    return { subscribers, events, p50Ms: Number(percentile(samples, 50).toFixed(2)), p99Ms: Number(percentile(samples, 99).toFixed(2)) };
  } finally {
    await Promise.all(clients.map(async (c) => c.dispose()));
    await env.close();
  }
}

/** Upstream REST calls in `windowS` seconds: one live dashboard subscription vs the dashboard query every 2 s (cache TTL 2 s both). */
async function restPerMinute(windowS: number): Promise<LiveResults["restPerMinute"]> {
  const live = await startLiveCoffer(2_000);
  let liveCalls: number;
  try {
    const client = createClient({ url: live.wsUrl, webSocketImpl: WebSocket, retryAttempts: 0, connectionParams: { authorization: `Bearer ${live.sandbox.demoToken}` } });
    let snapshots = 0;
    client.subscribe({ query: DASHBOARD_SUBSCRIPTION }, { next: () => void snapshots++, error: () => undefined, complete: () => undefined });
    await until(() => snapshots > 0, 30_000);
    await new Promise((r) => setTimeout(r, 3_000));
    const start = live.upstreamCalls();
    await new Promise((r) => setTimeout(r, windowS * 1000));
    liveCalls = live.upstreamCalls() - start;
    await client.dispose();
  } finally {
    await live.close();
  }
  const polling = await startLiveCoffer(2_000);
  let pollCalls: number;
  try {
    const post = () =>
      fetch(`${polling.coffer.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${polling.sandbox.demoToken}` },
        body: DASHBOARD_BODY,
      }).then((r) => r.text());
    await post();
    const start = polling.upstreamCalls();
    const end = Date.now() + windowS * 1000;
    while (Date.now() < end) {
      await post();
      await new Promise((r) => setTimeout(r, 2_000));
    }
    pollCalls = polling.upstreamCalls() - start;
  } finally {
    await polling.close();
  }
  const scale = 60 / windowS;
  return { live: Math.round(liveCalls * scale), polling2s: Math.round(pollCalls * scale), windowS };
}

export async function measureLive(subscriberCounts: readonly number[] = [1, 100, 1000], events = 20, windowS = 30): Promise<LiveResults> {
  const latency: LiveLatencyRow[] = [];
  for (const n of subscriberCounts) latency.push(await latencyAt(n, events));
  return { latency, restPerMinute: await restPerMinute(windowS) };
}

/** The section's markdown (appended to the report). */
export function renderLiveSection(results: LiveResults): string {
  const rows = results.latency.map((r) => `| ${r.subscribers} | ${r.events} | ${r.p50Ms} | ${r.p99Ms} |`).join("\n");
  return `
## 9. Live updates

Event-to-subscriber latency: from a balance change at the Binance simulator (pushed on its
spot stream) to each subscriber's graphql-ws client holding the new balance (10 subscriptions
per socket, all in this process).

| subscribers | events | p50 ms | p99 ms |
|---|---|---|---|
${rows}

Upstream REST calls per minute for a dashboard of every wallet (cache TTL 2 s, measured over
${results.restPerMinute.windowS} s, no balance changing): kept live by one subscription
**${results.restPerMinute.live}**, queried every 2 s **${results.restPerMinute.polling2s}**.
`;
}

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createCoffer, type Coffer } from "../../src/server/createCoffer.js";
import { Exchange } from "../../src/domain/enums.js";
import { createLogger } from "../../src/observability/logger.js";
import { encodeCursor } from "../../src/transfers/cursor.js";
import { bulkInsert, bulkRows } from "../support/bulkJournal.js";
import { BINANCE_ID, HTX_ID, MONEY_TOKEN, moneyConfig, startMoneySimulators, type MoneySimulators } from "../support/moneyCoffer.js";
import { startTestPostgres } from "../support/postgresServer.js";
import { median, quantile } from "./load.js";

/**
 * Issue #11, "the journal does not scale": `transfers(first: 50)` over a journal of 100,000
 * rows, on SQLite and on PostgreSQL, through Coffer's HTTP API against the simulators (fixed
 * latency per upstream call). Measures page latency one at a time (p50/p99 over ~50 pages
 * walking the history), eight pages at once while /healthz is polled (page p99, /healthz
 * p50/p99/max), upstream calls per page, and the process's RSS before and after. Coffer,
 * simulators and client share one process, so RSS and CPU include all three.
 */
export interface HistoryStoreResult {
  readonly store: "sqlite" | "postgres";
  readonly rows: number;
  readonly insertMs: number;
  readonly sequential: { readonly pages: number; readonly p50Ms: number; readonly p99Ms: number; readonly maxMs: number; readonly upstreamCallsPerPage: number };
  readonly concurrent: {
    readonly rounds: number;
    readonly inFlight: number;
    readonly pageP50Ms: number;
    readonly pageP99Ms: number;
    readonly healthPolls: number;
    readonly healthP50Ms: number;
    readonly healthP99Ms: number;
    readonly healthMaxMs: number;
    readonly healthNotOk: number;
    readonly circuitsClosed: boolean;
  };
  readonly rssMiB: { readonly before: number; readonly afterSequential: number; readonly afterConcurrent: number };
  readonly errors: number;
}

export interface HistoryResult {
  readonly latencyMs: number;
  readonly stores: HistoryStoreResult[];
  /** Why a store was not measured (e.g. no PostgreSQL server binaries). */
  readonly skipped: string[];
}

const ROWS = 100_000;
const PAGES = 50;
const IN_FLIGHT = 8;
const ROUNDS = 5;
const rss = () => Math.round(process.memoryUsage().rss / 2 ** 20);

interface PageAnswer {
  ms: number;
  errors: number;
  endCursor: string | null;
  ids: string[];
}

async function measureStore(store: "sqlite" | "postgres", journal: string, sims: MoneySimulators, latencyMs: number): Promise<HistoryStoreResult> {
  const rows = bulkRows({
    count: ROWS,
    connections: [
      { id: BINANCE_ID, exchange: Exchange.BINANCE },
      { id: HTX_ID, exchange: Exchange.HTX },
    ],
    newest: Date.now() - 60_000,
    stepMs: 30_000,
    tie: 2,
  });
  const insertStarted = performance.now();
  await bulkInsert(journal, rows);
  const insertMs = performance.now() - insertStarted;
  const coffer: Coffer = await createCoffer(moneyConfig(sims, { journal }), {
    logger: createLogger({ level: "silent" }),
    tokenRateLimit: { perSecond: 1_000_000, burst: 1_000_000 },
    processMetrics: false,
  });
  const headers = { "content-type": "application/json", authorization: `Bearer ${MONEY_TOKEN}` };
  const upstream = () => sims.binance.calls.length + sims.htx.calls.length;
  const query =
    "query P($after: String) { transfers(first: 50, after: $after) { edges { cursor node { id source status amount createdAt } } pageInfo { hasNextPage endCursor } } }";
  async function page(after: string | null): Promise<PageAnswer> {
    const started = performance.now();
    const response = await fetch(`${coffer.url}/graphql`, { method: "POST", headers, body: JSON.stringify({ query, variables: { after } }) });
    const body = (await response.json()) as { data?: { transfers: { edges: Array<{ node: { id: string } }>; pageInfo: { endCursor: string | null } } }; errors?: unknown[] };
    return {
      ms: performance.now() - started,
      errors: (body.errors?.length ?? 0) + (response.status === 200 ? 0 : 1),
      endCursor: body.data?.transfers.pageInfo.endCursor ?? null,
      ids: body.data?.transfers.edges.map((e) => e.node.id) ?? [],
    };
  }
  try {
    sims.binance.faults.latencyMs = latencyMs;
    sims.htx.faults.latencyMs = latencyMs;
    await page(null); // warm-up: clocks, account ids, JIT
    const before = rss();
    let errors = 0;

    // One at a time, walking down the history.
    const sequential: number[] = [];
    let after: string | null = null;
    const callsBefore = upstream();
    for (let i = 0; i < PAGES; i++) {
      const answer = await page(after);
      sequential.push(answer.ms);
      errors += answer.errors;
      after = answer.endCursor;
    }
    const upstreamCallsPerPage = (upstream() - callsBefore) / PAGES;
    const afterSequential = rss();

    // Eight at once, from eight depths, while /healthz is polled.
    const ordered = [...rows].sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1));
    const depths = Array.from({ length: IN_FLIGHT }, (_, i) => Math.floor((i * ROWS) / IN_FLIGHT));
    const concurrentPages: number[] = [];
    const health: number[] = [];
    let healthNotOk = 0;
    let polling = true;
    const poller = (async () => {
      while (polling) {
        const started = performance.now();
        const response = await fetch(`${coffer.url}/healthz`);
        const body = (await response.json()) as { status: string };
        health.push(performance.now() - started);
        if (response.status !== 200 || body.status !== "ok") healthNotOk++;
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    for (let round = 0; round < ROUNDS; round++) {
      const answers = await Promise.all(
        depths.map((d) => {
          const at = Math.min(ROWS - 60, d + round * 100);
          return page(at === 0 ? null : encodeCursor({ createdAtMs: ordered[at - 1]!.createdAt, id: ordered[at - 1]!.id }));
        }),
      );
      for (const a of answers) {
        concurrentPages.push(a.ms);
        errors += a.errors;
      }
    }
    polling = false;
    await poller;
    const circuitsClosed = [...coffer.upstream.values()].every((guard) => guard.breaker.state === "closed");
    return {
      store,
      rows: ROWS,
      insertMs,
      sequential: { pages: PAGES, p50Ms: median(sequential), p99Ms: quantile(sequential, 0.99), maxMs: Math.max(...sequential), upstreamCallsPerPage },
      concurrent: {
        rounds: ROUNDS,
        inFlight: IN_FLIGHT,
        pageP50Ms: median(concurrentPages),
        pageP99Ms: quantile(concurrentPages, 0.99),
        healthPolls: health.length,
        healthP50Ms: median(health),
        healthP99Ms: quantile(health, 0.99),
        healthMaxMs: Math.max(...health),
        healthNotOk,
        circuitsClosed,
      },
      rssMiB: { before, afterSequential, afterConcurrent: rss() },
      errors,
    };
  } finally {
    sims.binance.faults.latencyMs = 0;
    sims.htx.faults.latencyMs = 0;
    await coffer.close();
  }
}

/** Section 7: the merged history at 100,000 journal rows, SQLite and PostgreSQL. */
export async function measureHistoryAtScale(latencyMs: number): Promise<HistoryResult> {
  const stores: HistoryStoreResult[] = [];
  const skipped: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), "coffer-bench-history-"));
  const sims = await startMoneySimulators();
  try {
    stores.push(await measureStore("sqlite", `sqlite:${join(dir, "journal.sqlite")}`, sims, latencyMs));
    let postgres: Awaited<ReturnType<typeof startTestPostgres>> | null = null;
    try {
      postgres = await startTestPostgres();
    } catch (error) {
      skipped.push(`postgres: ${(error as Error).message.split("\n")[0]}`);
    }
    if (postgres) {
      try {
        stores.push(await measureStore("postgres", await postgres.createDatabase(), sims, latencyMs));
      } finally {
        await postgres.stop();
      }
    }
  } finally {
    await sims.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return { latencyMs, stores, skipped };
}

const ms = (x: number) => `${x.toFixed(0)} ms`;

/** The section's part of the report. */
export function renderHistorySection(r: HistoryResult): string {
  const out: string[] = [];
  out.push(`## 8. The merged history at 100,000 journal rows (issue #11)`, ``);
  out.push(
    `\`transfers(first: 50)\` through the HTTP API; journal of ${ROWS.toLocaleString("en")} settled rows on two connections (bulk-inserted), the simulators' own history merged in, ${r.latencyMs} ms latency per upstream call. Keyset pages in the database (\`listPage\`), each exchange read only as deep as the page needs. Before (issue #11, same journal): 2.7–4.4 s a page, RSS 240 → 640 MB; 8 at once 25–31 s each, RSS 1.9 GB, /healthz stopped answering, both circuits opened. RSS below is the whole process (Coffer, simulators, client).`,
    ``,
  );
  out.push(
    `| store | insert | ${PAGES} pages one at a time: p50 / p99 / max | upstream calls a page | ${IN_FLIGHT} at once × ${ROUNDS}: page p50 / p99 | /healthz meanwhile: p50 / p99 / max (polls, not ok) | circuits closed | RSS before → after pages → after concurrent | errors |`,
    `|---|---|---|---|---|---|---|---|---|`,
  );
  for (const s of r.stores) {
    out.push(
      `| ${s.store} | ${ms(s.insertMs)} | ${ms(s.sequential.p50Ms)} / ${ms(s.sequential.p99Ms)} / ${ms(s.sequential.maxMs)} | ${s.sequential.upstreamCallsPerPage.toFixed(1)} | ${ms(s.concurrent.pageP50Ms)} / ${ms(s.concurrent.pageP99Ms)} | ${ms(s.concurrent.healthP50Ms)} / ${ms(s.concurrent.healthP99Ms)} / ${ms(s.concurrent.healthMaxMs)} (${s.concurrent.healthPolls}, ${s.concurrent.healthNotOk}) | ${s.concurrent.circuitsClosed ? "yes" : "**no**"} | ${s.rssMiB.before} → ${s.rssMiB.afterSequential} → ${s.rssMiB.afterConcurrent} MiB | ${s.errors} |`,
    );
  }
  for (const s of r.skipped) out.push(``, `Not measured: ${s}.`);
  out.push(``);
  return out.join("\n");
}

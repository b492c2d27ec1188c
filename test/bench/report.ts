import type { Machine } from "./machine.js";
import type { CcxtResult } from "./sectionCcxt.js";
import type { measureCallsAndChain, measureConcurrency, measureOverhead, ValuedResult } from "./sectionsCoffer.js";
import { renderHistorySection, type HistoryResult } from "./sectionHistory.js";
import { fleetSummaryRows, type FleetSection } from "./sectionFleet.js";
import type { BurstResult } from "./sectionRateBudget.js";
import type { SeparateProcessesResult } from "./sectionSeparateProcesses.js";

export interface BenchResults {
  readonly machine: Machine;
  readonly latencyMs: number;
  readonly totalS: number;
  readonly callsAndChain: Awaited<ReturnType<typeof measureCallsAndChain>>;
  readonly separate: SeparateProcessesResult;
  readonly concurrency: Awaited<ReturnType<typeof measureConcurrency>>;
  readonly overhead: Awaited<ReturnType<typeof measureOverhead>>;
  readonly rate: ReadonlyArray<BurstResult & { firstError: string | null }>;
  readonly ccxt: CcxtResult;
  readonly valued: ValuedResult;
  readonly history: HistoryResult;
  /** Section 10, three instances through Redis (rendered by renderFleet). */
  readonly fleet?: FleetSection;
}

const ms = (x: number) => `${x.toFixed(0)} ms`;
const r2 = (x: number) => x.toFixed(2);
const yes = (ok: boolean) => (ok ? "met" : "**missed**");

/** The table `npm run bench` prints and writes to test/bench/results/latest.md. */
export function renderReport(r: BenchResults): string {
  const { calls, chain } = r.callsAndChain;
  const L = r.latencyMs;
  const out: string[] = [];
  out.push(`# Coffer benchmark (issue #8)`, ``);
  out.push(
    `Machine: ${r.machine.cpuModel}, ${r.machine.cores} cores, ${r.machine.memoryGiB} GiB, Node ${r.machine.node}, ${r.machine.platform}; run ${r.machine.when}, ${r.totalS.toFixed(0)} s in all.`,
    `Simulators (demo state: Binance 9 wallet types + 2 sub-accounts, HTX spot + cross + isolated contracts) in the same process, fixed latency ${L} ms per upstream call.`,
    ``,
  );
  out.push(`## Summary`, ``, `| # | Measure | Coffer | Reference | Ratio | Target | |`, `|---|---|---|---|---|---|---|`);
  out.push(
    `| 1 | Upstream calls, dashboard, warm process (snapshots dropped) | ${calls.warm.calls} | minimum ${calls.warm.minimum} | ${r2(calls.warm.calls / calls.warm.minimum)} | equal | ${yes(calls.warm.calls === calls.warm.minimum && calls.warm.differences.length === 0)} |`,
  );
  out.push(
    `| 1 | Upstream calls, dashboard, first query of the process (+ clocks, HTX account id) | ${calls.cold.calls} | minimum ${calls.cold.minimum} | ${r2(calls.cold.calls / calls.cold.minimum)} | equal | ${yes(calls.cold.calls === calls.cold.minimum && calls.cold.differences.length === 0)} |`,
  );
  out.push(
    `| 2 | Wall time, warm dashboard (median of ${chain.warm.runs}) | ${ms(chain.warm.wallMs)} | chain 2 × ${L} = ${ms(chain.warm.chainMs)} | ${r2(chain.warm.wallMs / chain.warm.chainMs)}× | ≤ 1.1× | ${yes(chain.warm.wallMs <= 1.1 * chain.warm.chainMs)} |`,
  );
  out.push(
    `| 2 | Wall time, first (cold) dashboard | ${ms(chain.cold.wallMs)} | chain 3 × ${L} = ${ms(chain.cold.chainMs)} | ${r2(chain.cold.wallMs / chain.cold.chainMs)}× | (reported) | |`,
  );
  for (const s of chain.sweep) {
    out.push(
      `| 2 | … same warm dashboard at ${s.latencyMs} ms latency | ${ms(s.wallMs)} | chain ${ms(s.chainMs)} | ${s.chainMs > 0 ? `${r2(s.wallMs / s.chainMs)}×` : "—"} | (decomposition) | |`,
    );
  }
  const sp = r.separate;
  out.push(
    `| 2b | Wall time, warm dashboard, Coffer and simulators in separate processes, ${sp.latencyMs} ms latency (median of ${sp.runs}) | ${ms(sp.medianMs)} | chain 2 × ${sp.latencyMs} = ${ms(sp.chainMs)} | ${r2(sp.medianMs / sp.chainMs)}× | ≤ 1.2× | ${yes(sp.errors === 0 && sp.medianMs <= 1.2 * sp.chainMs)} |`,
  );
  const rows = r.concurrency.rows;
  const flat = rows.every((x) => x.upstreamCalls === rows[0].upstreamCalls);
  out.push(
    `| 3 | Upstream calls for N = ${rows.map((x) => x.n).join(" / ")} identical dashboards at once | ${rows.map((x) => x.upstreamCalls).join(" / ")} | minimum ${r.concurrency.minimum} | ${r2(rows[rows.length - 1].upstreamCalls / rows[0].upstreamCalls)} (N=${rows[rows.length - 1].n} vs 1) | flat in N | ${yes(flat)} |`,
  );
  const o = (server: string, c: number) => r.overhead.rows.find((x) => x.server === server && x.concurrency === c)!;
  for (const c of [...new Set(r.overhead.rows.map((x) => x.concurrency))]) {
    out.push(
      `| 4 | Cached dashboards/s, ${c} in flight | ${o("coffer", c).perSecond.toFixed(0)}/s | bare Apollo ${o("bare", c).perSecond.toFixed(0)}/s | ${r2(o("coffer", c).perSecond / o("bare", c).perSecond)} | (report ratio) | |`,
    );
  }
  for (const b of r.rate) {
    out.push(
      `| 5 | ${b.exchange} ${b.label}: ${b.transfers} transfers, ${b.budget} | ${b.succeeded} ok, ${b.refusals} refused, span ${ms(b.spanMs)} | ideal span ${ms(b.idealSpanMs)} | ${r2(b.fraction)} of allowed rate | ≥ 0.95, 0 refusals | ${yes(b.fraction >= 0.95 && b.refusals === 0 && b.failed === 0)} |`,
    );
  }
  const cr = (markets: string, mode: string) => r.ccxt.runs.find((x) => x.markets === markets && x.mode === mode)!;
  const preset = [cr("preset", "sequential"), cr("preset", "Promise.all")];
  const cofferWarm = chain.warm.wallMs;
  for (const run of preset) {
    out.push(
      `| 6 | CCXT ${run.mode}, markets preset: ${run.ok.length} of ${run.ok.length + run.failed.length} fetchBalance ok | ${run.upstreamCalls} calls, ${ms(run.wallMs)} | Coffer warm: ${calls.warm.calls} calls, ${ms(cofferWarm)} | ${r2(run.wallMs / cofferWarm)}× Coffer's time | (peer) | |`,
    );
  }
  const documented = cr("loadMarkets", "sequential");
  out.push(
    `| 6 | CCXT as documented (loadMarkets first) | ${documented.ok.length} ok, ${documented.failed.length} failed after ${documented.upstreamCalls} calls | | | (peer) | see below |`,
  );
  out.push(`| 6 | CCXT amounts exact? | ${r.ccxt.exactness.inexact.length} of ${r.ccxt.exactness.compared} amounts differ | Coffer: exact (decimal strings) | | | |`);
  const v = r.valued;
  out.push(
    `| 7 | Upstream calls, dashboard with values, warm | ${v.warm.calls} | minimum ${v.warm.minimum} (dashboard + 1 ticker call per exchange) | ${r2(v.warm.calls / v.warm.minimum)} | equal | ${yes(v.warm.calls === v.warm.minimum && v.warm.differences.length === 0)} |`,
  );
  out.push(
    `| 7 | Upstream calls, dashboard with values, first query | ${v.cold.calls} | minimum ${v.cold.minimum} | ${r2(v.cold.calls / v.cold.minimum)} | equal | ${yes(v.cold.calls === v.cold.minimum && v.cold.differences.length === 0)} |`,
  );
  out.push(
    `| 7 | Wall time, dashboard with values, warm (median of ${v.wall.runs}) | ${ms(v.wall.valuedMs)} | chain 2 × ${v.latencyMs} = ${ms(v.wall.chainMs)}; same run without values ${ms(v.wall.plainMs)} | ${r2(v.wall.valuedMs / v.wall.chainMs)}× chain, ${r2(v.wall.valuedMs / v.wall.plainMs)}× without values | (reported) | |`,
  );
  if (r.fleet) out.push(...fleetSummaryRows(r.fleet));
  out.push(``);

  out.push(`## 1. Upstream calls vs the minimum`, ``);
  out.push(`Minimum derived from the simulators' state by \`test/bench/dashboardMinimum.ts\` (the same derivation the read-side integration test asserts).`);
  out.push(
    `Warm differences: ${calls.warm.differences.length ? calls.warm.differences.join("; ") : "none"}. Cold differences: ${calls.cold.differences.length ? calls.cold.differences.join("; ") : "none"}. GraphQL errors: ${calls.warm.errors + calls.cold.errors}.`,
    ``,
  );

  out.push(`## 2. Wall time vs the longest chain of dependent calls`, ``);
  out.push(
    `Warm: clock offsets and HTX's account id known, snapshots dropped before each run; chain = discovery (isolated pairs, sub-account list; HTX account type) then the wallets found = 2 calls. Warm runs: median ${ms(chain.warm.wallMs)}, min ${ms(chain.warm.minMs)}, max ${ms(chain.warm.maxMs)}. Cold (first query of the process): + the server-time call in front = 3.`,
    ``,
  );

  out.push(`## 2b. The same, with Coffer and the simulators in separate processes`, ``);
  out.push(
    `\`node dist/src/main.js\` with a config pointing at \`npm run simulators\` (its own process), ${sp.latencyMs} ms per upstream call, snapshots expired before each run: ${sp.wallsMs.map((x) => x.toFixed(0)).join(", ")} ms (median ${ms(sp.medianMs)}, chain ${ms(sp.chainMs)}); GraphQL errors: ${sp.errors}. A serial fan-out of the ~18 calls would take over ${ms(18 * sp.latencyMs)}.`,
    ``,
  );

  out.push(`## 3. N concurrent identical dashboards (cache TTL ${r.concurrency.ttlMs / 1000} s, longer than any N's run; snapshots dropped before each N)`, ``);
  out.push(`| N | upstream calls | p50 | p99 | wall | throughput | all answers 200 and identical |`, `|---|---|---|---|---|---|---|`);
  for (const x of rows)
    out.push(
      `| ${x.n} | ${x.upstreamCalls} | ${ms(x.p50Ms)} | ${ms(x.p99Ms)} | ${ms(x.wallMs)} | ${x.throughputPerS.toFixed(0)}/s | ${x.allIdentical ? "yes" : `no ${JSON.stringify(x.statuses)}`} |`,
    );
  out.push(``);

  out.push(`## 4. Coffer's own overhead (everything cached) vs a bare Apollo Server`, ``);
  out.push(
    `Same express 5 integration, Coffer's schema SDL, root resolvers returning the recorded dashboard JSON from memory; identical answers: ${r.overhead.sameAnswer ? "yes" : "NO"} (${r.overhead.responseBytes} bytes); upstream calls during the run: ${r.overhead.upstreamCallsDuringRun}. Client: keep-alive node:http in a worker thread, the same for both, 3 s per row after 200 warm-up requests.`,
    ``,
  );
  out.push(`| server | in flight | requests | req/s | p50 | p99 |`, `|---|---|---|---|---|---|`);
  for (const x of r.overhead.rows)
    out.push(`| ${x.server === "coffer" ? "Coffer" : "bare Apollo"} | ${x.concurrency} | ${x.requests} | ${x.perSecond.toFixed(0)} | ${ms(x.p50Ms)} | ${ms(x.p99Ms)} |`);
  out.push(``);

  out.push(`## 5. Rate-budget use`, ``);
  out.push(
    `Achieved rate = ideal span / measured span (first to last arrival at the simulator), ideal span = floor((n − 1) / limit) × window. Transfers sent all at once through the connector.`,
    ``,
  );
  out.push(`| burst | budget | ok | failed | refusals (429/418/1032) | span | ideal | fraction |`, `|---|---|---|---|---|---|---|---|`);
  for (const b of r.rate)
    out.push(
      `| ${b.exchange} ${b.label} | ${b.budget} | ${b.succeeded} | ${b.failed}${b.firstError ? ` (${b.firstError.slice(0, 80)})` : ""} | ${b.refusals} | ${ms(b.spanMs)} | ${ms(b.idealSpanMs)} | ${r2(b.fraction)} |`,
    );
  out.push(``);

  out.push(`## 6. The peer: CCXT ${r.ccxt.version} (npm package 4.5.84)`, ``);
  out.push(
    `One \`fetchBalance({type})\` per account type: Binance spot, funding, margin (cross), margin (isolated), future, delivery, papi; HTX spot, swap (linear). Fresh exchange instances per row; urls pointed at the simulators.`,
    ``,
  );
  out.push(`| markets | mode | upstream calls | wall | ok | failed |`, `|---|---|---|---|---|---|`);
  for (const run of r.ccxt.runs)
    out.push(
      `| ${run.markets} | ${run.mode} | ${run.upstreamCalls} | ${ms(run.wallMs)} | ${run.ok.length} | ${run.failed.map((f) => `${f.fetch}: ${f.error.slice(0, 110)}`).join("<br>") || "—"} |`,
    );
  out.push(``);
  out.push(
    `Paths CCXT called that the simulators do not serve: ${
      Object.entries(r.ccxt.unserved)
        .map(([p, n]) => `\`${p}\` ×${n}`)
        .join(", ") || "none"
    }.`,
  );
  out.push(`Not covered by CCXT's fetchBalance (Coffer reads them): ${r.ccxt.notCovered.join("; ")}.`, ``);
  out.push(`Amounts (CCXT's \`total\` vs the simulators' exact free + locked), ${r.ccxt.exactness.compared} compared:`, ``);
  out.push(`| where | exact | CCXT | kind |`, `|---|---|---|---|`);
  for (const x of r.ccxt.exactness.inexact) out.push(`| ${x.where} | ${x.exact} | ${x.ccxt} | ${x.kind} |`);
  out.push(``);

  out.push(`## 7. Dashboard with values (schema/operations/ValuedDashboard.graphql, quote USDT)`, ``);
  out.push(
    `Every account, balance and portfolio line valued; prices from one public ticker call per exchange (Binance \`GET /api/v3/ticker/price\`, HTX \`GET /market/tickers\`), started with the query, so the longest chain stays discovery → wallets (2 calls). Warm differences: ${v.warm.differences.length ? v.warm.differences.join("; ") : "none"}. Cold differences: ${v.cold.differences.length ? v.cold.differences.join("; ") : "none"}. GraphQL errors: ${v.warm.errors + v.cold.errors}. Warm runs alternate the valued and the plain dashboard (snapshots dropped before each) so both see the same load.`,
    ``,
  );
  out.push(renderHistorySection(r.history));
  return out.join("\n");
}

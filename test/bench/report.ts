import type { Machine } from "./machine.js";
import { renderProfile } from "./renderProfile.js";
import type { CcxtResult } from "./sectionCcxt.js";
import type { CcxtWallResult } from "./sectionCcxtWall.js";
import type { ClientSwapResult } from "./sectionClientSwap.js";
import type { measureCallsAndChain, measureConcurrency, ValuedResult } from "./sectionsCoffer.js";
import { renderHistorySection, type HistoryResult } from "./sectionHistory.js";
import { fleetSummaryRows, type FleetSection } from "./sectionFleet.js";
import type { HttpClientResult } from "./sectionHttpClient.js";
import type { MemoryResult } from "./sectionMemory.js";
import type { OverheadResult } from "./sectionOverhead.js";
import type { ProfileResult } from "./sectionProfile.js";
import type { BurstResult } from "./sectionRateBudget.js";
import type { SeparateProcessesResult } from "./sectionSeparateProcesses.js";

export interface BenchResults {
  readonly machine: Machine;
  /** Load averages when the run ended. */
  readonly loadAverageAtEnd: number[];
  readonly latencyMs: number;
  readonly totalS: number;
  readonly callsAndChain: Awaited<ReturnType<typeof measureCallsAndChain>>;
  readonly separate: SeparateProcessesResult;
  readonly concurrency: Awaited<ReturnType<typeof measureConcurrency>>;
  readonly overhead: OverheadResult;
  readonly rate: ReadonlyArray<BurstResult & { firstError: string | null }>;
  readonly ccxt: CcxtResult;
  readonly ccxtWall: CcxtWallResult;
  /** Section 6a: the full dashboard with node-fetch and with undici's request, and CCXT, at 50 and 0 ms. */
  readonly clientSwap: ClientSwapResult;
  readonly valued: ValuedResult;
  readonly history: HistoryResult;
  readonly memory: MemoryResult;
  /** The profile split of this run ("after"); the "before" is test/bench/results/profile-before.json. */
  readonly profile: ProfileResult;
  readonly httpClients: HttpClientResult;
  /** Section 10, three instances through Redis (rendered by renderFleet). */
  readonly fleet?: FleetSection;
}

/** Targets of issue #16 the summary holds rows to. */
export const TARGETS = {
  /** Warm dashboard wall time over its longest chain. */
  warmOverChain: 1.1,
  /** First dashboard of the process over the warm median. */
  coldOverWarm: 1.2,
  /** Cached dashboards/s, Coffer over a bare Apollo Server. */
  cachedOverBare: 0.9,
  /** Heap (and RSS) after the last checkpoint over the first. */
  memoryGrowth: 1.1,
} as const;

const ms = (x: number) => `${x.toFixed(0)} ms`;
const ms1 = (x: number) => `${x.toFixed(1)} ms`;
const r2 = (x: number) => x.toFixed(2);
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const yes = (ok: boolean) => (ok ? "met" : "**missed**");

/** The table `npm run bench` prints and writes to test/bench/results/latest.md. */
export function renderReport(r: BenchResults, profileBefore: ProfileResult | null): string {
  const { calls, chain } = r.callsAndChain;
  const L = r.latencyMs;
  const sp = r.separate;
  const out: string[] = [];
  out.push(`# Coffer benchmark (issues #8, #16)`, ``);
  out.push(
    `Machine: ${r.machine.cpuModel}, ${r.machine.cores} cores, ${r.machine.memoryGiB} GiB, Node ${r.machine.node}, ${r.machine.platform}; run ${r.machine.when}, ${r.totalS.toFixed(0)} s in all; load average ${r.machine.loadAverage.join(" / ")} at the start, ${r.loadAverageAtEnd.join(" / ")} at the end (other work on the machine shows here).`,
    `Sections 2, 4, 6 (CCXT against Coffer), 6a, 11, 12 and 13: Coffer (\`node dist/src/main.js\`, NODE_ENV=production) and the simulators (\`npm run simulators\`) each in its own process. Sections 1, 2a, 3, 5, 6 (calls, amounts), 7: the simulators (demo state: Binance 9 wallet types + 2 sub-accounts, HTX spot + cross + isolated contracts) and Coffer in the bench's process, where every upstream call can be logged. Fixed latency ${L} ms per upstream call unless said.`,
    ``,
  );
  out.push(`## Summary`, ``, `| # | Measure | Coffer | Reference | Ratio | Target | |`, `|---|---|---|---|---|---|---|`);
  out.push(
    `| 1 | Upstream calls, dashboard, warm process (snapshots dropped) | ${calls.warm.calls} | minimum ${calls.warm.minimum} | ${r2(calls.warm.calls / calls.warm.minimum)} | equal | ${yes(calls.warm.calls === calls.warm.minimum && calls.warm.differences.length === 0)} |`,
  );
  out.push(
    `| 1 | Upstream calls, dashboard, first query of the process with its start-up (clocks, HTX account id, sub-account list, HTX mode) | ${calls.cold.calls} | minimum ${calls.cold.minimum} | ${r2(calls.cold.calls / calls.cold.minimum)} | equal | ${yes(calls.cold.calls === calls.cold.minimum && calls.cold.differences.length === 0)} |`,
  );
  out.push(
    `| 1 | … the same, separate Coffer process (its /metrics), per warm dashboard | ${r2(sp.warm.calls)} | minimum ${sp.warm.minimum} | ${r2(sp.warm.calls / sp.warm.minimum)} | equal | ${yes(sp.warm.differences.length === 0)} |`,
  );
  out.push(
    `| 1 | … the same, separate Coffer process, start-up (clocks, HTX account id, every wallet read once with prices) | ${sp.startUp.calls} | minimum ${sp.startUp.minimum} (first dashboard with values) | ${r2(sp.startUp.calls / sp.startUp.minimum)} | equal | ${yes(sp.startUp.differences.length === 0)} |`,
  );
  out.push(
    `| 1 | … the same, separate Coffer process, its first dashboard after start-up | ${sp.cold.calls} | minimum ${sp.cold.minimum} | ${r2(sp.cold.calls / sp.cold.minimum)} | equal | ${yes(sp.cold.differences.length === 0)} |`,
  );
  const warmRatio = sp.warm.medianMs / sp.chainMs;
  out.push(
    `| 2 | Wall time, warm dashboard, separate processes, production mode (median of ${sp.warm.runs}) | ${ms(sp.warm.medianMs)} | chain 2 × ${sp.latencyMs} = ${ms(sp.chainMs)} | ${r2(warmRatio)}× | ≤ ${TARGETS.warmOverChain}× | ${yes(sp.warm.errors === 0 && warmRatio <= TARGETS.warmOverChain)} |`,
  );
  out.push(
    `| 2 | … the same against one round trip (the chain's calls overlap while the last discovery holds) | ${ms(sp.warm.medianMs)} | 1 × ${sp.latencyMs} = ${ms(sp.latencyMs)} | ${r2(sp.warm.medianMs / sp.latencyMs)}× | (reported) | |`,
  );
  const coldRatio = sp.cold.ms / sp.warm.medianMs;
  out.push(
    `| 2 | Wall time, first (cold) dashboard of a process, after ${sp.startupWaitMs / 1000} s of start-up (median of ${sp.cold.wallsMs.length} fresh processes) | ${ms(sp.cold.ms)} | warm median ${ms(sp.warm.medianMs)} | ${r2(coldRatio)}× | ≤ ${TARGETS.coldOverWarm}× | ${yes(sp.cold.errors === 0 && coldRatio <= TARGETS.coldOverWarm)} |`,
  );
  out.push(
    `| 2 | CPU per warm dashboard (/proc, user + system) | Coffer ${ms1(sp.cpu.cofferMsPerDashboard)} | simulators ${ms1(sp.cpu.simulatorsMsPerDashboard)} | | (reported) | |`,
  );
  out.push(
    `| 2a | Wall time, warm dashboard, Coffer and simulators in the bench's process (median of ${chain.warm.runs}) | ${ms(chain.warm.wallMs)} | chain 2 × ${L} = ${ms(chain.warm.chainMs)} | ${r2(chain.warm.wallMs / chain.warm.chainMs)}× | (decomposition) | |`,
  );
  for (const s of chain.sweep) {
    out.push(
      `| 2a | … same at ${s.latencyMs} ms latency | ${ms(s.wallMs)} | chain ${ms(s.chainMs)} | ${s.chainMs > 0 ? `${r2(s.wallMs / s.chainMs)}×` : "—"} | (decomposition) | |`,
    );
  }
  const rows = r.concurrency.rows;
  const flat = rows.every((x) => x.upstreamCalls === rows[0].upstreamCalls);
  out.push(
    `| 3 | Upstream calls for N = ${rows.map((x) => x.n).join(" / ")} identical dashboards at once | ${rows.map((x) => x.upstreamCalls).join(" / ")} | minimum ${r.concurrency.minimum} | ${r2(rows[rows.length - 1].upstreamCalls / rows[0].upstreamCalls)} (N=${rows[rows.length - 1].n} vs 1) | flat in N | ${yes(flat)} |`,
  );
  const o = (server: string, c: number) => r.overhead.rows.find((x) => x.server === server && x.concurrency === c)!;
  for (const c of [...new Set(r.overhead.rows.map((x) => x.concurrency))]) {
    const ratio = o("coffer", c).perSecond / o("bare", c).perSecond;
    out.push(
      `| 4 | Cached dashboards/s, ${c} in flight, both in production mode in their own processes | ${o("coffer", c).perSecond.toFixed(0)}/s | bare Apollo ${o("bare", c).perSecond.toFixed(0)}/s | ${r2(ratio)} | ≥ ${TARGETS.cachedOverBare} | ${yes(r.overhead.sameAnswer && ratio >= TARGETS.cachedOverBare)} |`,
    );
    out.push(
      `| 4 | … server CPU per cached dashboard, ${c} in flight | ${ms1(o("coffer", c).cpuMsPerRequest)} | bare Apollo ${ms1(o("bare", c).cpuMsPerRequest)} | ${r2(o("bare", c).cpuMsPerRequest / o("coffer", c).cpuMsPerRequest)} (bare / Coffer) | (reported) | |`,
    );
  }
  for (const b of r.rate) {
    out.push(
      `| 5 | ${b.exchange} ${b.label}: ${b.transfers} transfers, ${b.budget} | ${b.succeeded} ok, ${b.refusals} refused, span ${ms(b.spanMs)} | ideal span ${ms(b.idealSpanMs)} | ${r2(b.fraction)} of allowed rate | ≥ 0.95, 0 refusals | ${yes(b.fraction >= 0.95 && b.refusals === 0 && b.failed === 0)} |`,
    );
  }
  const cw = r.ccxtWall;
  out.push(
    `| 6 | Full dashboard (Coffer, section 2) vs CCXT's \`Promise.all\` of ${cw.ok.length + cw.failed.length} fetchBalance (${cw.ok.length} ok), same simulators process, ${cw.latencyMs} ms (medians) | ${ms(sp.warm.medianMs)} | CCXT ${ms(cw.medianMs)} | ${r2(sp.warm.medianMs / cw.medianMs)}× CCXT's time | below CCXT | ${yes(sp.warm.medianMs < cw.medianMs)} |`,
  );
  out.push(
    `| 6 | The same wallets CCXT reads (Binance spot, funding, cross and isolated margin, USDⓈ-M, COIN-M, portfolio margin; HTX spot), balances only: Coffer (same process as section 2, snapshots expired before each, ${sp.ccxtWallets.errors} errors) vs CCXT's \`Promise.all\` (medians) | ${ms(sp.ccxtWallets.medianMs)} | CCXT ${ms(cw.medianMs)} | ${r2(sp.ccxtWallets.medianMs / cw.medianMs)}× CCXT's time | (like for like) | |`,
  );
  for (const row of r.clientSwap.rows) {
    out.push(
      `| 6a | Full dashboard at ${row.latencyMs} ms, node-fetch (as shipped) and undici's \`request\` in its place (bench-only preload), paired runs, vs CCXT's \`Promise.all\` at the same latency (medians of ${row.runs}) | node-fetch ${ms1(row.nodeFetch.medianMs)}, undici ${ms1(row.undici.medianMs)} | CCXT ${ms1(row.ccxtMedianMs)} | ${r2(row.nodeFetch.medianMs / row.ccxtMedianMs)}× / ${r2(row.undici.medianMs / row.ccxtMedianMs)}× CCXT's time | (would the client put it below CCXT?) | |`,
    );
  }
  const cr = (markets: string, mode: string) => r.ccxt.runs.find((x) => x.markets === markets && x.mode === mode)!;
  for (const run of [cr("preset", "sequential"), cr("preset", "Promise.all")]) {
    out.push(
      `| 6 | CCXT ${run.mode}, markets preset, fresh instances, in-process simulators: ${run.ok.length} of ${run.ok.length + run.failed.length} fetchBalance ok | ${run.upstreamCalls} calls, ${ms(run.wallMs)} | Coffer (2a): ${calls.warm.calls} calls, ${ms(chain.warm.wallMs)} | | (peer) | |`,
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
  const m = r.memory.points;
  const m0 = m[0]!;
  const mN = m[m.length - 1]!;
  out.push(
    `| 11 | Heap in use after a full GC, after ${mN.dashboards.toLocaleString("en")} cached dashboards | ${mib(mN.heapUsedBytes)} | after ${m0.dashboards.toLocaleString("en")}: ${mib(m0.heapUsedBytes)} | ${r2(mN.heapUsedBytes / m0.heapUsedBytes)} | ≤ ${TARGETS.memoryGrowth} (no growth) | ${yes(mN.heapUsedBytes <= TARGETS.memoryGrowth * m0.heapUsedBytes)} |`,
  );
  out.push(
    `| 11 | RSS after ${mN.dashboards.toLocaleString("en")} cached dashboards | ${mib(mN.rssBytes)} | after ${m0.dashboards.toLocaleString("en")}: ${mib(m0.rssBytes)} | ${r2(mN.rssBytes / m0.rssBytes)} | ≤ ${TARGETS.memoryGrowth} (no growth) | ${yes(mN.rssBytes <= TARGETS.memoryGrowth * m0.rssBytes)} |`,
  );
  const pa = r.profile;
  const pb = profileBefore;
  for (const key of ["uncached", "cached"] as const) {
    out.push(
      `| 12 | Coffer CPU per ${key} dashboard, profiled run (/proc) | ${ms1(pa[key].procCpuMsPerDashboard)} | before (${pb ? pb.commit : "not recorded"}): ${pb ? ms1(pb[key].procCpuMsPerDashboard) : "—"} | ${pb ? `${r2(pa[key].procCpuMsPerDashboard / pb[key].procCpuMsPerDashboard)}× before` : ""} | (reported; split in section 12) | |`,
    );
  }
  const h = r.httpClients.rows;
  const h0 = h[0]!;
  out.push(
    `| 13 | HTTP client CPU per call (${h0.calls.toLocaleString("en")} GETs, ${h0.inFlight} in flight) | ${h.map((x) => `${x.client.split(" (")[0]} ${x.cpuUsPerCall.toFixed(0)} µs`).join("; ")} | | ${h
      .slice(1)
      .map((x) => `${x.client.split(" (")[0]} ${r2(x.cpuUsPerCall / h0.cpuUsPerCall)}×`)
      .join(", ")} of ${h0.client.split(" (")[0]} | (reported) | |`,
  );
  out.push(``);

  out.push(`## 1. Upstream calls vs the minimum`, ``);
  out.push(
    `Minimum derived from the simulators' state by \`test/bench/dashboardMinimum.ts\` (the same derivation the read-side integration test asserts). In-process: the simulators' call logs. Separate process (section 2): Coffer's \`coffer_upstream_requests_total\` on /metrics, read before the first dashboard's end (start-up warm-up + first dashboard) and around the warm runs.`,
  );
  out.push(
    `In-process warm differences: ${calls.warm.differences.length ? calls.warm.differences.join("; ") : "none"}. Cold differences: ${calls.cold.differences.length ? calls.cold.differences.join("; ") : "none"}. Separate process, warm: ${sp.warm.differences.length ? sp.warm.differences.join("; ") : "none"}; start-up: ${sp.startUp.differences.length ? sp.startUp.differences.join("; ") : "none"}; first: ${sp.cold.differences.length ? sp.cold.differences.join("; ") : "none"}. GraphQL errors: ${calls.warm.errors + calls.cold.errors + sp.warm.errors + sp.cold.errors}.`,
    ``,
  );

  out.push(`## 2. The dashboard, Coffer and the simulators in separate processes, production mode, ${sp.latencyMs} ms latency`, ``);
  out.push(
    `The simulators (\`npm run simulators\`) were warmed first by a throwaway Coffer (5 dashboards, then it exited), so their own JIT is not charged to the measured Coffer. The measured Coffer (\`node dist/src/main.js\`, NODE_ENV=production, snapshot TTL ${sp.cacheTtlMs} ms) was left ${sp.startupWaitMs / 1000} s for its start-up warm-up (in the background: clock offsets, HTX's account id, the sub-account list and HTX's contract mode, then every wallet read once through the queries, prices included) and 1 s more to read its idle CPU, then answered its first dashboard (the start-up's snapshots expired by then) and ${sp.warm.runs} warm ones, every snapshot expired before each (pause ${sp.cacheTtlMs + 50} ms > TTL). Chain = discovery (sub-account list; HTX contract mode; a futures account's positions) then what it found = 2 calls; the calls a discovery leads to leave with it while the last discovery's answer still holds (the fresh answer decides what is shown), so a warm dashboard waits about one round trip.`,
    ``,
  );
  out.push(
    `Warm: median ${ms(sp.warm.medianMs)}, min ${ms(sp.warm.minMs)}, max ${ms(sp.warm.maxMs)} (runs: ${sp.warm.wallsMs.map((x) => x.toFixed(0)).join(", ")} ms). Cold: median ${ms(sp.cold.ms)} of ${sp.cold.wallsMs.length} fresh processes (${sp.cold.wallsMs.map((x) => x.toFixed(0)).join(", ")} ms; the first is the process above, the others were started, left alike and stopped after their first dashboard). CPU per warm dashboard (/proc, user + system, every thread, over the warm loop including its pauses): Coffer ${ms1(sp.cpu.cofferMsPerDashboard)}, simulators ${ms1(sp.cpu.simulatorsMsPerDashboard)}; idle before the first query: Coffer ${ms1(sp.cpu.cofferIdleMsPerSecond)}/s, simulators ${ms1(sp.cpu.simulatorsIdleMsPerSecond)}/s (the clock tick is 10 ms: idle figures are coarse). GraphQL errors: ${sp.warm.errors + sp.cold.errors}.`,
    ``,
  );
  out.push(`### 2a. The same, everything in the bench's process (decomposition)`, ``);
  out.push(
    `Warm: clock offsets and HTX's account id known, snapshots dropped before each run. Median ${ms(chain.warm.wallMs)}, min ${ms(chain.warm.minMs)}, max ${ms(chain.warm.maxMs)}; cold ${ms(chain.cold.wallMs)} (chain 3 × ${L} = ${ms(chain.cold.chainMs)} with the server-time call in front). The simulators' signature checks and answer building share the event loop here, and NODE_ENV is the bench's; the sweep shows how much of the wall time is fixed cost: ${chain.sweep.map((s) => `${ms(s.wallMs)} at ${s.latencyMs} ms`).join(", ")}.`,
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
    `Both in their own processes with NODE_ENV=production (graphql-js picks its \`instanceOf\` implementation from NODE_ENV when first imported: without it every type check also looks for a same-named class from another realm). Bare Apollo: the same express 5 integration, Coffer's schema SDL, root resolvers returning Coffer's recorded dashboard answer from memory. Identical answers: ${r.overhead.sameAnswer ? "yes" : "NO"} (${r.overhead.responseBytes} bytes); upstream calls during the run: ${r.overhead.upstreamCallsDuringRun}. Client: keep-alive node:http in a worker thread of the bench, the same for both, ${r.overhead.durationMs / 1000} s per row after 200 warm-up requests. CPU: the server process's, from /proc.`,
    ``,
  );
  out.push(`| server | in flight | requests | req/s | p50 | p99 | server CPU per request |`, `|---|---|---|---|---|---|---|`);
  for (const x of r.overhead.rows)
    out.push(
      `| ${x.server === "coffer" ? "Coffer" : "bare Apollo"} | ${x.concurrency} | ${x.requests} | ${x.perSecond.toFixed(0)} | ${ms1(x.p50Ms)} | ${ms1(x.p99Ms)} | ${ms1(x.cpuMsPerRequest)} |`,
    );
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
  out.push(`One \`fetchBalance({type})\` per account type: Binance spot, funding, margin (cross), margin (isolated), future, delivery, papi; HTX spot, swap (linear).`, ``);
  out.push(
    `Against Coffer (summary row 6, first line): the simulators process of section 2 at ${cw.latencyMs} ms, CCXT in the bench's process, markets preset, the same two instances for every run after a first one (${ms(cw.firstMs)}): median of ${cw.runs} \`Promise.all\` ${ms(cw.medianMs)} (${cw.wallsMs.map((x) => x.toFixed(0)).join(", ")} ms); ok: ${cw.ok.join(", ")}; failed: ${cw.failed.join(", ") || "none"}. Coffer's warm dashboard reads more (every wallet, sub-accounts, margin details) and answers over HTTP from its own process.`,
    ``,
  );
  out.push(`### 6a. Would another HTTP client put the full dashboard below CCXT?`, ``);
  out.push(
    `Two Coffer processes as in section 2 (production mode, snapshot TTL ${r.clientSwap.cacheTtlMs} ms) beside a simulators process of their own (warmed first; two uncoordinated instances share one IP's budgets, which after section 2 and CCXT's runs would not cover both): one as shipped (node-fetch), one with undici's \`request\` behind node-fetch's interface (test/bench/undiciFetchHook.ts preloads a resolve hook; nothing in src/ changes). They answer the warm dashboard in turns, the order alternating each round, every snapshot expired before each; CCXT's \`Promise.all\` (as above) is timed at the same latency. At 0 ms each wall time is the side's own work (and the simulators'), which an exchange's latency cannot hide: the full dashboard's answers arrive together and are received one after the other. CPU: /proc, per dashboard over the paired loop (pauses included).`,
    ``,
  );
  out.push(`| latency | client | median | runs (ms) | CPU per dashboard | CCXT median | answers identical (node-fetch vs undici, 0 errors) |`, `|---|---|---|---|---|---|---|`);
  for (const row of r.clientSwap.rows) {
    for (const [name, side] of [
      ["node-fetch", row.nodeFetch],
      ["undici request", row.undici],
    ] as const) {
      out.push(
        `| ${row.latencyMs} ms | ${name} | ${ms1(side.medianMs)} | ${side.wallsMs.map((x) => x.toFixed(0)).join(", ")} | ${ms1(side.cpuMsPerDashboard)} | ${ms1(row.ccxtMedianMs)} | ${row.identicalAnswers ? "yes" : "**no**"} |`,
      );
    }
  }
  out.push(``);
  out.push(`Calls and amounts: in-process simulators (their call logs), fresh instances per row.`, ``);
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

/** Sections 11-13, printed after the live and fleet sections. */
export function renderProcessSections(r: BenchResults, profileBefore: ProfileResult | null): string {
  const out: string[] = [``];
  out.push(`## 11. Memory under cached dashboards`, ``);
  out.push(
    `A Coffer process (production mode, snapshot TTL 10 min: every dashboard after the first is cached), ${r.memory.concurrency} in flight from the bench's load worker. At each checkpoint a full GC (\`--expose-gc\` and the bench's memoryProbe.ts preloaded with \`--import\`, on SIGUSR2; Coffer's code unchanged), then \`process.memoryUsage()\` and VmRSS from /proc.`,
    ``,
  );
  out.push(`| dashboards | heap in use | heap total | RSS |`, `|---|---|---|---|`);
  for (const p of r.memory.points) out.push(`| ${p.dashboards.toLocaleString("en")} | ${mib(p.heapUsedBytes)} | ${mib(p.heapTotalBytes)} | ${mib(p.rssBytes)} |`);
  out.push(``);
  out.push(`## 12. Profile split: where Coffer's CPU goes`, ``);
  out.push(
    `Each path in a Coffer process of its own (production mode) started with \`--cpu-prof\`; the profile is trimmed to the measured dashboards by a window taken in the bench on the same monotonic clock (CLOCK_MONOTONIC on Linux), so start-up, the first dashboard and warm-up requests are outside it. Self time by category (test/bench/profileCategory.ts): a package with the helpers it pulls in, Node's internals by role, our src/ folders. The profile counts wall-clock intervals between samples on the main thread (a descheduled thread's wait is charged to the frame it was in), /proc counts CPU of every thread; on a busy machine the two differ. Alone: \`node dist/test/bench/runProfile.js\`; \`--before\` records the "before" column.`,
    ``,
  );
  out.push(renderProfile(r.profile, profileBefore));
  out.push(`## 13. HTTP clients: the same GET through each`, ``);
  out.push(
    `\`GET ${r.httpClients.url}\` (Binance's public server time, ${r.httpClients.rows[0]?.bytesPerAnswer ?? 0}-byte answer) at a simulator with no added latency, each client with a fresh simulators process and its own keep-alive sockets, after a warm-up of a tenth of the calls. CPU: the bench process's own (process.cpuUsage), i.e. the client's work; the server's is elsewhere.`,
    ``,
  );
  out.push(`| client | calls | in flight | calls/s | CPU per call |`, `|---|---|---|---|---|`);
  for (const x of r.httpClients.rows) out.push(`| ${x.client} | ${x.calls.toLocaleString("en")} | ${x.inFlight} | ${x.perSecond.toFixed(0)} | ${x.cpuUsPerCall.toFixed(0)} µs |`);
  out.push(``);
  return out.join("\n");
}

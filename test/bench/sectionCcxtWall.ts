import { CCXT_FETCHES, makeCcxtExchanges } from "./ccxtExchanges.js";
import { median } from "./load.js";
import type { SimulatorsProcess } from "./simulatorsProcess.js";

export interface CcxtWallResult {
  readonly latencyMs: number;
  readonly runs: number;
  /** The instances' first Promise.all (HTX's account list learned, CCXT's code cold in this process). */
  readonly firstMs: number;
  readonly wallsMs: number[];
  readonly medianMs: number;
  /** Of the last run. */
  readonly ok: string[];
  readonly failed: string[];
}

/**
 * The peer's best case against the simulators process the Coffer dashboard section used, at the
 * same latency: CCXT's one `fetchBalance({type})` per account type, all at once
 * (`Promise.all`), markets preset (`setMarkets([])`; the simulators serve no market metadata),
 * the same two instances reused for every run after a first one — as an application keeps its
 * CCXT instances, and as Coffer's warm dashboard knows its clock offsets and HTX's account id.
 * CCXT runs in this process (it is a library); Coffer answered from its own.
 */
export async function measureCcxtPromiseAll(simulators: SimulatorsProcess, latencyMs: number, runs: number): Promise<CcxtWallResult> {
  const urls = <K extends string>(exchange: string, keys: readonly K[]): Record<K, string> => {
    const found = simulators.connections.find((c) => c.exchange === exchange)?.urls ?? {};
    const missing = keys.filter((key) => typeof found[key] !== "string");
    if (missing.length) throw new Error(`the simulators process gave no ${exchange} url for ${missing.join(", ")}`);
    return found as Record<K, string>;
  };
  await simulators.setLatency(latencyMs);
  const ex = makeCcxtExchanges(urls("BINANCE", ["spot", "usdm", "coinm", "options", "portfolioMargin"]), urls("HTX", ["spot", "swap"]));
  ex.binance.setMarkets([]);
  ex.htx.setMarkets([]);
  const once = async () => {
    const ok: string[] = [];
    const failed: string[] = [];
    const started = performance.now();
    await Promise.all(
      CCXT_FETCHES.map(async (f) => {
        const name = `${f.exchange} ${f.label}`;
        try {
          await (f.exchange === "binance" ? ex.binance : ex.htx).fetchBalance({ ...f.params });
          ok.push(name);
        } catch {
          failed.push(name);
        }
      }),
    );
    return { ms: performance.now() - started, ok, failed };
  };
  const first = await once();
  const wallsMs: number[] = [];
  let last = first;
  for (let i = 0; i < runs; i++) {
    last = await once();
    wallsMs.push(last.ms);
  }
  return { latencyMs, runs, firstMs: first.ms, wallsMs, medianMs: median(wallsMs), ok: last.ok.sort(), failed: last.failed.sort() };
}

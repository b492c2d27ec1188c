import { print } from "graphql";
import { DashboardDocument } from "../generated/graphql.js";
import type { CofferConfig } from "../../src/settings/config.types.js";
import type { ConnectorTuning } from "../../src/exchanges/createConnector.js";
import type { HttpClient } from "../../src/exchanges/kit/httpClient.js";
import { createHttpClient } from "../../src/exchanges/kit/httpClient.js";
import type { Coffer, CofferOptions } from "../../src/server/createCoffer.js";
import { startMoneySimulators, type MoneySimulatorOptions, type MoneySimulators } from "./moneyCoffer.js";
import { startTestCoffer } from "./testCoffer.js";

/**
 * Several Coffer instances in this process, each with its own connectors, limiters and cache,
 * sharing one simulator pair, one PostgreSQL journal and one Redis — a fleet on one machine.
 * HTX answers saying "too many requests" are counted per instance (the simulator keeps no list).
 */

export interface FleetMember {
  readonly coffer: Coffer;
  readonly url: string;
  /** HTX refusals (HTTP 429, code 429/1032, base-request-exceed-frequency-limit) this instance received. */
  htxRefusals(): number;
  /** Those refusals: time, method, path, status, the start of the body. */
  readonly htxRefusalLines: string[];
  readonly logLines: string[];
}

export interface Fleet {
  readonly sims: MoneySimulators;
  readonly members: FleetMember[];
  readonly config: CofferConfig;
  close(): Promise<void>;
}

export interface FleetOptions extends MoneySimulatorOptions {
  readonly redisUrl: string;
  readonly journal: string;
  readonly size?: number;
  readonly cacheTtlMs?: number;
  readonly timeoutMs?: number;
  /** Coffer's budgets (scaled like the simulators'). */
  readonly tuning?: ConnectorTuning;
  /** More createCoffer options (circuit breaker timings…). */
  readonly cofferOptions?: Partial<CofferOptions>;
}

function countingRefusals(inner: HttpClient): { http: HttpClient; refusals: () => number; seen: string[] } {
  let refusals = 0;
  const seen: string[] = [];
  const refused = /"(code|err-code)"\s*:\s*"?(429|1032|base-request-exceed-frequency-limit)"?/;
  return {
    http: {
      async send(request) {
        const response = await inner.send(request);
        if (response.status === 429 || refused.test(response.text)) {
          refusals++;
          seen.push(`${Date.now()} ${request.method} ${new URL(request.url).pathname} ${response.status} ${response.text.slice(0, 120)}`);
        }
        return response;
      },
      close: () => inner.close(),
    },
    refusals: () => refusals,
    seen,
  };
}

/** The members are the one test builder's Coffers on shared simulators, one PostgreSQL journal and one Redis. */
export async function startFleet(options: FleetOptions): Promise<Fleet> {
  const size = options.size ?? 3;
  const sims = await startMoneySimulators(options);
  const timeoutMs = options.timeoutMs ?? 30_000;
  const members: Array<FleetMember & { readonly config: CofferConfig; close(): Promise<void> }> = [];
  /** The HTX HTTP clients made here: whoever makes one closes it (the connectors leave a given client open). */
  const clients: HttpClient[] = [];
  const closeAll = async () => {
    await Promise.all(members.map((m) => m.close()));
    for (const client of clients) client.close();
    await sims.close();
  };
  try {
    for (let i = 0; i < size; i++) {
      const counting = countingRefusals(createHttpClient({ timeoutMs }));
      clients.push(counting.http);
      const member = await startTestCoffer({
        world: { shared: sims },
        journal: options.journal,
        timeoutMs,
        cacheTtlMs: options.cacheTtlMs,
        redis: options.redisUrl,
        fleet: { size, single: false },
        logLevel: "info",
        ready: false,
        coffer: {
          ...options.cofferOptions,
          instanceId: `fleet-test-${i}`,
          processMetrics: false,
          tokenRateLimit: { perSecond: 1_000_000, burst: 1_000_000 },
          connectorTuning: { binance: options.tuning?.binance, htx: { ...options.tuning?.htx, http: counting.http } },
        },
      });
      members.push({ ...member, htxRefusals: counting.refusals, htxRefusalLines: counting.seen });
    }
  } catch (error) {
    await closeAll();
    throw error;
  }
  return { sims, members, config: members[0]!.config, close: closeAll };
}

/** The dashboard of everything (sub-accounts included), as a frontend sends it. */
export const DASHBOARD_BODY = JSON.stringify({ query: print(DashboardDocument), variables: { filter: { includeSubAccounts: true } }, operationName: "Dashboard" });

/** POST a raw GraphQL body to one instance. */
export async function postBody(
  url: string,
  token: string,
  body: string,
): Promise<{ status: number; body: { data?: unknown; errors?: Array<{ extensions?: { code?: string } }> } }> {
  const response = await fetch(`${url}/graphql`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body });
  return { status: response.status, body: (await response.json()) as { data?: unknown; errors?: Array<{ extensions?: { code?: string } }> } };
}

export async function healthOf(
  url: string,
): Promise<{ status: string; redis?: { mode: string; fleetSize: number; slot: number | null }; connections: Array<{ id: string; circuit: string }> }> {
  const response = await fetch(`${url}/healthz`);
  return (await response.json()) as Awaited<ReturnType<typeof healthOf>>;
}

export async function until(what: string, check: () => boolean | Promise<boolean>, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not reached within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

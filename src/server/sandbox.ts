import { Exchange } from "../domain/enums.js";
import { sha256Hex } from "../graphql/auth.js";
import { binanceDemoState } from "../exchanges/binance/simulator/demoState.js";
import { startBinanceSimulator, type BinanceSimState, type BinanceSimulator } from "../exchanges/binance/simulator/server.js";
import { htxDemoState } from "../exchanges/htx/simulator/demoState.js";
import type { HtxSimState } from "../exchanges/htx/simulator/state.js";
import { startHtxSimulator, type HtxSimulator } from "../exchanges/htx/simulator/server.js";
import type { CofferConfig } from "../settings/config.types.js";
import { DEFAULTS } from "../settings/knobs.js";

/** The sandbox's tokens: printed at start and documented in the README. Not secrets. */
export const SANDBOX_TOKEN = "coffer-sandbox-token";
export const SANDBOX_READONLY_TOKEN = "coffer-sandbox-readonly";

/** Demo exchange credentials the sandbox simulators accept. */
const BINANCE_DEMO = { apiKey: "sandbox-binance-key", apiSecret: "sandbox-binance-secret" };
const HTX_DEMO = { accessKey: "sandbox-htx-access", secretKey: "sandbox-htx-secret" };

/**
 * The sandbox's journal lives in memory: the simulators start fresh on every start, so a
 * journal kept on disk would show transfers the new simulators never made. Gone on exit.
 */
export const SANDBOX_JOURNAL = "sqlite::memory:";

export interface Sandbox {
  readonly config: CofferConfig;
  readonly demoToken: string;
  readonly binance: BinanceSimulator;
  readonly htx: HtxSimulator;
  close(): Promise<void>;
}

export interface SandboxOptions {
  readonly port?: number;
  readonly host?: string;
  /** Default SANDBOX_JOURNAL (in memory, fresh on every start). */
  readonly journal?: string;
  readonly cacheTtlMs?: number;
  readonly corsMaxAgeSeconds?: number;
  /** Simulator states other than the demo ones (tests and benchmarks shape them). */
  readonly binanceState?: BinanceSimState;
  readonly htxState?: HtxSimState;
}

/**
 * Starts a Binance and an HTX simulator in-process with demo balances and returns a config
 * that points one connection at each: the real connectors then talk to them over HTTP,
 * signed, exactly as they would to the exchanges.
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const binance = await startBinanceSimulator({ ...BINANCE_DEMO, state: options.binanceState ?? binanceDemoState() });
  const htx = await startHtxSimulator({ ...HTX_DEMO, state: options.htxState ?? htxDemoState() });
  const host = options.host ?? DEFAULTS["listen.host"];
  const port = options.port ?? DEFAULTS["listen.port"];
  const config: CofferConfig = {
    listen: { host, port },
    tokens: [
      { name: "sandbox", sha256: sha256Hex(SANDBOX_TOKEN), scopes: ["read", "transfer"] },
      { name: "sandbox-readonly", sha256: sha256Hex(SANDBOX_READONLY_TOKEN), scopes: ["read"] },
    ],
    connections: [
      {
        id: "binance-sandbox",
        exchange: Exchange.BINANCE,
        label: "Binance (sandbox simulator)",
        credentials: BINANCE_DEMO,
        urls: binance.urls,
        accountTypes: null,
        timeoutMs: 5_000,
      },
      {
        id: "htx-sandbox",
        exchange: Exchange.HTX,
        label: "HTX (sandbox simulator)",
        credentials: HTX_DEMO,
        urls: htx.urls,
        accountTypes: null,
        timeoutMs: 5_000,
      },
    ],
    journal: options.journal ?? SANDBOX_JOURNAL,
    cache: { ttlMs: options.cacheTtlMs ?? DEFAULTS["cache.ttlMs"] },
    cors: { origins: ownOrigins(host, port), maxAgeSeconds: options.corsMaxAgeSeconds ?? DEFAULTS["cors.maxAgeSeconds"] },
    trustedDocuments: false,
  };
  return {
    config,
    demoToken: SANDBOX_TOKEN,
    binance,
    htx,
    async close() {
      await Promise.all([binance.close(), htx.close()]);
    },
  };
}

/**
 * The origins of the sandbox's own pages (GraphiQL): the address it listens on and, for the
 * loopback address, `localhost` too, which a browser treats as another origin. None when the
 * port is picked at start (0), since it is not known yet.
 */
export function ownOrigins(host: string, port: number): string[] {
  if (port === 0) return [];
  const origins = [`http://${host.includes(":") ? `[${host}]` : host}:${port}`];
  if (host === "127.0.0.1" || host === "::1") origins.push(`http://localhost:${port}`);
  return origins;
}

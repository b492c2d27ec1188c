import { sha256Hex } from "../graphql/auth.js";
import type { ExchangePlugin, ExchangeSimulator } from "../exchanges/exchange.js";
import { EXCHANGE_PLUGINS, type RegisteredPlugin } from "../exchanges/registry.js";
import type { ConnectionConfig } from "../settings/config.types.js";
import type { CofferConfig } from "../settings/config.types.js";
import { DEFAULTS } from "../settings/knobs.js";

/** The sandbox's tokens: printed at start and documented in the README. Not secrets. */
export const SANDBOX_TOKEN = "coffer-sandbox-token";
export const SANDBOX_READONLY_TOKEN = "coffer-sandbox-readonly";

/**
 * The sandbox's journal lives in memory: the simulators start fresh on every start, so a
 * journal kept on disk would show transfers the new simulators never made. Gone on exit.
 */
export const SANDBOX_JOURNAL = "sqlite::memory:";

/** Each registered exchange's simulator under its plugin id (e.g. `sandbox.<id>`), typed as its plugin makes it. */
export type SandboxSimulators = {
  readonly [P in RegisteredPlugin as P["id"]]: Awaited<ReturnType<P["startSimulator"]>>;
};

/** Simulator states other than the demo ones, under `<plugin id>State` (tests and benchmarks shape them). */
export type SandboxStates = {
  readonly [P in RegisteredPlugin as `${P["id"]}State`]?: NonNullable<Parameters<P["startSimulator"]>[0]["state"]>;
};

export type Sandbox = SandboxSimulators & {
  readonly config: CofferConfig;
  readonly demoToken: string;
  close(): Promise<void>;
};

export type SandboxOptions = SandboxStates & {
  readonly port?: number;
  readonly host?: string;
  /** Default SANDBOX_JOURNAL (in memory, fresh on every start). */
  readonly journal?: string;
  readonly cacheTtlMs?: number;
  readonly corsMaxAgeSeconds?: number;
};

/**
 * Starts every registered exchange's simulator in-process with demo balances and returns a
 * config that points one connection at each: the real connectors then talk to them over HTTP,
 * signed, exactly as they would to the exchanges.
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const plugins = EXCHANGE_PLUGINS as readonly ExchangePlugin[];
  const states = options as Readonly<Record<string, unknown>>;
  const started = await Promise.allSettled(plugins.map((plugin) => plugin.startSimulator({ credentials: plugin.demoCredentials, state: states[`${plugin.id}State`] })));
  const simulators = started.flatMap((result) => (result.status === "fulfilled" ? [result.value] : []));
  const failed = started.find((result): result is PromiseRejectedResult => result.status === "rejected");
  if (failed) {
    await Promise.all(simulators.map((simulator) => simulator.close()));
    throw failed.reason;
  }
  const host = options.host ?? DEFAULTS["listen.host"];
  const port = options.port ?? DEFAULTS["listen.port"];
  const config: CofferConfig = {
    listen: { host, port },
    tokens: [
      { name: "sandbox", sha256: sha256Hex(SANDBOX_TOKEN), scopes: ["read", "transfer"] },
      { name: "sandbox-readonly", sha256: sha256Hex(SANDBOX_READONLY_TOKEN), scopes: ["read"] },
    ],
    connections: plugins.map((plugin, i) => sandboxConnection(plugin, simulators[i]!)),
    journal: options.journal ?? SANDBOX_JOURNAL,
    cache: { ttlMs: options.cacheTtlMs ?? DEFAULTS["cache.ttlMs"] },
    cors: { origins: ownOrigins(host, port), maxAgeSeconds: options.corsMaxAgeSeconds ?? DEFAULTS["cors.maxAgeSeconds"] },
    trustedDocuments: false,
  };
  const byId = Object.fromEntries(plugins.map((plugin, i) => [plugin.id, simulators[i]!]));
  return {
    ...(byId as unknown as SandboxSimulators),
    config,
    demoToken: SANDBOX_TOKEN,
    async close() {
      await Promise.all(simulators.map((simulator) => simulator.close()));
    },
  };
}

/** One connection to a sandbox simulator, with the demo credentials it accepts. */
function sandboxConnection(plugin: ExchangePlugin, simulator: ExchangeSimulator): ConnectionConfig {
  const connection = {
    id: `${plugin.id}-sandbox`,
    exchange: plugin.exchange,
    label: `${plugin.displayName} (sandbox simulator)`,
    credentials: plugin.demoCredentials,
    urls: simulator.urls,
    accountTypes: null,
    timeoutMs: 5_000,
  };
  return connection as unknown as ConnectionConfig;
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

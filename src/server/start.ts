import type { CofferSettings } from "../settings/readSettings.js";
import { EXCHANGE_PLUGINS } from "../exchanges/registry.js";
import { startSandbox, SANDBOX_READONLY_TOKEN } from "./sandbox.js";
import { createCoffer, type Coffer, type CofferOptions } from "./createCoffer.js";
import type { Logger } from "../observability/logger.js";

export interface StartedCoffer {
  readonly coffer: Coffer;
  /** What `npm start` prints once Coffer listens. */
  readonly banner: string;
  /** Stops Coffer (graceful) and, in the sandbox, its simulators. */
  close(): Promise<void>;
}

/**
 * What `npm start` runs, from settings already read and checked: the config file's Coffer, or
 * the sandbox when there is none. The sandbox is fresh on every start — new simulators with
 * demo balances and a journal in memory — so its history and balances always agree; it listens
 * where `listen.host` / `listen.port` say (COFFER_HOST, COFFER_PORT) and takes every other knob too.
 */
export async function startCoffer(settings: CofferSettings, logger: Logger): Promise<StartedCoffer> {
  const options: CofferOptions = { logger, production: settings.production, ...settings.tuning };
  if (settings.config) {
    const config = settings.config;
    const coffer = await createCoffer(config, options);
    return {
      coffer,
      banner: `Coffer is listening on ${coffer.url}/graphql (${config.connections.length} connection(s))`,
      close: () => coffer.close(),
    };
  }
  const { knobs } = settings;
  const sandbox = await startSandbox({
    host: knobs["listen.host"],
    port: knobs["listen.port"],
    cacheTtlMs: knobs["cache.ttlMs"],
    corsMaxAgeSeconds: knobs["cors.maxAgeSeconds"],
  });
  const coffer = await createCoffer(sandbox.config, { ...options, demoToken: sandbox.demoToken }).catch(async (error: unknown) => {
    await sandbox.close();
    throw error;
  });
  return {
    coffer,
    banner: [
      `Coffer sandbox: no COFFER_CONFIG given, so Coffer runs against in-process ${EXCHANGE_PLUGINS.map((p) => p.displayName).join(" and ")} simulators.`,
      "  Every start is fresh: demo balances, an empty journal kept in memory.",
      `  Dashboard:       ${coffer.url}/dashboard   (worth, wallets, risk, live changes, transfers, history)`,
      `  GraphiQL:        ${coffer.url}/graphql   (open it in a browser; the demo token is pre-filled)`,
      `  Demo token:      ${sandbox.demoToken}   (scopes read + transfer)`,
      `  Read-only token: ${SANDBOX_READONLY_TOKEN}`,
      `  Try: curl -s ${coffer.url}/graphql -H 'authorization: Bearer ${sandbox.demoToken}' -H 'content-type: application/json' \\`,
      `         -d '{"query":"{ accounts { exchange type symbol balances { asset total } } }"}'`,
    ].join("\n"),
    async close() {
      await coffer.close();
      await sandbox.close();
    },
  };
}

import { loadConfigFile } from "../settings/loadConfigFile.js";
import { startSandbox, SANDBOX_READONLY_TOKEN } from "./sandbox.js";
import { createCoffer, type Coffer } from "./createCoffer.js";
import { hardeningFromEnv } from "../settings/fromEnv.js";
import type { Logger } from "../observability/logger.js";

export interface StartedCoffer {
  readonly coffer: Coffer;
  /** What `npm start` prints once Coffer listens. */
  readonly banner: string;
  /** Stops Coffer (graceful) and, in the sandbox, its simulators. */
  close(): Promise<void>;
}

/**
 * What `npm start` runs: the config file named by COFFER_CONFIG, or the sandbox when there is
 * none. The sandbox is fresh on every start — new simulators with demo balances and a journal
 * in memory — so its history and balances always agree. COFFER_HOST overrides the host to listen
 * on (a container listens on 0.0.0.0), COFFER_PORT the port.
 */
export async function startFromEnvironment(env: NodeJS.ProcessEnv, logger: Logger): Promise<StartedCoffer> {
  const hardening = hardeningFromEnv(env);
  const host = env.COFFER_HOST || undefined;
  const configPath = env.COFFER_CONFIG;
  if (configPath) {
    const config = loadConfigFile(configPath);
    const coffer = await createCoffer(host ? { ...config, listen: { ...config.listen, host } } : config, { logger, ...hardening });
    return {
      coffer,
      banner: `Coffer is listening on ${coffer.url}/graphql (${config.connections.length} connection(s))`,
      close: () => coffer.close(),
    };
  }
  const port = env.COFFER_PORT ? Number(env.COFFER_PORT) : 4000;
  const sandbox = await startSandbox({ port, host });
  const coffer = await createCoffer(sandbox.config, { logger, demoToken: sandbox.demoToken, ...hardening }).catch(async (error: unknown) => {
    await sandbox.close();
    throw error;
  });
  return {
    coffer,
    banner: [
      "Coffer sandbox: no COFFER_CONFIG given, so Coffer runs against in-process Binance and HTX simulators.",
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

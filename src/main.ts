import "reflect-metadata";
import { loadConfigFile } from "./config/loadConfigFile.js";
import { ConfigError } from "./config/configError.js";
import { startSandbox, SANDBOX_READONLY_TOKEN } from "./config/sandbox.js";
import { createCoffer } from "./createCoffer.js";
import { hardeningFromEnv } from "./hardeningEnv.js";
import { createLogger, logLevelOf, type Logger } from "./observability/logger.js";

/** Entry point: the config file in COFFER_CONFIG, or the sandbox when there is none. */
async function main(): Promise<void> {
  const logger = createLogger({ level: logLevelOf(process.env.LOG_LEVEL) });
  const hardening = hardeningFromEnv(process.env);
  const configPath = process.env.COFFER_CONFIG;
  if (configPath) {
    const config = loadConfigFile(configPath);
    const coffer = await createCoffer(config, { logger, ...hardening });
    console.log(`Coffer is listening on ${coffer.url}/graphql (${config.connections.length} connection(s))`);
    onShutdown(logger, () => coffer.close());
    return;
  }
  const port = process.env.COFFER_PORT ? Number(process.env.COFFER_PORT) : 4000;
  const sandbox = await startSandbox({ port });
  const coffer = await createCoffer(sandbox.config, { logger, demoToken: sandbox.demoToken, ...hardening });
  console.log(
    [
      "Coffer sandbox: no COFFER_CONFIG given, so Coffer runs against in-process Binance and HTX simulators.",
      `  GraphiQL:        ${coffer.url}/graphql   (open it in a browser; the demo token is pre-filled)`,
      `  Demo token:      ${sandbox.demoToken}   (scopes read + transfer)`,
      `  Read-only token: ${SANDBOX_READONLY_TOKEN}`,
      `  Try: curl -s ${coffer.url}/graphql -H 'authorization: Bearer ${sandbox.demoToken}' -H 'content-type: application/json' \\`,
      `         -d '{"query":"{ accounts { exchange type symbol balances { asset total } } }"}'`,
    ].join("\n"),
  );
  onShutdown(logger, async () => {
    await coffer.close();
    await sandbox.close();
  });
}

/** Longest a graceful stop may take before the process gives up and exits 1. */
const SHUTDOWN_DEADLINE_MS = 30_000;

/**
 * SIGTERM / SIGINT: stop accepting connections, let in-flight requests finish (a transfer being
 * sent is answered and journaled), stop the reconciler, close the journal, exit 0.
 */
function onShutdown(logger: Logger, close: () => Promise<void>): void {
  let closing = false;
  const stop = (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, "shutting down: no new connections; finishing in-flight requests, then closing the journal");
    const deadline = setTimeout(() => {
      logger.error({ signal, deadlineMs: SHUTDOWN_DEADLINE_MS }, "graceful shutdown took too long; exiting");
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS);
    deadline.unref();
    close().then(
      () => {
        logger.info({ signal }, "shut down cleanly");
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ signal, error }, "error while shutting down");
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(2);
  }
  console.error(`Coffer failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

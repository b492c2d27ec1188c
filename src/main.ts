import "reflect-metadata";
import { ConfigError } from "./settings/configError.js";
import { createLogger, logLevelOf, type Logger } from "./observability/logger.js";
import { startFromEnvironment } from "./server/start.js";

/** Entry point: the config file in COFFER_CONFIG, or the sandbox when there is none. */
async function main(): Promise<void> {
  const logger = createLogger({ level: logLevelOf(process.env.LOG_LEVEL) });
  const started = await startFromEnvironment(process.env, logger);
  console.log(started.banner);
  onShutdown(logger, () => started.close());
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

import type { Logger } from "../observability/logger.js";

/** Longest a graceful stop may take before the process gives up and exits 1. */
const SHUTDOWN_DEADLINE_MS = 30_000;

/**
 * SIGTERM / SIGINT: stop accepting connections, let in-flight requests finish (a transfer being
 * sent is answered and journaled), stop the reconciler, close the journal, exit 0.
 */
export function shutdownOnSignals(logger: Logger, close: () => Promise<void>): void {
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

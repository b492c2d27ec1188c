import { ConfigError } from "../settings/configError.js";
import type { Environment } from "../settings/knobs.js";
import { readSettings } from "../settings/readSettings.js";
import { createLogger, type Logger } from "../observability/logger.js";
import { startCoffer, type StartedCoffer } from "./start.js";

/** Where `launch` prints: the banner to `out`, a reason not to start to `err` (one line). */
export interface LaunchOutput {
  out(text: string): void;
  err(line: string): void;
}

/** Coffer runs (`exitCode` null), or it did not start and the process should exit with `exitCode`. */
export type Launched = { readonly exitCode: number } | { readonly exitCode: null; readonly started: StartedCoffer; readonly logger: Logger };

/**
 * What `main.ts` does before it waits for a signal: read the settings from `env`, start Coffer
 * and print its banner. A bad config key or variable prints one line naming it and gives exit
 * code 2; any other failure to start prints one line and gives 1.
 */
export async function launch(env: Environment, output: LaunchOutput): Promise<Launched> {
  try {
    const settings = readSettings(env);
    const logger = createLogger({ level: settings.knobs.logLevel });
    const started = await startCoffer(settings, logger);
    output.out(started.banner);
    return { exitCode: null, started, logger };
  } catch (error) {
    if (error instanceof ConfigError) {
      output.err(error.message);
      return { exitCode: 2 };
    }
    output.err(`Coffer failed to start: ${error instanceof Error ? error.message : String(error)}`);
    return { exitCode: 1 };
  }
}

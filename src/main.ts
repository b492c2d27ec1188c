import "reflect-metadata";
import { launch } from "./server/launch.js";
import { shutdownOnSignals } from "./server/shutdownOnSignals.js";

/**
 * Entry point: the settings from this process's environment (the config file in COFFER_CONFIG,
 * or the sandbox when there is none), then serve until SIGTERM / SIGINT. A bad key or variable
 * exits 2 with one line on stderr; any other failure to start exits 1.
 */
const launched = await launch(process.env, { out: (text) => console.log(text), err: (line) => console.error(line) });
if (launched.exitCode !== null) process.exit(launched.exitCode);
shutdownOnSignals(launched.logger, () => launched.started.close());

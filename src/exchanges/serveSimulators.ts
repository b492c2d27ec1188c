import { createInterface } from "node:readline";
import { startBinanceSimulator } from "./binance/simulator/server.js";
import { binanceDemoState } from "./binance/simulator/demoState.js";
import { htxDemoState } from "./htx/simulator/demoState.js";
import { startHtxSimulator } from "./htx/simulator/server.js";
import { ConfigError } from "../settings/configError.js";
import { readSimulatorSettings, type SimulatorSettings } from "../settings/simulatorSettings.js";

/**
 * Runs the Binance and HTX simulators on their own, in their own process: for pointing a
 * Coffer config (or another client) at them, and for measurements where the exchanges must not
 * share Coffer's event loop. Prints one JSON line with the credentials and URLs, then takes
 * one JSON command per stdin line (`{"latencyMs": 200}` sets the latency of every answer) and
 * stops when stdin closes. SIM_BINANCE_KEY, SIM_BINANCE_SECRET, SIM_HTX_ACCESS and SIM_HTX_SECRET
 * replace the default credentials.
 *
 *   npm run simulators
 */
let credentials: SimulatorSettings;
try {
  credentials = readSimulatorSettings();
} catch (error) {
  // The same as Coffer's own start: one line naming the variable, exit code 2.
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(2);
}

const binance = await startBinanceSimulator({ ...credentials.binance, state: binanceDemoState() });
const htx = await startHtxSimulator({ ...credentials.htx, state: htxDemoState() });
process.stdout.write(JSON.stringify({ binance: { ...credentials.binance, urls: binance.urls }, htx: { ...credentials.htx, urls: htx.urls } }) + "\n");

const close = async () => {
  await Promise.all([binance.close(), htx.close()]);
  process.exit(0);
};
process.on("SIGTERM", () => void close());
process.on("SIGINT", () => void close());

const input = createInterface({ input: process.stdin });
input.on("line", (line) => {
  let command: { latencyMs?: unknown };
  try {
    command = JSON.parse(line) as { latencyMs?: unknown };
  } catch {
    process.stdout.write(JSON.stringify({ error: "each line must be a JSON object" }) + "\n");
    return;
  }
  if (typeof command.latencyMs === "number" && command.latencyMs >= 0) {
    binance.faults.latencyMs = command.latencyMs;
    htx.faults.latencyMs = command.latencyMs;
  }
  process.stdout.write(JSON.stringify({ ok: true, latencyMs: binance.faults.latencyMs }) + "\n");
});
input.on("close", () => void close());

import { createInterface } from "node:readline";
import type { ExchangePlugin } from "./exchange.js";
import { EXCHANGE_PLUGINS } from "./registry.js";

/**
 * Runs every registered exchange's simulator on its own, in its own process: for pointing a
 * Coffer config (or another client) at them, and for measurements where the exchanges must not
 * share Coffer's event loop. Prints one JSON line, `{"connections": [...]}`, entries ready for a
 * config file's `connections` (id `<exchange id>-sim`, the simulator's demo credentials and
 * URLs), then takes one JSON command per stdin line (`{"latencyMs": 200}` sets the latency of
 * every answer) and stops when stdin closes.
 *
 *   npm run simulators
 */
const plugins = EXCHANGE_PLUGINS as readonly ExchangePlugin[];
const simulators = await Promise.all(plugins.map((plugin) => plugin.startSimulator({ credentials: plugin.demoCredentials })));
const connections = plugins.map((plugin, i) => ({ id: `${plugin.id}-sim`, exchange: plugin.exchange, credentials: plugin.demoCredentials, urls: simulators[i]!.urls }));
process.stdout.write(JSON.stringify({ connections }) + "\n");

const close = async () => {
  await Promise.all(simulators.map((simulator) => simulator.close()));
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
    for (const simulator of simulators) simulator.faults.latencyMs = command.latencyMs;
  }
  process.stdout.write(JSON.stringify({ ok: true, latencyMs: simulators[0]?.faults.latencyMs }) + "\n");
});
input.on("close", () => void close());

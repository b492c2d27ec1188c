import { ConfigError } from "./configError.js";
import type { Environment } from "./knobs.js";

/** The credentials the stand-alone simulators accept (`npm run simulators`). */
export interface SimulatorSettings {
  readonly binance: { readonly apiKey: string; readonly apiSecret: string };
  readonly htx: { readonly accessKey: string; readonly secretKey: string };
}

/** Each variable, with the credential used while it is unset. */
const VARIABLES = {
  SIM_BINANCE_KEY: "sim-binance-key",
  SIM_BINANCE_SECRET: "sim-binance-secret",
  SIM_HTX_ACCESS: "sim-htx-access",
  SIM_HTX_SECRET: "sim-htx-secret",
} as const;

/**
 * The simulators' settings from their own entry point's environment (`process.env` by default:
 * that entry point reads it through here, like `main.ts` through readSettings). A variable set to
 * blanks is refused with one line naming it.
 */
export function readSimulatorSettings(env: Environment = process.env): SimulatorSettings {
  const read = (name: keyof typeof VARIABLES): string => {
    const value = env[name];
    if (value === undefined || value === "") return VARIABLES[name];
    if (value.trim() === "") throw new ConfigError(name, "must be a non-empty string");
    return value;
  };
  return {
    binance: { apiKey: read("SIM_BINANCE_KEY"), apiSecret: read("SIM_BINANCE_SECRET") },
    htx: { accessKey: read("SIM_HTX_ACCESS"), secretKey: read("SIM_HTX_SECRET") },
  };
}

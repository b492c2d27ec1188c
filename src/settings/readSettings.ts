import type { CofferConfig } from "./config.types.js";
import { resolveKnobs, type Environment, type KnobValues } from "./knobs.js";
import { loadConfigFile, type ReadText } from "./loadConfigFile.js";
import { tuningOf, type Tuning } from "./tuning.js";

/** Everything a Coffer process is started with. */
export interface CofferSettings {
  /** The config file named by COFFER_CONFIG, validated, every variable applied; null: the sandbox. */
  readonly config: CofferConfig | null;
  /** Every knob's value (the sandbox takes where to listen, the cache TTL and the CORS max age from here). */
  readonly knobs: KnobValues;
  /** The knobs as createCoffer takes them. */
  readonly tuning: Tuning;
  /** NODE_ENV=production: no introspection, no field suggestions. */
  readonly production: boolean;
}

/**
 * The one place the environment is read: COFFER_CONFIG (the file; none: the sandbox), every
 * knob's variable, NODE_ENV, and the `env:` credentials the file names. A bad key or variable
 * throws ConfigError with one line naming it.
 */
export function readSettings(env: Environment, readText?: ReadText): CofferSettings {
  const path = env.COFFER_CONFIG?.trim();
  const parsed = path ? loadConfigFile(path, env, readText) : { config: null, knobs: resolveKnobs(null, env).values };
  return { config: parsed.config, knobs: parsed.knobs, tuning: tuningOf(parsed.knobs), production: env.NODE_ENV === "production" };
}

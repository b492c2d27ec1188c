import { readFileSync } from "node:fs";
import type { CofferConfig } from "./config.types.js";
import { ConfigError } from "./configError.js";
import { parseConfig } from "./parseConfig.js";

/** Reads and validates the JSON config file at `path`. */
export function loadConfigFile(path: string, env: NodeJS.ProcessEnv = process.env): CofferConfig {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new ConfigError("COFFER_CONFIG", `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? "error"}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    // JSON.parse's message names a position, never echoes the file's content wholesale.
    throw new ConfigError("(file)", `${path} is not valid JSON: ${(error as Error).message.replace(/"[^"]*"/g, "…")}`);
  }
  return parseConfig(raw, env);
}

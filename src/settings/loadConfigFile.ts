import { readFileSync } from "node:fs";
import { ConfigError } from "./configError.js";
import type { Environment } from "./knobs.js";
import { parseConfigFile, type ParsedConfigFile } from "./parseConfig.js";

/** Reads a file's text (tests pass their own). */
export type ReadText = (path: string) => string;

const readUtf8: ReadText = (path) => readFileSync(path, "utf8");

/** Reads and validates the JSON config file at `path`; the knobs' variables in `env` override its keys. */
export function loadConfigFile(path: string, env: Environment, readText: ReadText = readUtf8): ParsedConfigFile {
  let text: string;
  try {
    text = readText(path);
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
  return parseConfigFile(raw, env);
}

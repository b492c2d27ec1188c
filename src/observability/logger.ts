import { redact } from "./redact.js";

export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";

/** Structured logging: one JSON object per line, every field passed through `redact`. */
export interface Logger {
  debug(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
  child(fields: Record<string, unknown>): Logger;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export interface LoggerOptions {
  level?: LogLevel;
  /** Where lines go; stderr by default. Tests pass a collector to grep every line for secrets. */
  write?: (line: string) => void;
  base?: Record<string, unknown>;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const threshold = ORDER[options.level ?? "info"];
  const write = options.write ?? ((line: string) => process.stderr.write(line + "\n"));
  const base = options.base ?? {};
  const log = (level: LogLevel) => (fields: Record<string, unknown>, message: string) => {
    if (ORDER[level] < threshold) return;
    const record = redact({ time: new Date().toISOString(), level, msg: message, ...base, ...fields });
    write(JSON.stringify(record));
  };
  return {
    debug: log("debug"),
    info: log("info"),
    warn: log("warn"),
    error: log("error"),
    child: (fields) => createLogger({ ...options, base: { ...base, ...fields } }),
  };
}

export const silentLogger: Logger = createLogger({ level: "silent" });

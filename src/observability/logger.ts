import { pino, type Logger as PinoLogger, type LoggerOptions as PinoOptions } from "pino";
import { redact, redactText, REDACTED } from "./redact.js";

export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";

/**
 * Structured logging: one JSON object per line (pino), every field and message passed through
 * `redact`. A child's fields and a line's own fields are merged into one object before pino
 * sees them, so each key appears once per line (strict JSON ingesters reject duplicate keys);
 * the line's own value wins.
 */
export interface Logger {
  debug(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
  child(fields: Record<string, unknown>): Logger;
  /** The same logger, also removing these values (configured credentials) wherever they appear. */
  withSecrets(secrets: readonly string[]): Logger;
}

export interface LoggerOptions {
  level?: LogLevel;
  /** Where lines go (one JSON object, no newline); stderr by default. Tests pass a collector to grep every line for secrets. */
  write?: (line: string) => void;
  base?: Record<string, unknown>;
  /** Configured secret values to remove wherever they appear (see `withSecrets`). */
  secrets?: readonly string[];
}

/** Every level, most verbose first (the settings check LOG_LEVEL against them). */
export const LOG_LEVELS: readonly LogLevel[] = ["debug", "info", "warn", "error", "silent"];

/**
 * Key paths pino censors after our own pass (belt and braces: `redact` already blanks every
 * secret-named key at any depth and removes signed query strings, tokens and signatures from text).
 */
const REDACT_PATHS = [
  "authorization",
  "headers.authorization",
  "*.authorization",
  "*.headers.authorization",
  "req.headers.authorization",
  "credentials",
  "*.credentials",
  "apiKey",
  "apiSecret",
  "secretKey",
  "accessKey",
  "*.apiKey",
  "*.apiSecret",
  "*.secretKey",
  "*.accessKey",
  "signature",
  "*.signature",
  "url",
  "*.url",
];

/** Keys pino writes itself on every line; a field of the same name is renamed so no key repeats. */
const RESERVED_KEYS: ReadonlySet<string> = new Set(["level", "time", "msg"]);

function pinoOptions(options: LoggerOptions): PinoOptions {
  return {
    level: options.level ?? "info",
    base: undefined,
    messageKey: "msg",
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACT_PATHS, censor: REDACTED },
    formatters: {
      level: (label) => ({ level: label }),
    },
  };
}

/** The bindings plus the line's fields, each key once, reserved names renamed. */
function merge(bindings: Record<string, unknown>, fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries({ ...bindings, ...fields })) out[RESERVED_KEYS.has(key) ? `field_${key}` : key] = value;
  return out;
}

function wrap(instance: PinoLogger, bindings: Record<string, unknown>, secrets: readonly string[]): Logger {
  const line = (level: "debug" | "info" | "warn" | "error") => (fields: Record<string, unknown>, message: string) => {
    if (!instance.isLevelEnabled(level)) return;
    // The message text is not a field: scrub it too (a message may quote a URL or a header).
    instance[level](redact(merge(bindings, fields), secrets) as Record<string, unknown>, redactText(message, secrets));
  };
  return {
    debug: line("debug"),
    info: line("info"),
    warn: line("warn"),
    error: line("error"),
    child: (fields) => wrap(instance, { ...bindings, ...fields }, secrets),
    withSecrets: (more) => wrap(instance, bindings, [...secrets, ...more]),
  };
}

/** A pino logger with redaction; `write` receives each line (tests), otherwise lines go to stderr. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const write = options.write;
  const destination = write ? { write: (chunk: string) => write(chunk.endsWith("\n") ? chunk.slice(0, -1) : chunk) } : pino.destination({ dest: 2, sync: true });
  return wrap(pino(pinoOptions(options), destination), options.base ?? {}, options.secrets ?? []);
}

export const silentLogger: Logger = createLogger({ level: "silent" });

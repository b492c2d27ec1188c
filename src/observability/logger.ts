import { pino, type Logger as PinoLogger, type LoggerOptions as PinoOptions } from "pino";
import { redact, redactText, REDACTED } from "./redact.js";

export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";

/** Structured logging: one JSON object per line (pino), every field and message passed through `redact`. */
export interface Logger {
  debug(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
  child(fields: Record<string, unknown>): Logger;
}

export interface LoggerOptions {
  level?: LogLevel;
  /** Where lines go (one JSON object, no newline); stderr by default. Tests pass a collector to grep every line for secrets. */
  write?: (line: string) => void;
  base?: Record<string, unknown>;
}

const LEVELS: readonly LogLevel[] = ["debug", "info", "warn", "error", "silent"];

/** Parses LOG_LEVEL-like text; anything unknown is "info". */
export function logLevelOf(text: string | undefined): LogLevel {
  return LEVELS.includes(text as LogLevel) ? (text as LogLevel) : "info";
}

/**
 * Key paths pino censors before our own pass (belt and braces: `redact` below also blanks every
 * secret-looking key at any depth and scrubs signed URLs, bearer tokens and signatures from text).
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

function pinoOptions(options: LoggerOptions): PinoOptions {
  return {
    level: options.level ?? "info",
    base: undefined,
    messageKey: "msg",
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACT_PATHS, censor: REDACTED },
    formatters: {
      level: (label) => ({ level: label }),
      bindings: (bindings) => redact(bindings) as Record<string, unknown>,
      log: (fields) => redact(fields) as Record<string, unknown>,
    },
    hooks: {
      // The message text is not a field: scrub it too (a message may quote a URL or a header).
      logMethod(args, method) {
        const scrubbed = args.map((a) => (typeof a === "string" ? redactText(a) : a));
        return method.apply(this, scrubbed as Parameters<typeof method>);
      },
    },
  };
}

function wrap(instance: PinoLogger): Logger {
  return {
    debug: (fields, message) => instance.debug(fields, message),
    info: (fields, message) => instance.info(fields, message),
    warn: (fields, message) => instance.warn(fields, message),
    error: (fields, message) => instance.error(fields, message),
    child: (fields) => wrap(instance.child(redact(fields) as Record<string, unknown>)),
  };
}

/** A pino logger with redaction; `write` receives each line (tests), otherwise lines go to stderr. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const write = options.write;
  const destination = write
    ? { write: (chunk: string) => write(chunk.endsWith("\n") ? chunk.slice(0, -1) : chunk) }
    : pino.destination({ dest: 2, sync: true });
  const root = pino(pinoOptions(options), destination);
  return wrap(options.base ? root.child(redact(options.base) as Record<string, unknown>) : root);
}

export const silentLogger: Logger = createLogger({ level: "silent" });

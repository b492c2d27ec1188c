import { ConfigError } from "../../src/settings/configError.js";
import { parseConfig } from "../../src/settings/parseConfig.js";

/** The smallest valid config file (one read token, one HTX connection) plus `extra` keys. */
export function minimalConfig(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    tokens: [{ name: "dashboard", sha256: "a".repeat(64), scopes: ["read"] }],
    connections: [{ id: "htx-main", exchange: "HTX", credentials: { accessKey: "ak", secretKey: "sk" } }],
    ...extra,
  };
}

/** The one-line ConfigError message `raw` is refused with; throws when it is accepted. */
export function configProblem(raw: unknown): string {
  try {
    parseConfig(raw, {});
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

/** A configuration problem: one line naming the key and what is wrong, never a credential's value. */
export class ConfigError extends Error {
  readonly key: string;
  constructor(key: string, problem: string) {
    super(`config: ${key}: ${problem}`);
    this.name = "ConfigError";
    this.key = key;
  }
}

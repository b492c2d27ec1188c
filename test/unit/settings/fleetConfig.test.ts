import { describe, expect, it } from "@jest/globals";
import { parseConfig } from "../../../src/settings/parseConfig.js";
import { configProblem, minimalConfig } from "../../support/configFixture.js";

/** Config keys of a fleet: `redis` and `fleet` (size, single), and the journal a fleet needs. */

describe("fleet config", () => {
  it("no redis: a single instance, fleet defaults", () => {
    const parsed = parseConfig(minimalConfig({}), {});
    expect(parsed.redis).toBeNull();
    expect(parsed.fleet).toEqual({ size: 2, single: false });
  });

  it("redis with a PostgreSQL journal; fleet.size read", () => {
    const parsed = parseConfig(minimalConfig({ redis: "redis://127.0.0.1:6379/0", journal: "postgres://coffer@db/coffer", fleet: { size: 3 } }), {});
    expect(parsed.redis).toBe("redis://127.0.0.1:6379/0");
    expect(parsed.fleet).toEqual({ size: 3, single: false });
  });

  it("redis with a SQLite journal is refused unless the config says this is the only instance", () => {
    expect(configProblem(minimalConfig({ redis: "redis://127.0.0.1:6379/0" }))).toMatch(/^config: journal: several instances sharing Redis need one PostgreSQL journal/);
    expect(configProblem(minimalConfig({ redis: "redis://127.0.0.1:6379/0", journal: "sqlite:./x.sqlite" }))).toMatch(/fleet.*single.*true/);
    const single = parseConfig(minimalConfig({ redis: "redis://127.0.0.1:6379/0", fleet: { single: true } }), {});
    expect(single.fleet).toEqual({ size: 1, single: true });
  });

  it.each<[string, Record<string, unknown>, string]>([
    ["a non-redis URL", { redis: "http://127.0.0.1:6379" }, "config: redis: must be a redis:// or rediss:// URL"],
    ["not a URL", { redis: "localhost" }, "config: redis: must be a redis:// URL"],
    ["a path that is no database number", { redis: "redis://h:6379/x", journal: "postgres://h/d" }, "config: redis: the path must be a database number"],
    ["an unknown fleet key", { fleet: { sise: 3 } }, "config: fleet.sise: unknown key"],
    ["a fleet size of 0", { fleet: { size: 0 } }, "config: fleet.size: must be a positive integer"],
    ["single that is not a boolean", { fleet: { single: "yes" } }, "config: fleet.single: must be true or false"],
    ["single with a size above 1", { fleet: { single: true, size: 3 } }, "config: fleet.size: must be 1"],
  ])("stops on %s", (_name, extra, expected) => {
    expect(configProblem(minimalConfig(extra)).startsWith(expected)).toBe(true);
  });
});

import { describe, expect, it } from "@jest/globals";
import { parseConfig } from "../../../src/settings/parseConfig.js";
import { configProblem, minimalConfig } from "../../support/configFixture.js";
import { ownOrigins, startSandbox } from "../../../src/server/sandbox.js";

/** The config keys a browser client depends on: `cors` and `trustedDocuments`. */
describe("cors and trustedDocuments in the config file", () => {
  it("allows no origin and runs any operation when neither key is given", () => {
    const config = parseConfig(minimalConfig(), {});
    expect(config.cors?.origins).toEqual([]);
    expect(config.trustedDocuments).toBe(false);
  });

  it("reads exact origins, drops duplicates, and takes maxAgeSeconds", () => {
    const config = parseConfig(
      minimalConfig({ cors: { origins: ["https://app.example.com", "http://localhost:5173", "https://app.example.com"], maxAgeSeconds: 120 }, trustedDocuments: true }),
      {},
    );
    expect(config.cors).toEqual({ origins: ["https://app.example.com", "http://localhost:5173"], maxAgeSeconds: 120 });
    expect(config.trustedDocuments).toBe(true);
  });

  it.each<[string, unknown, string]>([
    ["a wildcard", { origins: ["*"] }, 'config: cors.origins[0]: must be an exact origin: "*" is not allowed'],
    ["the null origin", { origins: ["null"] }, 'config: cors.origins[0]: must be an exact origin: "null"'],
    ["an origin with a path", { origins: ["https://app.example.com/dashboard"] }, "config: cors.origins[0]: must be an origin like"],
    ["an origin with a trailing slash", { origins: ["https://app.example.com/"] }, "config: cors.origins[0]: must be an origin like"],
    ["an upper-case host", { origins: ["https://App.example.com"] }, "config: cors.origins[0]: must be an origin like"],
    ["a default port spelled out", { origins: ["https://app.example.com:443"] }, "config: cors.origins[0]: must be an origin like"],
    ["a non-http scheme", { origins: ["ftp://app.example.com"] }, "config: cors.origins[0]: must be an origin like"],
    ["a string instead of a list", { origins: "https://app.example.com" }, "config: cors.origins: must be an array"],
    ["an unknown key", { origin: ["https://app.example.com"] }, "config: cors.origin: unknown key"],
    ["a negative max age", { maxAgeSeconds: -5 }, "config: cors.maxAgeSeconds: must be a non-negative integer"],
  ])("stops on %s with one line naming the key", (_name, cors, expected) => {
    const message = configProblem(minimalConfig({ cors }));
    expect(message.startsWith(expected)).toBe(true);
    expect(message).not.toContain("\n");
  });

  it("stops on a trustedDocuments that is not a boolean", () => {
    expect(configProblem(minimalConfig({ trustedDocuments: "yes" }))).toBe('config: trustedDocuments: must be true or false, got "yes"');
  });
});

describe("the sandbox's CORS", () => {
  it("allows its own page's origins (127.0.0.1 and localhost on its port) and runs any operation", async () => {
    expect(ownOrigins("127.0.0.1", 4000)).toEqual(["http://127.0.0.1:4000", "http://localhost:4000"]);
    expect(ownOrigins("0.0.0.0", 4000)).toEqual(["http://0.0.0.0:4000"]);
    // A port picked at start is not known yet: no origin rather than a wrong one.
    expect(ownOrigins("127.0.0.1", 0)).toEqual([]);
    const sandbox = await startSandbox({ port: 4123, journal: "sqlite::memory:" });
    try {
      expect(sandbox.config.cors?.origins).toEqual(["http://127.0.0.1:4123", "http://localhost:4123"]);
      expect(sandbox.config.trustedDocuments).toBe(false);
    } finally {
      await sandbox.close();
    }
  });
});

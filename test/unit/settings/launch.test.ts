import { describe, expect, it } from "@jest/globals";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launch } from "../../../src/server/launch.js";

/** What `main.ts` does with a bad setting: one line on stderr, nothing on stdout, exit code 2. */
async function refused(env: Record<string, string>): Promise<{ exitCode: number | null; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const launched = await launch(env, { out: (text) => out.push(text), err: (line) => err.push(line) });
  if (launched.exitCode === null) await launched.started.close();
  return { exitCode: launched.exitCode, out, err };
}

const SHA = "a".repeat(64);

describe("main's start with a bad setting", () => {
  it.each<[string, Record<string, string>, string]>([
    ["a bad variable (sandbox)", { COFFER_PORT: "80a" }, 'config: COFFER_PORT: must be a port number 0-65535, got "80a"'],
    ["a bad LOG_LEVEL", { LOG_LEVEL: "loud" }, 'config: LOG_LEVEL: must be one of debug, info, warn, error, silent, got "loud"'],
    ["a bad reconcile variable", { COFFER_TRANSFER_LEASE_MS: "2" }, 'config: COFFER_TRANSFER_LEASE_MS: must be an integer of at least 3, got "2"'],
  ])("%s: exit code 2 and one line naming it", async (_name, env, line) => {
    expect(await refused(env)).toEqual({ exitCode: 2, out: [], err: [line] });
  });

  it("a bad key in the file, and a bad variable beside a good file: exit code 2 and one line naming it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "coffer-launch-"));
    try {
      const good = {
        tokens: [{ name: "t", sha256: SHA, scopes: ["read"] }],
        connections: [{ id: "htx-main", exchange: "HTX", credentials: { accessKey: "ak", secretKey: "sk" } }],
      };
      const badKey = join(dir, "bad-key.json");
      writeFileSync(badKey, JSON.stringify({ ...good, http: { maxConnections: 0 } }));
      expect(await refused({ COFFER_CONFIG: badKey })).toEqual({ exitCode: 2, out: [], err: ["config: http.maxConnections: must be a positive integer, got 0"] });
      const goodFile = join(dir, "good.json");
      writeFileSync(goodFile, JSON.stringify(good));
      expect(await refused({ COFFER_CONFIG: goodFile, COFFER_READ_RETRIES: "-1" })).toEqual({
        exitCode: 2,
        out: [],
        err: ['config: COFFER_READ_RETRIES: must be a non-negative integer, got "-1"'],
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

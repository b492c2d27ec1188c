import { describe, expect, it } from "@jest/globals";
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { launch } from "../../../src/server/launch.js";

/** `main.ts` is `launch` plus signal handling: what it prints and the exit code it takes. */
describe("main's start", () => {
  it("starts the sandbox with the variables applied and prints the banner", async () => {
    const out: string[] = [];
    const err: string[] = [];
    const launched = await launch({ COFFER_PORT: "0", LOG_LEVEL: "silent", COFFER_MAX_QUERY_DEPTH: "3" }, { out: (t) => out.push(t), err: (l) => err.push(l) });
    expect(launched.exitCode).toBeNull();
    if (launched.exitCode !== null) return;
    try {
      expect(err).toEqual([]);
      expect(out.join("\n")).toContain("Coffer sandbox");
      expect(launched.started.coffer.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      // The depth knob reached the running server: a four-deep selection is refused.
      const response = await fetch(`${launched.started.coffer.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: "Bearer coffer-sandbox-token" },
        body: JSON.stringify({ query: "{ accounts { balances { value { amount } } } }" }),
      });
      expect(response.status).toBe(400);
    } finally {
      await launched.started.close();
    }
  });

  it("any other failure to start (the port is taken): exit code 1 and one line", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const port = (blocker.address() as AddressInfo).port;
    try {
      const err: string[] = [];
      const launched = await launch({ COFFER_PORT: String(port), LOG_LEVEL: "silent" }, { out: () => undefined, err: (l) => err.push(l) });
      expect(launched.exitCode).toBe(1);
      expect(err).toHaveLength(1);
      expect(err[0]).toMatch(/^Coffer failed to start: .*EADDRINUSE/);
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });
});

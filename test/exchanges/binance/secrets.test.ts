import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import type { AccountKey } from "../../../src/domain/accountKey.js";
import { Dec } from "../../../src/domain/decimal.js";
import { ALL_ACCOUNT_TYPES, AccountType, Exchange } from "../../../src/domain/enums.js";
import { binanceDemoState } from "../../../src/exchanges/binance/simulator/demoState.js";
import { API_SECRET, CONNECTION_ID, startHarness, type Harness } from "./harness.js";

const key = (type: AccountType): AccountKey => ({ connectionId: CONNECTION_ID, exchange: Exchange.BINANCE, type, symbol: null, subAccountEmail: null });

describe("Binance: no secret, signature or signed URL leaks", () => {
  let h: Harness;
  let wrong: Harness;
  const errors: unknown[] = [];
  const collect = (result: unknown) => {
    for (const r of [result].flat()) if (r instanceof Error) errors.push(r);
  };

  beforeAll(async () => {
    h = await startHarness({ state: binanceDemoState(), timeoutMs: 300, cacheTtlMs: 0 });
    wrong = await startHarness({ state: binanceDemoState(), secret: `${API_SECRET}-wrong` });
    const transfer = (amount: string) =>
      h.connector
        .transfer({
          connectionId: CONNECTION_ID,
          asset: "USDT",
          amount: new Dec(amount),
          from: { type: AccountType.SPOT, symbol: null },
          to: { type: AccountType.FUNDING, symbol: null },
          subAccountEmail: null,
          idempotencyKey: "secrets-1",
        })
        .catch(collect);
    collect(await h.connector.loadBalances(ALL_ACCOUNT_TYPES.filter((t) => t !== AccountType.MARGIN_ISOLATED).map(key)));
    await transfer("1");
    await transfer("99999999"); // insufficient
    h.sim.faults.fail5xx = 1;
    await transfer("1");
    h.sim.faults.malformed = 1;
    collect(await h.connector.loadBalances([key(AccountType.USDM_FUTURES)]));
    h.sim.faults.timeouts = 1;
    await transfer("1");
    h.sim.forceRateLimit(1);
    collect(await h.connector.loadBalances([key(AccountType.SPOT)]));
    collect(await wrong.connector.loadBalances([key(AccountType.SPOT), key(AccountType.MARGIN_CROSS)]));
    await wrong.connector.transferHistory({ since: new Date(Date.now() - 1000), until: new Date() }).catch(collect);
  });
  afterAll(async () => {
    await h.close();
    await wrong.close();
  });

  const signatures = () => [...h.sim.calls, ...wrong.sim.calls].map((c) => /(?:^|&)signature=([0-9a-f]+)/.exec(`${c.rawQuery}&${c.body}`)?.[1]).filter((s): s is string => !!s);

  it("never sends the secret: only the signature is derived from it", () => {
    expect(signatures().length).toBeGreaterThan(10);
    for (const c of [...h.sim.calls, ...wrong.sim.calls]) {
      const seen = `${c.path}?${c.rawQuery} ${c.body} ${JSON.stringify(c.headers)}`;
      expect(seen).not.toContain(API_SECRET);
    }
  });

  it("no log line holds the secret, a signature or a query string", () => {
    const lines = [...h.lines, ...wrong.lines];
    expect(lines.length).toBeGreaterThan(10);
    const sigs = signatures();
    for (const line of lines) {
      expect(line).not.toContain(API_SECRET);
      expect(line).not.toMatch(/signature=|timestamp=|recvWindow=/);
      for (const s of sigs) expect(line).not.toContain(s);
    }
  });

  it("no error holds the secret or a signature, and every one names the connection", () => {
    expect(errors.length).toBeGreaterThanOrEqual(6);
    const sigs = signatures();
    for (const error of errors) {
      const text = `${String(error)} ${(error as Error).stack ?? ""} ${JSON.stringify(error)}`;
      expect(text).not.toContain(API_SECRET);
      expect(text).not.toMatch(/signature=|timestamp=/);
      for (const s of sigs) expect(text).not.toContain(s);
      expect((error as { connectionId?: string }).connectionId).toBe(CONNECTION_ID);
    }
    const codes = new Set(errors.map((e) => (e as { code?: string }).code));
    for (const code of ["INSUFFICIENT_BALANCE", "UPSTREAM_UNAVAILABLE", "UPSTREAM_REJECTED"]) expect(codes).toContain(code);
  });
});

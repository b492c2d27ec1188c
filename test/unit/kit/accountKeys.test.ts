import { describe, expect, it } from "@jest/globals";
import { AccountType, Exchange } from "../../../src/domain/enums.js";
import { NotFoundError } from "../../../src/domain/errors.js";
import { createAccountKeys } from "../../../src/exchanges/kit/accountKeys.js";
import { settleEach } from "../../../src/exchanges/kit/settleEach.js";

const keys = createAccountKeys({
  connectionId: "c1",
  exchange: Exchange.HTX,
  name: "Example",
  supportedTypes: [AccountType.SPOT, AccountType.USDM_FUTURES],
  accountTypes: [AccountType.SPOT],
  shapeProblem: (k) => (k.subAccountEmail ? "no sub-accounts" : null),
});

describe("account keys", () => {
  it("refuses keys of another connection or exchange, types the exchange lacks or the connection does not read, and bad shapes", () => {
    expect(() => keys.check(keys.key(AccountType.SPOT))).not.toThrow();
    expect(() => keys.check({ ...keys.key(AccountType.SPOT), connectionId: "c2" })).toThrow(NotFoundError);
    expect(() => keys.check({ ...keys.key(AccountType.SPOT), exchange: Exchange.BINANCE })).toThrow(NotFoundError);
    expect(() => keys.check(keys.key(AccountType.OPTIONS))).toThrow("Example connection c1 has no OPTIONS account.");
    expect(() => keys.check(keys.key(AccountType.USDM_FUTURES))).toThrow("Connection c1 is not configured to read USDM_FUTURES.");
    expect(() => keys.check(keys.key(AccountType.SPOT, null, "a@b.c"))).toThrow("no sub-accounts");
  });

  it("settles each key on its own, in order: a bad key or a failing load is an Error at its index", async () => {
    const results = await keys.settle([keys.key(AccountType.SPOT), keys.key(AccountType.OPTIONS), keys.key(AccountType.SPOT, "X")], async (k) => {
      if (k.symbol) throw new Error("boom");
      return "ok";
    });
    expect(results[0]).toBe("ok");
    expect(results[1]).toBeInstanceOf(NotFoundError);
    expect(results[2]).toMatchObject({ message: "boom" });
  });

  it("settleEach turns a synchronous throw and a non-Error into an Error at its index", async () => {
    const results = await settleEach([1, 2, 3], (n) => {
      // eslint-disable-next-line @typescript-eslint/only-throw-error -- a non-Error thrown on purpose
      if (n === 2) throw "plain";
      return n * 10;
    });
    expect(results[0]).toBe(10);
    expect(results[1]).toMatchObject({ message: "plain" });
    expect(results[2]).toBe(30);
  });
});

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "@jest/globals";
import type { AccountKey } from "../../src/domain/accountKey.js";
import type { Balance } from "../../src/domain/balance.js";
import { Dec, formatDecimal } from "../../src/domain/decimal.js";
import { ALL_ACCOUNT_TYPES, MarginMode, SymbolRequirement, TransferStatus } from "../../src/domain/enums.js";
import type { ExchangeTransfer, TransferReceipt, TransferRequest } from "../../src/domain/transfer.js";
import type { ExchangeConnector, ExchangePlugin, TransferHistoryQuery } from "../../src/exchanges/exchange.js";
import { startContractKit, walletName, walletOf, type ContractKit } from "./contractKit.js";
import { transferShapes, type ReadWallet, type TransferShape } from "./transferShapes.js";

/** Moved on every route: eight decimals, above every simulated exchange's minimum. */
const AMOUNT = "0.01234567";
const MINUTE = 60_000;
const YEAR = 365 * 24 * 60 * MINUTE;

/** The error a promise rejects with (fails the test when it resolves). */
async function rejection(promise: Promise<unknown>): Promise<Error & { code?: string; connectionId?: string; retryAfterSeconds?: number }> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a rejection");
}

/** What `validateTransfer` throws (null when it accepts the request). */
function refusalOf(connector: ExchangeConnector, request: TransferRequest): { code?: string } | null {
  try {
    connector.validateTransfer(request);
    return null;
  } catch (error) {
    return error as { code?: string };
  }
}

async function readWallets(connector: ExchangeConnector, types = ALL_ACCOUNT_TYPES): Promise<ReadWallet[]> {
  const keys = await connector.listAccounts({ types, includeSubAccounts: true });
  const balances = await connector.loadBalances(keys);
  return keys.map((key, i) => {
    const read = balances[i];
    if (read instanceof Error) throw read;
    return { key, balances: read };
  });
}

async function shapesOf(kit: ContractKit): Promise<TransferShape[]> {
  const { shapes, missing } = transferShapes(kit.config.id, kit.connector.transferRoutes(), await readWallets(kit.connector), AMOUNT);
  expect(missing).toEqual([]);
  return shapes;
}

/** `after − before` of a wallet's asset, exact text. */
const moved = (before: string, after: string) => formatDecimal(new Dec(after).minus(before));

/**
 * The one contract every registered exchange passes: its real connector, over HTTP and signed
 * as in production, against its own simulator in its demo state. Like apollo-server's
 * `defineIntegrationTestSuite`, it is a function that defines the tests; connectorContract.test.ts
 * calls it once per registered plugin. It knows exchanges only through their plugin, the
 * `ExchangeConnector` interface and the simulators' generic test hooks (`ExchangeSimulator`):
 * nothing here names an exchange, an endpoint or a wire field.
 */
export function defineConnectorContract(plugin: ExchangePlugin): void {
  describe(`${plugin.displayName} connector contract`, () => {
    describe("accounts", () => {
      let kit: ContractKit;
      beforeAll(async () => {
        kit = await startContractKit(plugin);
      });
      afterAll(async () => {
        await kit.close();
      });

      it("lists a wallet of every account type the exchange has, each keyed to the connection", async () => {
        expect([...kit.connector.accountTypes].sort()).toEqual([...plugin.accountTypes].sort());
        const keys = await kit.connector.listAccounts({ types: plugin.accountTypes, includeSubAccounts: false });
        expect([...new Set(keys.map((k) => k.type))].sort()).toEqual([...plugin.accountTypes].sort());
        for (const key of keys) expect(key).toMatchObject({ connectionId: kit.config.id, exchange: plugin.exchange, subAccountEmail: null });
        expect(new Set(keys.map(walletName)).size).toBe(keys.length);
      });

      it("lists only the configured account types", async () => {
        const only = plugin.accountTypes[plugin.accountTypes.length - 1];
        const narrow = kit.connect({ accountTypes: [only] });
        expect(narrow.accountTypes).toEqual([only]);
        const keys = await narrow.listAccounts({ types: ALL_ACCOUNT_TYPES, includeSubAccounts: true });
        expect(keys.length).toBeGreaterThan(0);
        expect(keys.every((k) => k.type === only)).toBe(true);
      });

      it("reads every listed wallet's balances exactly as the exchange holds them", async () => {
        const wallets = await readWallets(kit.connector);
        expect(wallets.flatMap((w) => w.balances).length).toBeGreaterThan(0);
        const text = (b: Balance) => `${b.asset} ${formatDecimal(b.total)}`;
        for (const { key, balances } of wallets) {
          const wallet = walletOf(key);
          const held = kit.sim.assetsOf(wallet).filter((asset) => kit.sim.balanceOf(wallet, asset) !== "0");
          // Every asset the exchange holds is read, and every non-zero total read is the exchange's to the last digit.
          const read = balances.filter((b) => held.includes(b.asset) || !b.total.isZero());
          expect({ wallet: walletName(key), balances: read.map(text).sort() }).toEqual({
            wallet: walletName(key),
            balances: [...new Set([...held, ...read.map((b) => b.asset)])].map((asset) => `${asset} ${kit.sim.balanceOf(wallet, asset)}`).sort(),
          });
          for (const b of balances) {
            expect(b.total.equals(b.free.plus(b.locked))).toBe(true);
            expect(b.net.equals(b.total.minus(b.borrowed).minus(b.interest))).toBe(true);
          }
        }
      });

      it("reads margin details for exactly the wallets the exchange reports them for", async () => {
        const keys = await kit.connector.listAccounts({ types: ALL_ACCOUNT_TYPES, includeSubAccounts: true });
        const margins = await kit.connector.loadMargins(keys);
        const seen = keys.map((key, i) => {
          const margin = margins[i];
          if (margin instanceof Error) return `${walletName(key)}: ${margin.message}`;
          if (margin === null) return `${walletName(key)}: none`;
          return `${walletName(key)}: ${margin.mode} ${margin.symbol ?? "-"}`;
        });
        const expected = keys.map((key) => {
          if (!kit.sim.hasMarginDetails(walletOf(key))) return `${walletName(key)}: none`;
          return `${walletName(key)}: ${key.symbol === null ? MarginMode.CROSS : MarginMode.ISOLATED} ${key.symbol ?? "-"}`;
        });
        expect(seen).toEqual(expected);
        expect(margins.some((m) => m !== null)).toBe(true);
      });

      it("answers a wallet it does not have with an error of its own; the others in the batch still read", async () => {
        const keys = await kit.connector.listAccounts({ types: ALL_ACCOUNT_TYPES, includeSubAccounts: false });
        const withSymbol = keys.find((k) => k.symbol !== null);
        const unknown: AccountKey = withSymbol ? { ...withSymbol, symbol: `${withSymbol.symbol}ZZ` } : { ...keys[0], subAccountEmail: "nobody@example.com" };
        const [before, missing, after] = await kit.connector.loadBalances([keys[0], unknown, keys[keys.length - 1]]);
        expect(missing).toBeInstanceOf(Error);
        expect(before).not.toBeInstanceOf(Error);
        expect(after).not.toBeInstanceOf(Error);
      });
    });

    describe("transfers", () => {
      let kit: ContractKit;
      let shapes: TransferShape[];
      beforeAll(async () => {
        kit = await startContractKit(plugin);
        shapes = await shapesOf(kit);
      });
      afterAll(async () => {
        await kit.close();
      });

      it("declares routes only between account types the exchange has", () => {
        const routes = kit.connector.transferRoutes();
        expect(routes.length).toBeGreaterThan(0);
        for (const route of routes) {
          expect(plugin.accountTypes).toContain(route.from.type);
          expect(plugin.accountTypes).toContain(route.to.type);
          expect(route.fromNeedsSymbol).toBe(route.fromSymbol === SymbolRequirement.REQUIRED);
          expect(route.toNeedsSymbol).toBe(route.toSymbol === SymbolRequirement.REQUIRED);
        }
      });

      it("moves exactly the amount on every declared route (and both shapes of an optional symbol)", async () => {
        const seen: string[] = [];
        for (const shape of shapes) {
          const { from, to, request } = shape;
          const refused = refusalOf(kit.connector, request);
          if (refused) {
            seen.push(`${shape.name}: validateTransfer refused it (${String(refused.code)})`);
            continue;
          }
          const fromBefore = kit.sim.balanceOf(walletOf(from), request.asset);
          const toBefore = kit.sim.balanceOf(walletOf(to), request.asset);
          let receipt: TransferReceipt;
          try {
            receipt = await kit.connector.transfer(request);
          } catch (error) {
            seen.push(`${shape.name}: ${String(error)}`);
            continue;
          }
          const ok = receipt.exchangeTransferId.length > 0 && [TransferStatus.CONFIRMED, TransferStatus.PENDING].includes(receipt.status);
          seen.push(
            `${shape.name}: ${moved(fromBefore, kit.sim.balanceOf(walletOf(from), request.asset))} / +${moved(toBefore, kit.sim.balanceOf(walletOf(to), request.asset))}${ok ? "" : ` receipt ${JSON.stringify(receipt)}`}`,
          );
        }
        expect(seen).toEqual(shapes.map((s) => `${s.name}: -${AMOUNT} / +${AMOUNT}`));
      }, 120_000);

      it("refuses more than the source holds with INSUFFICIENT_BALANCE, and nothing moves", async () => {
        const { from, to, request } = shapes[0];
        const held = kit.sim.balanceOf(walletOf(from), request.asset);
        const toBefore = kit.sim.balanceOf(walletOf(to), request.asset);
        const tooMuch = { ...request, amount: new Dec(held).ceil().plus(1) };
        expect(refusalOf(kit.connector, tooMuch)).toBeNull();
        const error = await rejection(kit.connector.transfer(tooMuch));
        expect(error).toMatchObject({ code: "INSUFFICIENT_BALANCE", connectionId: kit.config.id });
        expect(kit.sim.balanceOf(walletOf(from), request.asset)).toBe(held);
        expect(kit.sim.balanceOf(walletOf(to), request.asset)).toBe(toBefore);
      }, 30_000);

      it("refuses a route it does not declare with UNSUPPORTED_ROUTE, before any request", async () => {
        const routes = kit.connector.transferRoutes();
        const declared = (from: string, to: string) => routes.some((r) => r.from.type === from && r.to.type === to);
        const pairs = [
          ...plugin.accountTypes.flatMap((from) => plugin.accountTypes.map((to) => [from, to] as const)),
          ...ALL_ACCOUNT_TYPES.filter((t) => !plugin.accountTypes.includes(t)).map((t) => [plugin.accountTypes[0], t] as const),
        ].filter(([from, to]) => !declared(from, to));
        expect(pairs.length).toBeGreaterThan(0);
        const base = shapes[0].request;
        const calls = kit.sim.calls.length;
        for (const [from, to] of pairs) {
          const request: TransferRequest = { ...base, from: { type: from, symbol: null }, to: { type: to, symbol: null }, subAccountEmail: null };
          expect({ route: `${from} → ${to}`, code: refusalOf(kit.connector, request)?.code }).toEqual({ route: `${from} → ${to}`, code: "UNSUPPORTED_ROUTE" });
          expect(await rejection(kit.connector.transfer(request))).toMatchObject({ code: "UNSUPPORTED_ROUTE" });
        }
        expect(kit.sim.calls.length).toBe(calls);
      });

      it("refuses a malformed request with BAD_USER_INPUT, before any request", async () => {
        const { route, request } = shapes[0];
        const symbol = shapes.map((s) => s.request.from.symbol ?? s.request.to.symbol).find((s) => s !== null) ?? "XYZ";
        const bad: Array<[string, TransferRequest]> = [
          ["zero amount", { ...request, amount: new Dec(0) }],
          ["negative amount", { ...request, amount: new Dec(request.amount).negated() }],
        ];
        if (route.fromSymbol === SymbolRequirement.NONE) bad.push(["a symbol where the route takes none", { ...request, from: { ...request.from, symbol: symbol } }]);
        const required = shapes.find((s) => s.route.fromSymbol === SymbolRequirement.REQUIRED);
        if (required) bad.push(["no symbol where the route needs one", { ...required.request, from: { ...required.request.from, symbol: null } }]);
        const calls = kit.sim.calls.length;
        for (const [name, req] of bad) {
          expect({ name, code: refusalOf(kit.connector, req)?.code }).toEqual({ name, code: "BAD_USER_INPUT" });
          expect({ name, code: (await rejection(kit.connector.transfer(req))).code }).toEqual({ name, code: "BAD_USER_INPUT" });
        }
        expect(kit.sim.calls.length).toBe(calls);
      });
    });

    describe("history", () => {
      let kit: ContractKit;
      let shape: TransferShape;
      const receipts: TransferReceipt[] = [];
      const amounts = ["0.01234561", "0.01234562", "0.01234563"];
      let range: TransferHistoryQuery;
      beforeAll(async () => {
        kit = await startContractKit(plugin);
        [shape] = await shapesOf(kit);
        const started = Date.now();
        for (const amount of amounts) receipts.push(await kit.connector.transfer({ ...shape.request, amount: new Dec(amount) }));
        // History ends at the exchange's now as the connector estimates it (to within a round
        // trip): give that estimate time to pass the last transfer.
        await new Promise((resolve) => setTimeout(resolve, 1000));
        range = { since: new Date(started - 10 * MINUTE), until: new Date(Date.now() + MINUTE) };
      }, 30_000);
      afterAll(async () => {
        await kit.close();
      });

      const ours = (history: readonly ExchangeTransfer[]) => history.filter((t) => receipts.some((r) => r.exchangeTransferId === t.exchangeTransferId));
      const newestFirst = (history: readonly ExchangeTransfer[]) => {
        const times = history.map((t) => t.createdAt.getTime());
        expect(times).toEqual([...times].sort((a, b) => b - a));
      };

      it("shows every transfer made once, newest first, with its route, asset, amount and status", async () => {
        const history = await kit.connector.transferHistory(range);
        newestFirst(history);
        const mine = ours(history);
        expect(mine.map((t) => t.exchangeTransferId).sort()).toEqual(receipts.map((r) => r.exchangeTransferId).sort());
        for (const t of mine) {
          expect(t).toMatchObject({
            connectionId: kit.config.id,
            exchange: plugin.exchange,
            asset: shape.request.asset,
            from: { type: shape.from.type },
            to: { type: shape.to.type },
            subAccountEmail: shape.request.subAccountEmail,
            status: TransferStatus.CONFIRMED,
          });
          expect(t.createdAt.getTime()).toBeGreaterThanOrEqual(range.since.getTime());
        }
        const amountOf = (id: string) => formatDecimal(mine.find((t) => t.exchangeTransferId === id)!.amount);
        expect(receipts.map((r) => amountOf(r.exchangeTransferId))).toEqual(amounts);
      });

      it("keeps to the asked range", async () => {
        const history = await kit.connector.transferHistory(range);
        const times = ours(history).map((t) => t.createdAt.getTime());
        const [oldest, newest] = [Math.min(...times), Math.max(...times)];
        const later = await kit.connector.transferHistory({ since: new Date(newest + 1), until: range.until });
        expect(ours(later)).toEqual([]);
        const earlier = await kit.connector.transferHistory({ since: range.since, until: new Date(oldest - 1) });
        expect(ours(earlier)).toEqual([]);
        for (const t of [...later, ...earlier, ...history]) {
          expect(t.createdAt.getTime()).toBeGreaterThanOrEqual(range.since.getTime());
          expect(t.createdAt.getTime()).toBeLessThanOrEqual(range.until.getTime());
        }
      });

      it("clamps a range wider than the exchange keeps: 1970 to 9999 costs what twenty years back costs", async () => {
        const count = async (query: TransferHistoryQuery) => {
          const before = kit.sim.calls.length;
          const history = await kit.connector.transferHistory(query);
          return { calls: kit.sim.calls.length - before, ids: history.map((t) => t.exchangeTransferId).sort() };
        };
        const widest = await count({ since: new Date(0), until: new Date("9999-12-31T00:00:00Z") });
        const twentyYears = await count({ since: new Date(Date.now() - 20 * YEAR), until: new Date(Date.now() + MINUTE) });
        expect(widest).toEqual(twentyYears);
        expect(widest.ids).toEqual(expect.arrayContaining(receipts.map((r) => r.exchangeTransferId)));
      }, 60_000);

      it("walks the same history lazily, newest first, knowing everything after knownAfter", async () => {
        const full = await kit.connector.transferHistory(range);
        const walk = kit.connector.openTransferHistory(range);
        await walk.more(1);
        expect(walk.transfers.length >= 1 || walk.done).toBe(true);
        expect(walk.transfers[0].createdAt.getTime()).toBe(full[0].createdAt.getTime());
        for (let i = 0; !walk.done && i < 1000; i++) {
          const known = walk.transfers.length;
          await walk.more(1);
          expect(walk.transfers.length >= known + 1 || walk.done).toBe(true);
          for (const t of walk.transfers) expect(t.createdAt.getTime()).toBeGreaterThan(walk.knownAfter);
        }
        expect(walk.done).toBe(true);
        newestFirst(walk.transfers);
        expect(walk.transfers.map((t) => t.exchangeTransferId).sort()).toEqual(full.map((t) => t.exchangeTransferId).sort());
      }, 60_000);
    });

    describe("signing", () => {
      let kit: ContractKit;
      let shape: TransferShape;
      beforeAll(async () => {
        kit = await startContractKit(plugin);
        [shape] = await shapesOf(kit);
      });
      afterAll(async () => {
        await kit.close();
      });

      it.each(plugin.connectionKeys.credentials.map((name) => [name]))(
        "a connection whose %s is wrong is refused by the exchange (UPSTREAM_REJECTED), and nothing moves",
        async (name) => {
          const credentials = { ...(plugin.demoCredentials as Record<string, string>), [name]: `${(plugin.demoCredentials as Record<string, string>)[name]}-wrong` };
          const wrong = kit.connect({ credentials });
          const keys = await kit.connector.listAccounts({ types: plugin.accountTypes, includeSubAccounts: false });
          const calls = kit.sim.calls.length;
          const reads = await wrong.loadBalances(keys);
          expect(kit.sim.calls.length).toBeGreaterThan(calls);
          for (const read of reads) expect(read).toMatchObject({ code: "UPSTREAM_REJECTED", connectionId: kit.config.id });
          const fromBefore = kit.sim.balanceOf(walletOf(shape.from), shape.request.asset);
          expect(await rejection(wrong.transfer(shape.request))).toMatchObject({ code: "UPSTREAM_REJECTED", connectionId: kit.config.id });
          expect(kit.sim.balanceOf(walletOf(shape.from), shape.request.asset)).toBe(fromBefore);
        },
        30_000,
      );
    });

    describe("rate limits", () => {
      // Every connector's tuning takes `readMaxWaitMs`: how long a read may wait out a refusal.
      const tuning = { readMaxWaitMs: 2000 };
      let kit: ContractKit;
      let key: AccountKey;
      // A fresh connection each: a refusal's window must not carry over into the next case.
      beforeEach(async () => {
        kit = await startContractKit(plugin, { tuning });
        [key] = await kit.connector.listAccounts({ types: plugin.accountTypes, includeSubAccounts: false });
        const [warm] = await kit.connector.loadBalances([key]);
        expect(warm).not.toBeInstanceOf(Error);
      });
      afterEach(async () => {
        await kit.close();
      });

      it("a short rate-limit refusal is waited out or reported RATE_LIMITED, and nothing is sent inside its window", async () => {
        const from = kit.sim.calls.length;
        kit.sim.forceRateLimit(1);
        const [result] = await kit.connector.loadBalances([key]);
        const after = kit.sim.calls.slice(from);
        if (result instanceof Error) expect(result).toMatchObject({ code: "RATE_LIMITED", connectionId: kit.config.id });
        else expect(after.length).toBeGreaterThanOrEqual(2);
        const refusedAt = after[0].at;
        for (const call of after.slice(1)) expect(call.at - refusedAt).toBeGreaterThanOrEqual(1000 - 20);
      });

      it("a refusal longer than a read may wait is RATE_LIMITED with retryAfterSeconds, and the next read sends nothing", async () => {
        kit.sim.forceRateLimit(30);
        const [first] = await kit.connector.loadBalances([key]);
        expect(first).toMatchObject({ code: "RATE_LIMITED", connectionId: kit.config.id });
        const seconds = (first as unknown as { retryAfterSeconds: number }).retryAfterSeconds;
        expect(seconds).toBeGreaterThanOrEqual(28);
        expect(seconds).toBeLessThanOrEqual(32);
        const calls = kit.sim.calls.length;
        const [second] = await kit.connector.loadBalances([key]);
        expect(second).toMatchObject({ code: "RATE_LIMITED" });
        expect(kit.sim.calls.length).toBe(calls);
      });
    });
  });
}

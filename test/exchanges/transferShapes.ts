import type { AccountKey } from "../../src/domain/accountKey.js";
import type { Balance } from "../../src/domain/balance.js";
import { Dec } from "../../src/domain/decimal.js";
import { SymbolRequirement } from "../../src/domain/enums.js";
import type { TransferRequest, TransferRoute } from "../../src/domain/transfer.js";
import { walletName } from "./contractKit.js";

/** One concrete transfer on a declared route: real wallets of the simulator and an asset both sides take. */
export interface TransferShape {
  /** e.g. "SPOT → USDM_FUTURES:BTC-USDT" */
  readonly name: string;
  readonly route: TransferRoute;
  readonly from: AccountKey;
  readonly to: AccountKey;
  readonly request: TransferRequest;
}

/** A listed wallet with what the connector read from it. */
export interface ReadWallet {
  readonly key: AccountKey;
  readonly balances: readonly Balance[];
}

type SymbolChoice = "none" | "some";

/** NONE: no symbol; REQUIRED: a symbol; OPTIONAL: both shapes, each tried. */
function choicesOf(rule: SymbolRequirement): SymbolChoice[] {
  if (rule === SymbolRequirement.NONE) return ["none"];
  if (rule === SymbolRequirement.REQUIRED) return ["some"];
  return ["none", "some"];
}

function fits(key: AccountKey, type: AccountKey["type"], choice: SymbolChoice, email: string | null): boolean {
  return key.type === type && (key.subAccountEmail ?? null) === email && (choice === "none" ? key.symbol === null : key.symbol !== null);
}

/**
 * Every shape of every declared route (an OPTIONAL symbol gives two), each on the first pair of
 * listed wallets where the source holds at least `amount` free of an asset, preferring one the
 * destination already lists (so an isolated pair or a contract account takes it). A route no listed wallets can
 * carry is returned in `missing`: the demo state should be able to try every route.
 */
export function transferShapes(
  connectionId: string,
  routes: readonly TransferRoute[],
  wallets: readonly ReadWallet[],
  amount: string,
): { shapes: TransferShape[]; missing: string[] } {
  const shapes: TransferShape[] = [];
  const missing: string[] = [];
  const emails = [...new Set(wallets.map((w) => w.key.subAccountEmail).filter((e): e is string => e !== null))];
  for (const route of routes) {
    for (const fromChoice of choicesOf(route.fromSymbol)) {
      for (const toChoice of choicesOf(route.toSymbol)) {
        const label = `${route.needsSubAccountEmail ? "sub-account " : ""}${route.from.type}${fromChoice === "some" ? ":<symbol>" : ""} → ${route.to.type}${toChoice === "some" ? ":<symbol>" : ""}`;
        const shape = firstShape(connectionId, route, wallets, amount, fromChoice, toChoice, route.needsSubAccountEmail ? emails : [null]);
        if (shape) shapes.push(shape);
        else missing.push(label);
      }
    }
  }
  return { shapes, missing };
}

function firstShape(
  connectionId: string,
  route: TransferRoute,
  wallets: readonly ReadWallet[],
  amount: string,
  fromChoice: SymbolChoice,
  toChoice: SymbolChoice,
  emails: ReadonlyArray<string | null>,
): TransferShape | null {
  // First an asset the destination lists; only when no pair of wallets has one, any asset.
  for (const listedOnly of [true, false]) {
    const shape = firstShapeOf(connectionId, route, wallets, amount, fromChoice, toChoice, emails, listedOnly);
    if (shape) return shape;
  }
  return null;
}

function firstShapeOf(
  connectionId: string,
  route: TransferRoute,
  wallets: readonly ReadWallet[],
  amount: string,
  fromChoice: SymbolChoice,
  toChoice: SymbolChoice,
  emails: ReadonlyArray<string | null>,
  listedOnly: boolean,
): TransferShape | null {
  for (const email of emails) {
    for (const from of wallets.filter((w) => fits(w.key, route.from.type, fromChoice, email))) {
      for (const to of wallets.filter((w) => fits(w.key, route.to.type, toChoice, email))) {
        if (walletName(from.key) === walletName(to.key)) continue;
        const takes = new Set(to.balances.map((b) => b.asset));
        const asset = from.balances
          .filter((b) => b.free.greaterThanOrEqualTo(new Dec(amount)) && (!listedOnly || takes.has(b.asset)))
          .map((b) => b.asset)
          .sort()[0];
        if (asset === undefined) continue;
        return {
          name: `${walletName(from.key)} → ${walletName(to.key)} (${asset})`,
          route,
          from: from.key,
          to: to.key,
          request: {
            connectionId,
            asset,
            amount: new Dec(amount),
            from: { type: from.key.type, symbol: from.key.symbol },
            to: { type: to.key.type, symbol: to.key.symbol },
            subAccountEmail: email,
            idempotencyKey: `contract ${walletName(from.key)} → ${walletName(to.key)}`,
          },
        };
      }
    }
  }
  return null;
}

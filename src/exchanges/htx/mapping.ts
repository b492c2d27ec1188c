import type { Decimal } from "decimal.js";
import { makeBalance, type Balance } from "../../domain/balance.js";
import { ZERO } from "../../domain/decimal.js";
import type { HtxAccountWire, HtxSpotBalanceRowWire, HtxSpotBalanceWire } from "./wire.js";
import { wireArray, wireDecimal, wireIdText, wireString } from "../kit/wireValues.js";

/** The id of the `spot` account in GET /v1/account/accounts, as exact text; null when there is none. */
export function spotAccountIdOf(accounts: readonly HtxAccountWire[]): string | null {
  const spot = accounts.find((account) => account.type === "spot");
  return spot ? wireIdText(spot.id, "id") : null;
}

/** Row types that count as free (`trade`) and as locked (`frozen`, `lock`); other row types are not spot money. */
const FREE_ROWS = new Set(["trade"]);
const LOCKED_ROWS = new Set(["frozen", "lock"]);

/**
 * Spot balances from GET /v1/account/accounts/{id}/balance: one Balance per currency, free =
 * the `trade` row, locked = `frozen` + `lock` rows. Zero balances are kept (the caller decides
 * whether to show them).
 */
export function spotBalancesOf(wire: HtxSpotBalanceWire): Balance[] {
  const sums = new Map<string, { free: Decimal; locked: Decimal }>();
  for (const row of wireArray<HtxSpotBalanceRowWire>(wire.list, "list")) {
    const rowType = wireString(row.type, "type");
    if (!FREE_ROWS.has(rowType) && !LOCKED_ROWS.has(rowType)) continue;
    const currency = wireString(row.currency, "currency").toUpperCase();
    const amount = wireDecimal(row.balance, "balance");
    const sum = sums.get(currency) ?? { free: ZERO, locked: ZERO };
    if (FREE_ROWS.has(rowType)) sum.free = sum.free.plus(amount);
    else sum.locked = sum.locked.plus(amount);
    sums.set(currency, sum);
  }
  return [...sums].map(([asset, sum]) => makeBalance({ asset, free: sum.free, locked: sum.locked }));
}

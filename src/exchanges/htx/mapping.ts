import type { Decimal } from "decimal.js";
import { makeBalance, type Balance } from "../../domain/balance.js";
import { ZERO } from "../../domain/decimal.js";
import { asciiUpper } from "../../domain/asciiCase.js";
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

/**
 * GET /v2/reference/currencies → every currency code HTX lists, upper-case (HTX writes them
 * lower-case). Delisted entries are kept: a coin HTX still names can be held and moved.
 */
export function htxListedCurrencies(body: Record<string, unknown>): ReadonlySet<string> {
  const rows = wireArray<{ currency?: unknown }>(body.data, "data");
  if (rows.length === 0) throw new TypeError("HTX field data lists no currency");
  const set = new Set<string>();
  for (const row of rows) {
    const code = wireString(row?.currency, "currency");
    if (code === "") throw new TypeError("HTX field currency is empty");
    set.add(asciiUpper(code));
  }
  return set;
}

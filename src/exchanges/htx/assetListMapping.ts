import { asciiUpper } from "../../domain/asciiCase.js";
import { wireArray, wireString } from "../kit/wireValues.js";

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

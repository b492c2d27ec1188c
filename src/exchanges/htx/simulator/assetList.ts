import { HTX_EXTRA_LISTED_CURRENCIES, type HtxSimState } from "./state.js";

/**
 * GET /v2/reference/currencies: one entry per listed currency (every currency the state holds
 * plus its extra listings), lower-case, in HTX's v2 envelope.
 */
export function referenceCurrenciesBody(state: HtxSimState): unknown {
  const held = [...state.spot.map((r) => r.currency), ...(state.v5?.details.map((d) => d.currency) ?? [])].map((c) => c.toLowerCase());
  const currencies = [...new Set([...held, ...(state.listedCurrencies ?? HTX_EXTRA_LISTED_CURRENCIES)])].sort();
  return {
    code: 200,
    data: currencies.map((currency) => ({
      currency,
      assetType: 1,
      instStatus: "normal",
      chains: [],
    })),
  };
}

import { readFileSync } from "node:fs";
import { print } from "graphql";
import { ValuedDashboardDocument } from "../generated/graphql.js";

/** The dashboard document a frontend sends (schema/operations/Dashboard.graphql), read at run time. */
export const DASHBOARD_QUERY = readFileSync(new URL("../../../schema/operations/Dashboard.graphql", import.meta.url), "utf8");
/** Every wallet, sub-accounts included. */
export const EVERYTHING = { filter: { includeSubAccounts: true } };
export const DASHBOARD_BODY = JSON.stringify({ query: DASHBOARD_QUERY, variables: EVERYTHING, operationName: "Dashboard" });
/** The dashboard with values (schema/operations/ValuedDashboard.graphql, fragments included), in USDT. */
export const VALUED_DASHBOARD_BODY = JSON.stringify({ query: print(ValuedDashboardDocument), variables: EVERYTHING, operationName: "ValuedDashboard" });

/**
 * The wallets CCXT's `fetchBalance` reads in section 6 (Binance spot, funding, cross and
 * isolated margin, USDⓈ-M, COIN-M, portfolio margin; HTX spot), balances only: Coffer's answer
 * to the same question, for a like-for-like time.
 */
export const CCXT_WALLETS_QUERY = `query CcxtWallets {
  binance: accounts(filter: { exchanges: [BINANCE], types: [SPOT, FUNDING, MARGIN_CROSS, MARGIN_ISOLATED, USDM_FUTURES, COINM_FUTURES, PORTFOLIO_MARGIN] }) {
    id
    balances { asset free locked total }
  }
  htx: accounts(filter: { exchanges: [HTX], types: [SPOT] }) {
    id
    balances { asset free locked total }
  }
}`;
export const CCXT_WALLETS_BODY = JSON.stringify({ query: CCXT_WALLETS_QUERY, operationName: "CcxtWallets" });

import type { SimTicker } from "../../kit/simulator/simTicker.js";

/**
 * What the HTX simulator holds. Amounts are exact decimal text, written back to the wire as
 * bare JSON numbers (contract and ledger endpoints) or strings (spot balance), as HTX does.
 * A nullable figure is `null` (HTX writes null) or `""` (HTX writes an empty string).
 */
export type SimNumber = string | null;

export interface HtxSimSpotRow {
  /** lower-case, as HTX lists it */
  currency: string;
  type: "trade" | "frozen" | "lock";
  balance: string;
}

export interface HtxSimContractDetail {
  symbol: string;
  contract_code: string;
  margin_position: string;
  margin_frozen: string;
  margin_available: string;
  profit_unreal: string;
  liquidation_price: SimNumber;
  lever_rate: string;
  adjust_factor: string;
  contract_type: string;
  cross_max_available: SimNumber;
  trade_partition: string;
  pair: string;
  business_type: string;
}

export interface HtxSimCrossAccount {
  /** The numeric id the spot ledger names this account by (transferer/transferee); never on the contract wire. */
  ledgerAccountId: number;
  margin_asset: string;
  margin_balance: string;
  margin_static: string;
  margin_position: string;
  margin_frozen: string;
  profit_unreal: string;
  withdraw_available: string;
  risk_rate: SimNumber;
  money_in: SimNumber;
  money_out: SimNumber;
  new_risk_rate: SimNumber;
  position_mode: string;
  contract_detail: HtxSimContractDetail[];
  futures_contract_detail: HtxSimContractDetail[];
}

export interface HtxSimIsolatedAccount {
  ledgerAccountId: number;
  symbol: string;
  contract_code: string;
  margin_asset: string;
  margin_balance: string;
  margin_position: string;
  margin_frozen: string;
  margin_available: string;
  profit_real: string;
  profit_unreal: string;
  risk_rate: SimNumber;
  new_risk_rate: SimNumber;
  trade_partition: string;
  withdraw_available: string;
  liquidation_price: SimNumber;
  lever_rate: string;
  adjust_factor: string;
  margin_static: string;
  position_mode: string;
}

/** One collateral currency of the V5 account (GET /v5/account/balance details[]); values are decimal text. */
export interface HtxSimV5Detail {
  currency: string;
  equity: string;
  available: string;
  withdraw_available: string;
  profit_unreal: string;
  initial_margin: string;
  maintenance_margin: string;
  maintenance_margin_rate: string;
  initial_margin_rate: string;
}

/** One open position (GET /v5/trade/position/opens). */
export interface HtxSimV5Position {
  contract_code: string;
  position_side: "long" | "short" | "both";
  direction: "buy" | "sell";
  margin_mode: "cross" | "isolated";
  open_avg_price: string;
  volume: string;
  available: string;
  lever_rate: string;
  liquidation_price: SimNumber;
  margin: string;
  initial_margin: string;
  maintenance_margin: string;
  profit_unreal: string;
  profit_rate: string;
  margin_rate: string;
  mark_price: string;
  last_price: string;
  margin_currency: string;
  contract_type: string;
}

/**
 * A Multi-Assets Collateral (V5) account: account figures in USDT (the simulator values USDT
 * at 1 when a transfer moves them), one detail per collateral currency, open positions.
 */
export interface HtxSimV5Account {
  ledgerAccountId: number;
  /** normal, liquidating, adl, open_limit */
  state: string;
  equity: string;
  initial_margin: string;
  maintenance_margin: string;
  maintenance_margin_rate: string;
  profit_unreal: string;
  available_margin: string;
  details: HtxSimV5Detail[];
  positions: HtxSimV5Position[];
}

/** One GET /v2/account/ledger row (the fields HTX documents, nothing more). */
export interface HtxSimLedgerRow {
  accountId: number;
  currency: string;
  /** Signed exact text: + income, − expense, seen from the spot account. */
  transactAmt: string;
  transactType: "transfer";
  transferType: string;
  transactId: number;
  transactTime: number;
  transferer: number;
  transferee: number;
}

export interface HtxSimState {
  spotAccountId: number;
  /** Other rows of GET /v1/account/accounts (margin, otc, ...), listed as HTX does. */
  otherAccounts: Array<{ id: number; type: string; subtype: string; state: string }>;
  /** USDT-M account type: false = 1 (cross + isolated accounts), true = 2 (unified). */
  unified: boolean;
  /**
   * Set: the account is in Multi-Assets Collateral mode (GET /v5/account/asset_mode answers 1)
   * and its USDT-M money is this account; transfers move it. Absent: single-asset mode.
   */
  v5?: HtxSimV5Account | null;
  spot: HtxSimSpotRow[];
  cross: HtxSimCrossAccount;
  isolated: HtxSimIsolatedAccount[];
  ledger: HtxSimLedgerRow[];
  /** Next id /v2/account/transfer hands out. */
  nextTransferId: number;
  /** Smallest amount one transfer may move (error 1303 below it). */
  minTransferAmount: string;
  /** What GET /market/tickers quotes (none when absent); symbols are written lower-case. */
  tickers?: SimTicker[];
  /**
   * Currencies GET /v2/reference/currencies lists besides every one the state holds
   * (lower-case; default HTX_EXTRA_LISTED_CURRENCIES).
   */
  listedCurrencies?: string[];
}

/** Listed currencies a state holds none of, unless it says otherwise. */
export const HTX_EXTRA_LISTED_CURRENCIES: readonly string[] = ["usdt", "btc", "eth", "ht", "trx", "sol", "doge", "xrp"];

/** A deep copy, so a simulator never shares (or mutates) the state object a test passed in. */
export function cloneSimState(state: HtxSimState): HtxSimState {
  return structuredClone(state);
}

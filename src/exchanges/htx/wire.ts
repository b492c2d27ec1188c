import type { JsonNumber } from "../kit/parseJsonExact.js";

/**
 * HTX's wire shapes, as `parseJsonExact` returns them (numbers are `JsonNumber`, exact). Only
 * the fields Coffer reads are listed; everything here stays inside exchanges/htx.
 * Nullable figures: HTX writes `null` or `""` for "no value" (liquidation_price, risk_rate,
 * new_risk_rate, cross_max_available...).
 */
export type WireDecimal = JsonNumber | string | null;

/** GET /v1/account/accounts → data[] */
export interface HtxAccountWire {
  id: JsonNumber;
  type: string;
  subtype: string;
  state: string;
}

/** GET /v1/account/accounts/{id}/balance → data */
export interface HtxSpotBalanceWire {
  id: JsonNumber;
  type: string;
  state: string;
  list: HtxSpotBalanceRowWire[];
}

export interface HtxSpotBalanceRowWire {
  currency: string;
  /** trade, frozen, lock, loan, interest, ... */
  type: string;
  /** A string on this endpoint. */
  balance: string;
}

/** One entry of contract_detail / futures_contract_detail (cross account). */
export interface HtxContractDetailWire {
  symbol: string;
  contract_code: string;
  margin_position: WireDecimal;
  margin_frozen: WireDecimal;
  margin_available: WireDecimal;
  profit_unreal: WireDecimal;
  liquidation_price: WireDecimal;
  lever_rate: WireDecimal;
  adjust_factor: WireDecimal;
  contract_type: string;
  cross_max_available: WireDecimal;
  trade_partition?: string;
  pair?: string | null;
  business_type: string;
}

/** POST /linear-swap-api/v1/swap_cross_account_info → data[] */
export interface HtxCrossAccountWire {
  margin_mode: string;
  margin_account: string;
  margin_asset: string;
  margin_balance: WireDecimal;
  margin_static: WireDecimal;
  margin_position: WireDecimal;
  margin_frozen: WireDecimal;
  profit_unreal: WireDecimal;
  withdraw_available: WireDecimal;
  risk_rate: WireDecimal;
  money_in?: WireDecimal;
  money_out?: WireDecimal;
  new_risk_rate?: WireDecimal;
  position_mode?: string | null;
  contract_detail?: HtxContractDetailWire[];
  futures_contract_detail?: HtxContractDetailWire[];
}

/** POST /linear-swap-api/v1/swap_account_info → data[] (one per isolated contract). */
export interface HtxIsolatedAccountWire {
  symbol: string;
  contract_code: string;
  margin_asset: string;
  margin_balance: WireDecimal;
  margin_static: WireDecimal;
  margin_position: WireDecimal;
  margin_frozen: WireDecimal;
  margin_available: WireDecimal;
  profit_real: WireDecimal;
  profit_unreal: WireDecimal;
  risk_rate: WireDecimal;
  new_risk_rate?: WireDecimal;
  trade_partition?: string;
  withdraw_available: WireDecimal;
  liquidation_price: WireDecimal;
  lever_rate: WireDecimal;
  adjust_factor: WireDecimal;
  margin_mode: string;
  margin_account: string;
  position_mode?: string | null;
}

/** GET /linear-swap-api/v3/swap_unified_account_type → data */
export interface HtxUnifiedAccountTypeWire {
  /** 1 = non-unified (cross + isolated), 2 = unified. */
  account_type: JsonNumber;
}

export interface HtxUnifiedCrossContractWire {
  symbol: string;
  contract_code: string;
  margin_mode: string;
  margin_available: WireDecimal;
  cross_max_available: WireDecimal;
  lever_rate: WireDecimal;
  contract_type: string;
  business_type: string;
}

export interface HtxUnifiedIsolatedSwapWire {
  symbol: string;
  contract_code: string;
  margin_mode: string;
  margin_available: WireDecimal;
  withdraw_available: WireDecimal;
  lever_rate: WireDecimal;
  position_mode?: string | null;
}

/** GET /linear-swap-api/v3/unified_account_info → data[] (one per margin asset). */
export interface HtxUnifiedAccountWire {
  margin_asset: string;
  margin_balance: WireDecimal;
  margin_static: WireDecimal;
  cross_margin_static?: WireDecimal;
  cross_profit_unreal?: WireDecimal;
  margin_frozen: WireDecimal;
  withdraw_available: WireDecimal;
  cross_risk_rate?: WireDecimal;
  cross_swap?: HtxUnifiedCrossContractWire[];
  /** The page's example says cross_future, its field table cross_futures: both are read. */
  cross_future?: HtxUnifiedCrossContractWire[];
  cross_futures?: HtxUnifiedCrossContractWire[];
  isolated_swap?: HtxUnifiedIsolatedSwapWire[];
}

/** GET /v5/account/asset_mode → data. The page's field table says assets_mode, clients read asset_mode: both are read. */
export interface HtxV5AssetModeWire {
  /** 0 = single-asset collateral, 1 = Multi-Assets Collateral (V5). */
  asset_mode?: JsonNumber | string;
  assets_mode?: JsonNumber | string;
}

/** One currency of GET /v5/account/balance → data.details[] (values are strings). */
export interface HtxV5BalanceDetailWire {
  currency: string;
  equity: WireDecimal;
  available: WireDecimal;
  withdraw_available: WireDecimal;
  profit_unreal: WireDecimal;
  initial_margin: WireDecimal;
  maintenance_margin: WireDecimal;
  maintenance_margin_rate: WireDecimal;
  initial_margin_rate?: WireDecimal;
}

/** GET /v5/account/balance → data: the Multi-Assets Collateral account, figures in USD(T). */
export interface HtxV5BalanceWire {
  /** normal, liquidating, adl, open_limit (the page also lists them as 1, 3, 5, 6). */
  state: string | JsonNumber;
  equity: WireDecimal;
  initial_margin: WireDecimal;
  maintenance_margin: WireDecimal;
  /** Maintenance margin / equity. */
  maintenance_margin_rate: WireDecimal;
  profit_unreal: WireDecimal;
  available_margin: WireDecimal;
  details?: HtxV5BalanceDetailWire[];
}

/** GET /v5/trade/position/opens → data[] */
export interface HtxV5PositionWire {
  contract_code: string;
  /** long, short, both */
  position_side: string;
  direction?: string;
  /** cross, isolated */
  margin_mode: string;
  volume: WireDecimal;
  lever_rate: WireDecimal;
  liquidation_price: WireDecimal;
  margin?: WireDecimal;
  initial_margin: WireDecimal;
  maintenance_margin: WireDecimal;
  profit_unreal: WireDecimal;
  margin_currency?: string;
  contract_type?: string;
}

/** GET /v2/account/ledger → data[] */
export interface HtxLedgerRowWire {
  accountId: JsonNumber;
  currency: string;
  /** + income, − expense, seen from the spot account. */
  transactAmt: JsonNumber;
  transactType: string;
  transferType: string;
  transactId: JsonNumber;
  transactTime: JsonNumber;
  transferer: JsonNumber;
  transferee: JsonNumber;
}

/** POST /linear-swap-api/v3/swap_financial_record → data[] (the contract side of a transfer). */
export interface HtxFinancialRecordWire {
  query_id?: JsonNumber;
  id: JsonNumber;
  /** 14 = transfer from spot to contract, 15 = contract to spot. */
  type: JsonNumber;
  /** + in, − out, seen from the contract account. */
  amount: JsonNumber;
  ts: JsonNumber;
  contract_code?: string;
  asset: string;
  /** "USDT" for the cross account, a contract code ("BTC-USDT") for an isolated one. */
  margin_account: string;
}

/** POST /v2/account/transfer body, in the order of the documentation's example. */
export interface HtxTransferBodyWire {
  from: "spot" | "linear-swap";
  to: "spot" | "linear-swap";
  currency: string;
  amount: JsonNumber;
  "margin-account": string;
}

/** GET /market/tickers → data[] (public; every figure a JSON number; `close` is the last price). */
export interface HtxTickerWire {
  symbol: string;
  close: WireDecimal;
  bid?: WireDecimal;
  ask?: WireDecimal;
}

import type { Decimal } from "decimal.js";
import { makeBalance, type Balance } from "../../domain/balance.js";
import { MarginMode } from "../../domain/enums.js";
import { emptyMarginDetails, type ContractMargin, type MarginDetails } from "../../domain/margin.js";
import type { HtxContractDetailWire, HtxCrossAccountWire, HtxIsolatedAccountWire, HtxUnifiedAccountWire, HtxUnifiedCrossContractWire, HtxUnifiedIsolatedSwapWire } from "./wire.js";
import { riskLevelOfCrossRate, riskLevelOfIsolatedRate } from "./riskLevel.js";
import { wireArray, wireDecimal, wireOptionalDecimal, wireOptionalString, wireString } from "../kit/wireValues.js";

/**
 * One USDT-margined contract account as Coffer sees it: the cross account (symbol null) or an
 * isolated one (symbol = contract code, e.g. BTC-USDT), with its balances and margin picture.
 */
export interface HtxContractAccount {
  readonly symbol: string | null;
  readonly balances: readonly Balance[];
  readonly margin: MarginDetails;
}

/** The margin asset the cross account reports its risk in. */
const CROSS_MARGIN_ACCOUNT = "USDT";

const opt = wireOptionalDecimal;

/** Contract account balance: free = withdraw_available, locked = margin_balance − withdraw_available. */
export function contractBalanceOf(asset: string, marginBalance: Decimal, withdrawAvailable: Decimal): Balance {
  return makeBalance({ asset, free: withdrawAvailable, locked: marginBalance.minus(withdrawAvailable) });
}

/** One entry of contract_detail / futures_contract_detail. */
export function contractMarginOf(detail: HtxContractDetailWire): ContractMargin {
  return {
    symbol: wireString(detail.symbol, "symbol"),
    contractCode: wireString(detail.contract_code, "contract_code"),
    contractType: wireString(detail.contract_type, "contract_type"),
    businessType: wireString(detail.business_type, "business_type"),
    pair: wireOptionalString(detail.pair),
    leverage: opt(detail.lever_rate, "lever_rate"),
    positionMargin: opt(detail.margin_position, "margin_position"),
    frozenMargin: opt(detail.margin_frozen, "margin_frozen"),
    availableMargin: opt(detail.margin_available, "margin_available"),
    unrealizedPnl: opt(detail.profit_unreal, "profit_unreal"),
    liquidationPrice: opt(detail.liquidation_price, "liquidation_price"),
    adjustFactor: opt(detail.adjust_factor, "adjust_factor"),
    crossMaxAvailable: opt(detail.cross_max_available, "cross_max_available"),
  };
}

/**
 * The cross account from POST /linear-swap-api/v1/swap_cross_account_info. HTX returns one row
 * per margin account (today only USDT): each row gives a Balance; the USDT row (or the first)
 * gives the margin details, with swaps (contract_detail) and futures (futures_contract_detail).
 * Null when HTX lists no cross account.
 */
export function crossAccountOf(rows: readonly HtxCrossAccountWire[]): HtxContractAccount | null {
  if (rows.length === 0) return null;
  const main = rows.find((row) => row.margin_account === CROSS_MARGIN_ACCOUNT) ?? rows[0];
  const riskRate = opt(main.risk_rate, "risk_rate");
  const margin: MarginDetails = {
    ...emptyMarginDetails(MarginMode.CROSS, null),
    marginAsset: wireString(main.margin_asset, "margin_asset"),
    marginBalance: opt(main.margin_balance, "margin_balance"),
    marginStatic: opt(main.margin_static, "margin_static"),
    positionMargin: opt(main.margin_position, "margin_position"),
    frozenMargin: opt(main.margin_frozen, "margin_frozen"),
    availableMargin: opt((main as { margin_available?: unknown }).margin_available, "margin_available"),
    unrealizedPnl: opt(main.profit_unreal, "profit_unreal"),
    withdrawAvailable: opt(main.withdraw_available, "withdraw_available"),
    riskRate,
    riskLevel: riskLevelOfCrossRate(riskRate),
    positionMode: wireOptionalString(main.position_mode),
    contracts: [
      ...wireArray<HtxContractDetailWire>(main.contract_detail, "contract_detail"),
      ...wireArray<HtxContractDetailWire>(main.futures_contract_detail, "futures_contract_detail"),
    ].map(contractMarginOf),
  };
  const balances = rows.map((row) =>
    contractBalanceOf(wireString(row.margin_asset, "margin_asset"), wireDecimal(row.margin_balance, "margin_balance"), wireDecimal(row.withdraw_available, "withdraw_available")),
  );
  return { symbol: null, balances, margin };
}

/**
 * The isolated accounts from POST /linear-swap-api/v1/swap_account_info, one per contract.
 * HTX's isolated accounts are perpetual swaps only, so the single ContractMargin entry (which
 * carries the leverage and adjust factor) is typed swap/swap.
 */
export function isolatedAccountsOf(rows: readonly HtxIsolatedAccountWire[]): HtxContractAccount[] {
  return rows.map((row) => {
    const contractCode = wireString(row.contract_code, "contract_code").toUpperCase();
    const liquidationPrice = opt(row.liquidation_price, "liquidation_price");
    const riskRate = opt(row.risk_rate, "risk_rate");
    const adjustFactor = opt(row.adjust_factor, "adjust_factor");
    const margin: MarginDetails = {
      ...emptyMarginDetails(MarginMode.ISOLATED, contractCode),
      marginAsset: wireString(row.margin_asset, "margin_asset"),
      marginBalance: opt(row.margin_balance, "margin_balance"),
      marginStatic: opt(row.margin_static, "margin_static"),
      positionMargin: opt(row.margin_position, "margin_position"),
      frozenMargin: opt(row.margin_frozen, "margin_frozen"),
      availableMargin: opt(row.margin_available, "margin_available"),
      unrealizedPnl: opt(row.profit_unreal, "profit_unreal"),
      withdrawAvailable: opt(row.withdraw_available, "withdraw_available"),
      riskRate,
      riskLevel: riskLevelOfIsolatedRate(riskRate, adjustFactor),
      liquidationPrice,
      positionMode: wireOptionalString(row.position_mode),
      contracts: [
        {
          symbol: wireString(row.symbol, "symbol"),
          contractCode,
          contractType: "swap",
          businessType: "swap",
          pair: null,
          leverage: opt(row.lever_rate, "lever_rate"),
          positionMargin: opt(row.margin_position, "margin_position"),
          frozenMargin: opt(row.margin_frozen, "margin_frozen"),
          availableMargin: opt(row.margin_available, "margin_available"),
          unrealizedPnl: opt(row.profit_unreal, "profit_unreal"),
          liquidationPrice,
          adjustFactor,
          crossMaxAvailable: null,
        },
      ],
    };
    const balance = contractBalanceOf(
      wireString(row.margin_asset, "margin_asset"),
      wireDecimal(row.margin_balance, "margin_balance"),
      wireDecimal(row.withdraw_available, "withdraw_available"),
    );
    return { symbol: contractCode, balances: [balance], margin };
  });
}

function unifiedCrossContractOf(row: HtxUnifiedCrossContractWire): ContractMargin {
  return {
    symbol: wireString(row.symbol, "symbol"),
    contractCode: wireString(row.contract_code, "contract_code"),
    contractType: wireString(row.contract_type, "contract_type"),
    businessType: wireString(row.business_type, "business_type"),
    pair: null,
    leverage: opt(row.lever_rate, "lever_rate"),
    positionMargin: null,
    frozenMargin: null,
    availableMargin: opt(row.margin_available, "margin_available"),
    unrealizedPnl: null,
    liquidationPrice: null,
    adjustFactor: null,
    crossMaxAvailable: opt(row.cross_max_available, "cross_max_available"),
  };
}

/** cross_future (the page's example) and cross_futures (its field table), merged by contract code. */
function unifiedFuturesOf(row: HtxUnifiedAccountWire): HtxUnifiedCrossContractWire[] {
  const all = [...wireArray<HtxUnifiedCrossContractWire>(row.cross_future, "cross_future"), ...wireArray<HtxUnifiedCrossContractWire>(row.cross_futures, "cross_futures")];
  const seen = new Set<string>();
  return all.filter((contract) => !seen.has(contract.contract_code) && seen.add(contract.contract_code));
}

/**
 * Accounts of a unified-mode user from GET /linear-swap-api/v3/unified_account_info. All assets
 * sit in the one unified account, shown as the cross account (one Balance per margin asset).
 * Each isolated_swap entry becomes an isolated account with its margin figures but no Balance:
 * its margin is already inside the unified account's margin_balance, and counting it twice
 * would overstate the wallet.
 */
export function unifiedAccountsOf(rows: readonly HtxUnifiedAccountWire[]): HtxContractAccount[] {
  if (rows.length === 0) return [];
  const main = rows.find((row) => row.margin_asset === CROSS_MARGIN_ACCOUNT) ?? rows[0];
  const cross: HtxContractAccount = {
    symbol: null,
    balances: rows.map((row) =>
      contractBalanceOf(wireString(row.margin_asset, "margin_asset"), wireDecimal(row.margin_balance, "margin_balance"), wireDecimal(row.withdraw_available, "withdraw_available")),
    ),
    margin: {
      ...emptyMarginDetails(MarginMode.CROSS, null),
      marginAsset: wireString(main.margin_asset, "margin_asset"),
      marginBalance: opt(main.margin_balance, "margin_balance"),
      marginStatic: opt(main.margin_static, "margin_static"),
      frozenMargin: opt(main.margin_frozen, "margin_frozen"),
      unrealizedPnl: opt(main.cross_profit_unreal, "cross_profit_unreal"),
      withdrawAvailable: opt(main.withdraw_available, "withdraw_available"),
      riskRate: opt(main.cross_risk_rate, "cross_risk_rate"),
      // The unified account is one cross account; its cross_risk_rate is read like cross risk_rate.
      riskLevel: riskLevelOfCrossRate(opt(main.cross_risk_rate, "cross_risk_rate")),
      contracts: [...wireArray<HtxUnifiedCrossContractWire>(main.cross_swap, "cross_swap"), ...unifiedFuturesOf(main)].map(unifiedCrossContractOf),
    },
  };
  const isolated = rows.flatMap((row) =>
    wireArray<HtxUnifiedIsolatedSwapWire>(row.isolated_swap, "isolated_swap").map((swap): HtxContractAccount => {
      const contractCode = wireString(swap.contract_code, "contract_code").toUpperCase();
      return {
        symbol: contractCode,
        balances: [],
        margin: {
          ...emptyMarginDetails(MarginMode.ISOLATED, contractCode),
          marginAsset: wireString(row.margin_asset, "margin_asset"),
          availableMargin: opt(swap.margin_available, "margin_available"),
          withdrawAvailable: opt(swap.withdraw_available, "withdraw_available"),
          positionMode: wireOptionalString(swap.position_mode),
          contracts: [
            {
              symbol: wireString(swap.symbol, "symbol"),
              contractCode,
              contractType: "swap",
              businessType: "swap",
              pair: null,
              leverage: opt(swap.lever_rate, "lever_rate"),
              positionMargin: null,
              frozenMargin: null,
              availableMargin: opt(swap.margin_available, "margin_available"),
              unrealizedPnl: null,
              liquidationPrice: null,
              adjustFactor: null,
              crossMaxAvailable: null,
            },
          ],
        },
      };
    }),
  );
  return [cross, ...isolated];
}

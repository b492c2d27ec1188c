import type { Decimal } from "decimal.js";
import { RiskLevel, type MarginMode } from "./enums.js";

/** Margin held for one contract inside a contract account. */
export interface ContractMargin {
  readonly symbol: string;
  readonly contractCode: string;
  readonly contractType: string;
  readonly businessType: string;
  readonly pair: string | null;
  readonly leverage: Decimal | null;
  readonly positionMargin: Decimal | null;
  readonly frozenMargin: Decimal | null;
  readonly availableMargin: Decimal | null;
  readonly unrealizedPnl: Decimal | null;
  readonly liquidationPrice: Decimal | null;
  readonly adjustFactor: Decimal | null;
  readonly crossMaxAvailable: Decimal | null;
}

/**
 * The risk picture of one margin-capable account. Every figure is optional because exchanges
 * report different subsets; a figure an exchange does not report is null, never zero.
 */
export interface MarginDetails {
  readonly mode: MarginMode;
  readonly symbol: string | null;
  readonly marginAsset: string | null;
  readonly marginBalance: Decimal | null;
  readonly marginStatic: Decimal | null;
  readonly positionMargin: Decimal | null;
  readonly frozenMargin: Decimal | null;
  readonly availableMargin: Decimal | null;
  readonly unrealizedPnl: Decimal | null;
  readonly withdrawAvailable: Decimal | null;
  /** Maintenance margin the account must hold, as the exchange reports it. */
  readonly maintenanceMargin: Decimal | null;
  /**
   * The exchange's own risk figure as it defines it (a risk rate as sent, or a margin ratio =
   * maintenance margin / margin balance); each connector documents which.
   */
  readonly riskRate: Decimal | null;
  readonly marginLevel: Decimal | null;
  readonly marginLevelStatus: string | null;
  readonly liquidationPrice: Decimal | null;
  readonly totalAssetOfBtc: Decimal | null;
  readonly totalLiabilityOfBtc: Decimal | null;
  readonly totalNetAssetOfBtc: Decimal | null;
  readonly positionMode: string | null;
  readonly contracts: readonly ContractMargin[];
  /** The account's risk on Coffer's one scale, judged by the exchange's own lines. */
  readonly riskLevel: RiskLevel;
}

/** A MarginDetails with every optional figure null; connectors spread their own figures over it. */
export function emptyMarginDetails(mode: MarginMode, symbol: string | null = null): MarginDetails {
  return {
    mode,
    symbol,
    marginAsset: null,
    marginBalance: null,
    marginStatic: null,
    positionMargin: null,
    frozenMargin: null,
    availableMargin: null,
    unrealizedPnl: null,
    withdrawAvailable: null,
    maintenanceMargin: null,
    riskRate: null,
    marginLevel: null,
    marginLevelStatus: null,
    liquidationPrice: null,
    totalAssetOfBtc: null,
    totalLiabilityOfBtc: null,
    totalNetAssetOfBtc: null,
    positionMode: null,
    contracts: [],
    riskLevel: RiskLevel.UNKNOWN,
  };
}

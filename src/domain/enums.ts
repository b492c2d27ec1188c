/**
 * The exchange-neutral vocabulary of Coffer. The string values are the GraphQL enum values of
 * the public contract, so a value can cross every layer unchanged.
 */
export enum Exchange {
  BINANCE = "BINANCE",
  HTX = "HTX",
}

export enum AccountType {
  SPOT = "SPOT",
  FUNDING = "FUNDING",
  MARGIN_CROSS = "MARGIN_CROSS",
  MARGIN_ISOLATED = "MARGIN_ISOLATED",
  USDM_FUTURES = "USDM_FUTURES",
  COINM_FUTURES = "COINM_FUTURES",
  OPTIONS = "OPTIONS",
  PORTFOLIO_MARGIN = "PORTFOLIO_MARGIN",
}

export enum MarginMode {
  CROSS = "CROSS",
  ISOLATED = "ISOLATED",
}

/**
 * A margin account's risk on one scale for every exchange, judged by each exchange's own
 * documented lines (the mapping lives in the exchange's connector folder).
 */
export enum RiskLevel {
  SAFE = "SAFE",
  MARGIN_CALL = "MARGIN_CALL",
  LIQUIDATION = "LIQUIDATION",
  UNKNOWN = "UNKNOWN",
}

/** The worse of two levels (LIQUIDATION > MARGIN_CALL > SAFE > UNKNOWN): a known risk beats none. */
export function worseRiskLevel(a: RiskLevel, b: RiskLevel): RiskLevel {
  const rank: Record<RiskLevel, number> = {
    [RiskLevel.UNKNOWN]: 0,
    [RiskLevel.SAFE]: 1,
    [RiskLevel.MARGIN_CALL]: 2,
    [RiskLevel.LIQUIDATION]: 3,
  };
  return rank[b] > rank[a] ? b : a;
}

export enum TransferStatus {
  PENDING = "PENDING",
  CONFIRMED = "CONFIRMED",
  FAILED = "FAILED",
  UNKNOWN = "UNKNOWN",
}

/** Whether one side of a transfer route takes a symbol (an isolated pair or contract). */
export enum SymbolRequirement {
  /** The side takes no symbol. */
  NONE = "NONE",
  /** The side needs one (an isolated margin account: its pair, e.g. BTCUSDT). */
  REQUIRED = "REQUIRED",
  /** The side may take one (a contract wallet: none for the cross account, a contract code such as BTC-USDT for an isolated one). */
  OPTIONAL = "OPTIONAL",
}

export enum TransferSource {
  JOURNAL = "JOURNAL",
  EXCHANGE = "EXCHANGE",
}

export const ALL_ACCOUNT_TYPES: readonly AccountType[] = Object.values(AccountType);

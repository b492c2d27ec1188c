import { parseDecimal } from "../../domain/decimal.js";
import { AccountType, Exchange, TransferStatus } from "../../domain/enums.js";
import type { ExchangeTransfer } from "../../domain/transfer.js";
import { universalRoute } from "./routes.js";
import type { WireMarginHistoryRow, WireUniversalHistoryRow } from "./wire.js";

/** Binance transfer-history rows → ExchangeTransfer. Pure; a row naming a wallet Coffer does not model maps to null. */

export function mapTransferStatus(status: string): TransferStatus {
  switch (status) {
    case "CONFIRMED":
      return TransferStatus.CONFIRMED;
    case "PENDING":
      return TransferStatus.PENDING;
    case "FAILED":
      return TransferStatus.FAILED;
    default:
      return TransferStatus.UNKNOWN;
  }
}

/** Binance sends ms; one documented example shows seconds, so small values are read as seconds. */
export function binanceTime(value: number): Date {
  return new Date(value < 1e12 ? value * 1000 : value);
}

export function mapUniversalHistoryRow(connectionId: string, row: WireUniversalHistoryRow): ExchangeTransfer | null {
  const route = universalRoute(row.type);
  if (!route) return null;
  return {
    connectionId,
    exchange: Exchange.BINANCE,
    exchangeTransferId: String(row.tranId),
    asset: row.asset.toUpperCase(),
    amount: parseDecimal(row.amount),
    from: { type: route.from.type, symbol: route.fromNeedsSymbol ? (row.fromSymbol ?? null) : null },
    to: { type: route.to.type, symbol: route.toNeedsSymbol ? (row.toSymbol ?? null) : null },
    subAccountEmail: null,
    status: mapTransferStatus(row.status),
    createdAt: binanceTime(row.timestamp),
  };
}

/** transFrom / transTo words of the margin history. */
const MARGIN_HISTORY_WALLETS: Readonly<Record<string, AccountType>> = {
  SPOT: AccountType.SPOT,
  FUNDING: AccountType.FUNDING,
  CROSS_MARGIN: AccountType.MARGIN_CROSS,
  MARGIN: AccountType.MARGIN_CROSS,
  ISOLATED_MARGIN: AccountType.MARGIN_ISOLATED,
  FUTURES: AccountType.USDM_FUTURES,
  DELIVERY: AccountType.COINM_FUTURES,
  OPTION: AccountType.OPTIONS,
  PORTFOLIO_MARGIN: AccountType.PORTFOLIO_MARGIN,
};

export function mapMarginHistoryRow(connectionId: string, row: WireMarginHistoryRow): ExchangeTransfer | null {
  // Without transFrom/transTo, a row is the classic spot ↔ cross margin move.
  const defaultFrom = row.type === "ROLL_IN" ? "SPOT" : "CROSS_MARGIN";
  const defaultTo = row.type === "ROLL_IN" ? "CROSS_MARGIN" : "SPOT";
  const from = MARGIN_HISTORY_WALLETS[row.transFrom ?? defaultFrom];
  const to = MARGIN_HISTORY_WALLETS[row.transTo ?? defaultTo];
  if (!from || !to) return null;
  return {
    connectionId,
    exchange: Exchange.BINANCE,
    exchangeTransferId: String(row.txId),
    asset: row.asset.toUpperCase(),
    amount: parseDecimal(row.amount),
    from: { type: from, symbol: from === AccountType.MARGIN_ISOLATED ? (row.fromSymbol ?? null) : null },
    to: { type: to, symbol: to === AccountType.MARGIN_ISOLATED ? (row.toSymbol ?? null) : null },
    subAccountEmail: null,
    status: mapTransferStatus(row.status),
    createdAt: binanceTime(row.timestamp),
  };
}

import type { AccountRef } from "../../domain/accountRef.js";
import { AccountType, Exchange, TransferStatus } from "../../domain/enums.js";
import type { ExchangeTransfer } from "../../domain/transfer.js";
import type { HtxFinancialRecordWire, HtxLedgerRowWire } from "./wire.js";
import { wireDecimal, wireIdText, wireString } from "../kit/wireValues.js";

/** Financial record types of spot ↔ linear-swap transfers (14: spot → contract, 15: contract → spot). */
export const FINANCIAL_TRANSFER_TYPES = "14,15";
/** The financial record names the cross account (and the one V5 account) by its margin asset. */
const CROSS_MARGIN_ACCOUNT = "USDT";
/** How far apart the two sides' times of one transfer may be. */
const SIDE_TIME_TOLERANCE_MS = 5_000;

/** The ledger's transferType values of spot ↔ USDT-margined contract transfers. */
export const SPOT_TO_LINEAR_SWAP = "spot-to-linear-swap";
export const LINEAR_SWAP_TO_SPOT = "linear-swap-to-spot";

const SPOT: AccountRef = { type: AccountType.SPOT, symbol: null };
/**
 * The ledger row names the other account only by a numeric id (`transferee`/`transferer`), not
 * by its margin account, so it cannot tell the cross account from an isolated one: the contract
 * side of a ledger entry has symbol null until the contract's financial record names it
 * (`withContractSides`).
 */
const CONTRACTS: AccountRef = { type: AccountType.USDM_FUTURES, symbol: null };

/**
 * A GET /v2/account/ledger row as a Coffer transfer, or null for rows that are not spot ↔
 * linear-swap transfers. The direction comes from the sign of transactAmt (seen from spot:
 * negative = money left spot); the exchange transfer id is transactId.
 */
export function ledgerTransferOf(connectionId: string, row: HtxLedgerRowWire): ExchangeTransfer | null {
  const transferType = wireString(row.transferType, "transferType");
  if (transferType !== SPOT_TO_LINEAR_SWAP && transferType !== LINEAR_SWAP_TO_SPOT) return null;
  const signed = wireDecimal(row.transactAmt, "transactAmt");
  const leftSpot = signed.isNegative();
  return {
    connectionId,
    exchange: Exchange.HTX,
    exchangeTransferId: wireIdText(row.transactId, "transactId"),
    asset: wireString(row.currency, "currency").toUpperCase(),
    amount: signed.abs(),
    from: leftSpot ? SPOT : CONTRACTS,
    to: leftSpot ? CONTRACTS : SPOT,
    subAccountEmail: null,
    status: TransferStatus.CONFIRMED,
    createdAt: new Date(Number(wireIdText(row.transactTime, "transactTime"))),
  };
}

/** One contract-side transfer row: its margin account's symbol (null = cross), signed amount, asset, time. */
export interface ContractSide {
  readonly id: string;
  readonly symbol: string | null;
  /** Seen from the contract account: + in, − out. */
  readonly amount: import("decimal.js").Decimal;
  readonly asset: string;
  readonly time: number;
}

/** A swap_financial_record row as a contract side. */
export function contractSideOf(row: HtxFinancialRecordWire): ContractSide {
  const account = wireString(row.margin_account, "margin_account").toUpperCase();
  return {
    id: wireIdText(row.id, "id"),
    symbol: account === CROSS_MARGIN_ACCOUNT ? null : account,
    amount: wireDecimal(row.amount, "amount"),
    asset: wireString(row.asset, "asset").toUpperCase(),
    time: Number(wireIdText(row.ts, "ts")),
  };
}

/**
 * Names the contract side of ledger transfers from the contract's financial records: a ledger
 * transfer and a record are one transfer when the record has its id, or else the same asset
 * and amount the other way round within a few seconds (nearest first, each record used once).
 * A transfer paired this way gets `symbolsExact` (null is then the cross account); one no
 * record pairs with is left as it was (matched on type only).
 */
export function withContractSides(transfers: readonly ExchangeTransfer[], sides: readonly ContractSide[]): ExchangeTransfer[] {
  const free = [...sides];
  const named = (t: ExchangeTransfer, side: ContractSide): ExchangeTransfer => {
    free.splice(free.indexOf(side), 1);
    const contract: AccountRef = { type: AccountType.USDM_FUTURES, symbol: side.symbol };
    return t.from.type === AccountType.SPOT ? { ...t, to: contract, symbolsExact: true } : { ...t, from: contract, symbolsExact: true };
  };
  return transfers.map((t) => {
    const byId = free.find((s) => s.id === t.exchangeTransferId);
    if (byId) return named(t, byId);
    const intoContract = t.from.type === AccountType.SPOT;
    const time = t.createdAt.getTime();
    const candidates = free
      .filter((s) => s.asset === t.asset && s.amount.abs().eq(t.amount) && s.amount.isPositive() === intoContract && Math.abs(s.time - time) <= SIDE_TIME_TOLERANCE_MS)
      .sort((a, b) => Math.abs(a.time - time) - Math.abs(b.time - time));
    return candidates[0] ? named(t, candidates[0]) : t;
  });
}

/** The contract side named without a call: an account with one USDT-M wallet (V5, or no isolated account) — null is exact. */
export function withCrossContractSide(transfers: readonly ExchangeTransfer[]): ExchangeTransfer[] {
  return transfers.map((t) => ({ ...t, symbolsExact: true }));
}

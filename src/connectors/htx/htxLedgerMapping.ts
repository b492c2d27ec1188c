import type { AccountRef } from "../../domain/accountRef.js";
import { AccountType, Exchange, TransferStatus } from "../../domain/enums.js";
import type { ExchangeTransfer } from "../../domain/transfer.js";
import type { HtxLedgerRowWire } from "./htxWire.js";
import { wireDecimal, wireIdText, wireString } from "./htxWireValues.js";

/** The ledger's transferType values of spot ↔ USDT-margined contract transfers. */
export const SPOT_TO_LINEAR_SWAP = "spot-to-linear-swap";
export const LINEAR_SWAP_TO_SPOT = "linear-swap-to-spot";

const SPOT: AccountRef = { type: AccountType.SPOT, symbol: null };
/**
 * The ledger row names the other account only by a numeric id (`transferee`/`transferer`), not
 * by its margin account, so it cannot tell the cross account from an isolated one: the contract
 * side of a history entry always has symbol null.
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

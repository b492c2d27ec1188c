import { asciiLower, asciiUpper } from "../../domain/asciiCase.js";
import { decimalPlaces, formatDecimal } from "../../domain/decimal.js";
import { AccountType, SymbolRequirement } from "../../domain/enums.js";
import { BadUserInputError, UnsupportedRouteError } from "../../domain/errors.js";
import type { TransferRequest, TransferRoute } from "../../domain/transfer.js";
import { JsonNumber, stringifyJsonExact } from "../kit/parseJsonExact.js";
import type { HtxTransferBodyWire } from "./wire.js";

/**
 * HTX moves money between spot and the USDT-margined contract accounts only, through
 * POST /v2/account/transfer. On the USDM_FUTURES side the symbol is optional: null means the
 * cross account (`margin-account` USDT), a contract code such as BTC-USDT an isolated account.
 */
export const HTX_TRANSFER_ROUTES: readonly TransferRoute[] = [
  {
    from: { type: AccountType.SPOT, symbol: null },
    to: { type: AccountType.USDM_FUTURES, symbol: null },
    fromSymbol: SymbolRequirement.NONE,
    toSymbol: SymbolRequirement.OPTIONAL,
    fromNeedsSymbol: false,
    toNeedsSymbol: false,
    needsSubAccountEmail: false,
  },
  {
    from: { type: AccountType.USDM_FUTURES, symbol: null },
    to: { type: AccountType.SPOT, symbol: null },
    fromSymbol: SymbolRequirement.OPTIONAL,
    toSymbol: SymbolRequirement.NONE,
    fromNeedsSymbol: false,
    toNeedsSymbol: false,
    needsSubAccountEmail: false,
  },
];

/** HTX accepts at most 8 decimal places on this endpoint (else error 1331). */
export const MAX_TRANSFER_DECIMALS = 8;
/** The currency USDT-margined contract accounts hold. */
export const CONTRACT_MARGIN_ASSET = "USDT";
const CROSS_MARGIN_ACCOUNT = "USDT";
const CONTRACT_CODE = /^[A-Z0-9]{1,20}-USDT$/;

/** The margin-account value for a USDM_FUTURES symbol: USDT for cross (null), else the contract code. */
export function marginAccountOf(symbol: string | null): string {
  return symbol === null ? CROSS_MARGIN_ACCOUNT : asciiUpper(symbol);
}

/**
 * Refuses, before any request, what HTX would refuse for its shape. Throws
 * UnsupportedRouteError for a route other than SPOT ↔ USDM_FUTURES and BadUserInputError for
 * a bad amount, asset or symbol.
 */
export function validateHtxTransfer(request: TransferRequest): void {
  const { from, to } = request;
  const spotToContracts = from.type === AccountType.SPOT && to.type === AccountType.USDM_FUTURES;
  const contractsToSpot = from.type === AccountType.USDM_FUTURES && to.type === AccountType.SPOT;
  if (!spotToContracts && !contractsToSpot) {
    throw new UnsupportedRouteError(`HTX cannot transfer from ${from.type} to ${to.type}; it moves funds between SPOT and USDM_FUTURES only.`);
  }
  if (request.subAccountEmail !== null) {
    throw new UnsupportedRouteError("HTX transfers through Coffer do not support sub-accounts.");
  }
  const spot = spotToContracts ? from : to;
  const contracts = spotToContracts ? to : from;
  if (spot.symbol !== null) throw new BadUserInputError("The SPOT side of an HTX transfer takes no symbol.");
  if (contracts.symbol !== null && !CONTRACT_CODE.test(asciiUpper(contracts.symbol))) {
    throw new BadUserInputError(`"${contracts.symbol}" is not an HTX USDT-margined contract code (e.g. BTC-USDT); leave the symbol empty for the cross account.`);
  }
  if (asciiUpper(request.asset) !== CONTRACT_MARGIN_ASSET) {
    throw new BadUserInputError(`HTX USDT-margined contract accounts hold ${CONTRACT_MARGIN_ASSET} only, not ${request.asset}.`);
  }
  if (!request.amount.isFinite() || request.amount.lte(0)) {
    throw new BadUserInputError("The amount must be greater than zero.");
  }
  if (decimalPlaces(request.amount) > MAX_TRANSFER_DECIMALS) {
    throw new BadUserInputError(`HTX accepts at most ${MAX_TRANSFER_DECIMALS} decimal places for a transfer amount.`);
  }
}

/**
 * The JSON body of POST /v2/account/transfer, shaped like HTX's own example
 * (`{"from":"spot","to":"linear-swap","currency":"usdt","amount":100,"margin-account":"USDT"}`).
 * The amount is written as a bare number token from its exact decimal text, never via a float.
 */
export function transferBodyOf(request: TransferRequest): string {
  const toContracts = request.to.type === AccountType.USDM_FUTURES;
  const body: HtxTransferBodyWire = {
    from: toContracts ? "spot" : "linear-swap",
    to: toContracts ? "linear-swap" : "spot",
    currency: asciiLower(request.asset),
    amount: new JsonNumber(formatDecimal(request.amount)),
    "margin-account": marginAccountOf(toContracts ? request.to.symbol : request.from.symbol),
  };
  return stringifyJsonExact(body);
}

import { decimalPlaces } from "../../domain/decimal.js";
import { AccountType, SymbolRequirement } from "../../domain/enums.js";
import { BadUserInputError, UnsupportedRouteError } from "../../domain/errors.js";
import type { TransferRequest, TransferRoute } from "../../domain/transfer.js";

/**
 * Binance's transfer routes: every type of the universal-transfer list (POST
 * /sapi/v1/asset/transfer, as Binance's documentation of that endpoint lists them) and
 * the master → sub-account spot ↔ cross margin transfer (POST /sapi/v1/sub-account/margin/transfer).
 */

/** Binance's wallet words in universal-transfer type names → Coffer's account types. */
const WALLET_WORDS: ReadonlyArray<readonly [string, AccountType]> = [
  ["MAIN", AccountType.SPOT],
  ["FUNDING", AccountType.FUNDING],
  ["MARGIN", AccountType.MARGIN_CROSS],
  ["ISOLATEDMARGIN", AccountType.MARGIN_ISOLATED],
  ["ISOLATED_MARGIN", AccountType.MARGIN_ISOLATED],
  ["UMFUTURE", AccountType.USDM_FUTURES],
  ["CMFUTURE", AccountType.COINM_FUTURES],
  ["OPTION", AccountType.OPTIONS],
  ["PORTFOLIO_MARGIN", AccountType.PORTFOLIO_MARGIN],
];

export const UNIVERSAL_TRANSFER_TYPES = [
  "MAIN_UMFUTURE",
  "MAIN_CMFUTURE",
  "MAIN_MARGIN",
  "UMFUTURE_MAIN",
  "UMFUTURE_MARGIN",
  "CMFUTURE_MAIN",
  "CMFUTURE_MARGIN",
  "MARGIN_MAIN",
  "MARGIN_UMFUTURE",
  "MARGIN_CMFUTURE",
  "ISOLATEDMARGIN_MARGIN",
  "MARGIN_ISOLATEDMARGIN",
  "ISOLATEDMARGIN_ISOLATEDMARGIN",
  "MAIN_FUNDING",
  "FUNDING_MAIN",
  "FUNDING_UMFUTURE",
  "UMFUTURE_FUNDING",
  "MARGIN_FUNDING",
  "FUNDING_MARGIN",
  "FUNDING_CMFUTURE",
  "CMFUTURE_FUNDING",
  "MAIN_OPTION",
  "OPTION_MAIN",
  "UMFUTURE_OPTION",
  "OPTION_UMFUTURE",
  "MARGIN_OPTION",
  "OPTION_MARGIN",
  "FUNDING_OPTION",
  "OPTION_FUNDING",
  "MAIN_PORTFOLIO_MARGIN",
  "PORTFOLIO_MARGIN_MAIN",
  "MAIN_ISOLATED_MARGIN",
  "ISOLATED_MARGIN_MAIN",
] as const;
export type UniversalTransferType = (typeof UNIVERSAL_TRANSFER_TYPES)[number];

/** A route and how it is sent. */
export interface BinanceRoute extends TransferRoute {
  readonly via: { readonly kind: "universal"; readonly type: UniversalTransferType } | { readonly kind: "subAccountMargin"; readonly type: 1 | 2 };
}

/** "MARGIN_ISOLATEDMARGIN" → [MARGIN_CROSS, MARGIN_ISOLATED]: split at the one "_" that leaves two known words. */
export function walletsOfUniversalType(type: string): [AccountType, AccountType] | null {
  for (let i = type.indexOf("_"); i !== -1; i = type.indexOf("_", i + 1)) {
    const from = WALLET_WORDS.find(([word]) => word === type.slice(0, i));
    const to = WALLET_WORDS.find(([word]) => word === type.slice(i + 1));
    if (from && to) return [from[1], to[1]];
  }
  return null;
}

/** Binance names a wallet by symbol only for isolated margin, and then always. */
function symbolOf(type: AccountType): SymbolRequirement {
  return type === AccountType.MARGIN_ISOLATED ? SymbolRequirement.REQUIRED : SymbolRequirement.NONE;
}

function buildRoutes(): BinanceRoute[] {
  const routes: BinanceRoute[] = UNIVERSAL_TRANSFER_TYPES.map((type) => {
    const wallets = walletsOfUniversalType(type);
    if (!wallets) throw new Error(`Invariant violation: unknown Binance transfer type ${type}`);
    const [from, to] = wallets;
    return {
      from: { type: from, symbol: null },
      to: { type: to, symbol: null },
      fromSymbol: symbolOf(from),
      toSymbol: symbolOf(to),
      fromNeedsSymbol: from === AccountType.MARGIN_ISOLATED,
      toNeedsSymbol: to === AccountType.MARGIN_ISOLATED,
      needsSubAccountEmail: false,
      via: { kind: "universal", type },
    };
  });
  const sub = (from: AccountType, to: AccountType, type: 1 | 2): BinanceRoute => ({
    from: { type: from, symbol: null },
    to: { type: to, symbol: null },
    fromSymbol: SymbolRequirement.NONE,
    toSymbol: SymbolRequirement.NONE,
    fromNeedsSymbol: false,
    toNeedsSymbol: false,
    needsSubAccountEmail: true,
    via: { kind: "subAccountMargin", type },
  });
  routes.push(sub(AccountType.SPOT, AccountType.MARGIN_CROSS, 1), sub(AccountType.MARGIN_CROSS, AccountType.SPOT, 2));
  return routes;
}

export const BINANCE_ROUTES: readonly BinanceRoute[] = buildRoutes();

/** The public view of the routes (without the wire detail). */
export function binanceTransferRoutes(): TransferRoute[] {
  return BINANCE_ROUTES.map(({ via: _via, ...route }) => route);
}

export function universalRoute(type: string): BinanceRoute | null {
  return BINANCE_ROUTES.find((r) => r.via.kind === "universal" && r.via.type === type) ?? null;
}

const ASSET = /^[A-Z0-9]{1,20}$/;
const SYMBOL = /^[A-Z0-9]{2,30}$/;
const EMAIL = /^[^\s@]+@[^\s@]+$/;
export const MAX_AMOUNT_DECIMALS = 8;

/**
 * Finds the route of a request and checks its shape, with no request made. Throws
 * UnsupportedRouteError for a (from, to) Binance has no transfer for, BadUserInputError for a
 * missing or unexpected symbol / sub-account email, a bad asset, or an amount Binance refuses.
 */
export function resolveBinanceRoute(connectionId: string, request: TransferRequest): BinanceRoute {
  if (request.connectionId !== connectionId) {
    throw new BadUserInputError(`This transfer belongs to connection ${request.connectionId}, not ${connectionId}.`);
  }
  const wantsSub = request.subAccountEmail !== null && request.subAccountEmail !== undefined;
  const sameWallets = BINANCE_ROUTES.filter((r) => r.from.type === request.from.type && r.to.type === request.to.type);
  if (sameWallets.length === 0) {
    throw new UnsupportedRouteError(`Binance cannot transfer from ${request.from.type} to ${request.to.type}.`);
  }
  const route = sameWallets.find((r) => r.needsSubAccountEmail === wantsSub);
  if (!route) {
    throw new BadUserInputError(
      wantsSub
        ? `subAccountEmail is only accepted for a sub-account's SPOT ↔ MARGIN_CROSS transfer, not ${request.from.type} → ${request.to.type}.`
        : `A transfer from ${request.from.type} to ${request.to.type} on Binance moves a sub-account's funds: subAccountEmail is required.`,
    );
  }
  if (wantsSub && !EMAIL.test(request.subAccountEmail ?? "")) {
    throw new BadUserInputError("subAccountEmail is not an email address.");
  }
  checkSymbol("from", route.fromNeedsSymbol, request.from.symbol);
  checkSymbol("to", route.toNeedsSymbol, request.to.symbol);
  if (route.fromNeedsSymbol && route.toNeedsSymbol && request.from.symbol === request.to.symbol) {
    throw new BadUserInputError("An isolated-to-isolated transfer needs two different symbols.");
  }
  if (!ASSET.test(request.asset)) {
    throw new BadUserInputError(`"${request.asset}" is not an asset code such as USDT.`);
  }
  if (!request.amount.isFinite() || request.amount.lessThanOrEqualTo(0)) {
    throw new BadUserInputError("The amount must be greater than zero.");
  }
  if (decimalPlaces(request.amount) > MAX_AMOUNT_DECIMALS) {
    throw new BadUserInputError(`Binance accepts at most ${MAX_AMOUNT_DECIMALS} decimal places in a transfer amount.`);
  }
  return route;
}

function checkSymbol(side: "from" | "to", needed: boolean, symbol: string | null): void {
  if (needed && !symbol) {
    throw new BadUserInputError(`The ${side} account is an isolated margin account: give its symbol, e.g. BTCUSDT.`);
  }
  if (!needed && symbol) {
    throw new BadUserInputError(`The ${side} account takes no symbol on this route.`);
  }
  if (symbol && !SYMBOL.test(symbol)) {
    throw new BadUserInputError(`"${symbol}" is not a Binance symbol such as BTCUSDT.`);
  }
}

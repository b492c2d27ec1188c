import type { AccountKey } from "../domain/accountKey.js";
import type { Balance } from "../domain/balance.js";
import type { AccountType, Exchange } from "../domain/enums.js";
import type { MarginDetails } from "../domain/margin.js";
import type { PriceTable } from "../domain/price.js";
import type { AccountStreamFamily } from "../live/streamSupervisor.js";
import type { ExchangeTransfer, TransferReceipt, TransferRequest, TransferRoute } from "../domain/transfer.js";

export interface ListAccountsOptions {
  /** Only these types (already intersected with the connection's configured `accountTypes`). */
  readonly types: readonly AccountType[];
  /** Also list the wallets of the master key's sub-accounts (Binance). */
  readonly includeSubAccounts: boolean;
}

/** How one transfer is sent. */
export interface TransferSendOptions {
  /**
   * Awaited once, after the call has its rate budget and right before the request leaves: the
   * transfer service marks its journal row SENDING here. If it throws, nothing is sent and
   * `transfer` rethrows that very error.
   */
  readonly beforeSend?: () => Promise<void>;
}

export interface TransferHistoryQuery {
  readonly since: Date;
  readonly until: Date;
}

/**
 * What Coffer asks of every exchange. A connector owns its exchange's wire formats: nothing
 * outside `connectors/<exchange>/` sees a field name of it. Batch methods take many keys and
 * answer in the same order, one value or one Error per key, so DataLoader can sit in front of
 * them and one failing wallet does not sink the others.
 */
export interface ExchangeConnector {
  readonly connectionId: string;
  readonly exchange: Exchange;
  readonly label: string | null;
  /** The account types this connection reads (the configured `accountTypes`, or all it has). */
  readonly accountTypes: readonly AccountType[];

  listAccounts(options: ListAccountsOptions): Promise<AccountKey[]>;
  loadBalances(keys: readonly AccountKey[]): Promise<Array<readonly Balance[] | Error>>;
  /** Null for an account that carries no margin details (spot, funding). */
  loadMargins(keys: readonly AccountKey[]): Promise<Array<MarginDetails | null | Error>>;

  /** The routes `transfer` accepts; pure, no request. */
  transferRoutes(): readonly TransferRoute[];
  /**
   * Throws BadUserInputError / UnsupportedRouteError for a request the exchange would refuse
   * for its shape (route, symbol, precision). Pure: no request is made.
   */
  validateTransfer(request: TransferRequest): void;
  /**
   * Sends the transfer once (calling `options.beforeSend` just before the request leaves).
   * Throws UpstreamRejectedError / InsufficientBalanceError when the exchange refused it,
   * UpstreamUnavailableError (with `outcomeUnknown`) when it is not known whether it happened.
   * Never retries.
   */
  transfer(request: TransferRequest, options?: TransferSendOptions): Promise<TransferReceipt>;
  /** The exchange's own record of transfers in [since, until], paging and windows hidden. */
  transferHistory(query: TransferHistoryQuery): Promise<ExchangeTransfer[]>;

  /**
   * Every pair's last price from the exchange's public tickers, in ONE call, shared through the
   * snapshot cache like any read. Optional: a connector without it prices nothing.
   */
  loadPrices?(): Promise<PriceTable>;

  /**
   * The connection's account streams, one per wallet family the exchange pushes (live updates).
   * Optional: without it (or with `streams: false`) every watched wallet is polled.
   */
  accountStreams?(): AccountStreamFamily[];

  close(): Promise<void>;
}

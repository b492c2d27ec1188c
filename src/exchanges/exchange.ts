import type { AccountKey } from "../domain/accountKey.js";
import type { Balance } from "../domain/balance.js";
import type { AccountType, Exchange } from "../domain/enums.js";
import type { MarginDetails } from "../domain/margin.js";
import type { PriceTable } from "../domain/price.js";
import type { AccountStreamFamily } from "../live/streamSupervisor.js";
import type { ExchangeTransfer, TransferReceipt, TransferRequest, TransferRoute } from "../domain/transfer.js";
import type { CallBudget } from "./kit/callBudget.js";
import type { ConnectorDeps } from "./kit/connectorDeps.js";
import type { Faults } from "./kit/simulator/faults.js";
import type { SimCall } from "./kit/simulator/simServer.js";
import type { ConnectionBase } from "../settings/config.types.js";

export interface ListAccountsOptions {
  /** Only these types (already intersected with the connection's configured `accountTypes`). */
  readonly types: readonly AccountType[];
  /** Also list the wallets of the master key's sub-accounts (exchanges that have them). */
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

/**
 * A history read. The connector clamps [since, until] to what its exchange keeps (and to the
 * exchange's now): a `since` in 1970 or an `until` in 9999 costs no more than the retention.
 */
export interface TransferHistoryQuery {
  readonly since: Date;
  readonly until: Date;
  /**
   * The asker's end (its request finished or its client left): no page or window is asked for
   * after it fires, the call in flight is dropped, and the read rejects with RequestAbortedError.
   */
  readonly signal?: AbortSignal;
  /** Caps the upstream calls (retries included); past it the read stops with CallBudgetSpentError. */
  readonly budget?: CallBudget;
}

/**
 * A history read that goes back only as far as asked, newest first. `transfers` always holds
 * exactly the connection's records with `knownAfter` < createdAt ≤ until (the clamped range):
 * everything newer than `knownAfter` has been read, nothing older has been looked at yet.
 */
export interface TransferHistoryWalk {
  /**
   * Reads further back until `count` more records are known, or everything newer than
   * `downTo` (epoch ms) is, or the start of the range is reached — whichever comes first.
   * Rejects with what stopped it (an upstream error, CallBudgetSpentError, RequestAbortedError);
   * what was read before stays known, and no call is left running.
   */
  more(count: number, downTo?: number): Promise<void>;
  /** Newest first. */
  readonly transfers: readonly ExchangeTransfer[];
  /** Epoch ms: every record created later than this is in `transfers`. */
  readonly knownAfter: number;
  /** True once the whole clamped range is read. */
  readonly done: boolean;
}

/**
 * What Coffer asks of every exchange. A connector owns its exchange's wire formats: nothing
 * outside `exchanges/<exchange>/` sees a field name of it. Batch methods take many keys and
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
  /**
   * The accounts a listing with these options can only find through a discovery call (a
   * master key's sub-accounts), as the last discovery found them: their reads can then leave
   * together with the discovery instead of one round trip after it. `listAccounts` still
   * decides which accounts are answered; a stale entry costs a read, never a wrong answer.
   * Never calls upstream; empty when nothing was learned yet. Optional.
   */
  knownAccounts?(options: ListAccountsOptions): readonly AccountKey[];
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
  /** The exchange's own record of transfers in [since, until] (clamped), paging and windows hidden, newest first. */
  transferHistory(query: TransferHistoryQuery): Promise<ExchangeTransfer[]>;
  /** The same history, read lazily newest first: as much as a page of the merged history needs. */
  openTransferHistory(query: TransferHistoryQuery): TransferHistoryWalk;

  /**
   * Every pair's last price from the exchange's public tickers, in ONE call, shared through the
   * snapshot cache like any read. Optional: a connector without it prices nothing.
   */
  loadPrices?(): Promise<PriceTable>;

  /**
   * Learns what a process learns once before its first signed read (the exchange's clock
   * offset; an account id the exchange assigns), so that no user query pays that extra step. Called in the
   * background at start-up; never throws (a failure is learned again by the first query that
   * needs it, as without this call). Optional.
   */
  prepare?(): Promise<void>;

  /**
   * Every asset code the exchange lists (upper-case), read once per `assetListTtlMs` through
   * the snapshot cache and kept across transfers. Rejects when the list cannot be read; the
   * transfer service then lets the transfer through. Optional: without it no asset is refused.
   */
  listedAssets?(): Promise<ReadonlySet<string>>;

  /**
   * The connection's account streams, one per wallet family the exchange pushes (live updates).
   * Optional: without it (or with `streams: false`) every watched wallet is polled.
   */
  accountStreams?(): AccountStreamFamily[];

  close(): Promise<void>;
}

/** The config file's exchange-specific keys of a connection: credential names, hosts and their defaults, which hosts are streams. */
export interface ConnectionKeys<Credentials, Urls> {
  readonly credentials: readonly (keyof Credentials & string)[];
  readonly defaultUrls: Urls;
  readonly streamUrls: readonly (keyof Urls & string)[];
}

/** A validated connection of some exchange: the common keys plus its exchange's credentials and hosts. */
export interface ExchangeConnectionConfig extends ConnectionBase {
  readonly exchange: Exchange;
  readonly credentials: object;
  readonly urls: object;
}

/** Which wallet of a simulator: the parts of an AccountKey an exchange tells its wallets apart by. */
export type SimulatedWallet = Pick<AccountKey, "type" | "symbol" | "subAccountEmail">;

/**
 * What every exchange simulator offers the sandbox, `npm run simulators` and the connector
 * contract tests (which read the books and force refusals through these hooks, never through
 * an exchange's own names).
 */
export interface ExchangeSimulator {
  /** The simulator's hosts, in the shape of its exchange's `urls` config key. */
  readonly urls: object;
  /** Fault switches (latency, outages) shared by all its listeners. */
  readonly faults: Faults;
  /** Every call received, in order, on every listener. */
  readonly calls: readonly SimCall[];
  /**
   * Test hook: the exact total (free + locked, as the exchange's balance endpoint would give it)
   * of an asset in a wallet, plain decimal text; "0" when the wallet holds no row of it.
   * Throws for a wallet the simulator does not have.
   */
  balanceOf(wallet: SimulatedWallet, asset: string): string;
  /** Test hook: every asset a wallet holds a row of (upper-case); throws for a wallet it does not have. */
  assetsOf(wallet: SimulatedWallet): readonly string[];
  /** Test hook: whether the exchange reports margin details (risk figures) for this wallet. */
  hasMarginDetails(wallet: SimulatedWallet): boolean;
  /**
   * Test hook: the next rate-counted signed call is refused as the exchange refuses a client
   * over its rate limit, telling it to come back in `retryAfterSeconds` (in the exchange's own
   * words: a Retry-After header, a reset-time header).
   */
  forceRateLimit(retryAfterSeconds: number): void;
  close(): Promise<void>;
}

/**
 * What an exchange folder provides: the ONE object the rest of Coffer knows it by. Config
 * parsing, the connector factory, the sandbox and the simulators loop over the registered
 * plugins; nothing outside the folder names the exchange.
 */
export interface ExchangePlugin<
  Id extends string = string,
  Config extends ExchangeConnectionConfig = ExchangeConnectionConfig,
  Tuning = unknown,
  Simulator extends ExchangeSimulator = ExchangeSimulator,
  SimState = unknown,
> {
  /** Lower-case id: connector tuning and sandbox keys (`<id>`, `<id>State`), sandbox connection ids. */
  readonly id: Id;
  readonly exchange: Config["exchange"];
  /** How people write the exchange's name (error texts, the sandbox's labels). */
  readonly displayName: string;
  /** Every wallet type the exchange has; a connection's `accountTypes` picks among them. */
  readonly accountTypes: readonly AccountType[];
  /** The connection keys the config file takes for this exchange. */
  readonly connectionKeys: ConnectionKeys<Config["credentials"], Config["urls"]>;
  createConnector(config: Config, deps: ConnectorDeps, tuning?: Tuning): ExchangeConnector;
  /** Starts the exchange's simulator in-process (demo state unless given one). */
  startSimulator(options: { readonly credentials: Config["credentials"]; readonly state?: SimState; readonly host?: string }): Promise<Simulator>;
  /** Credentials the sandbox's simulator accepts (not secrets: printed and documented). */
  readonly demoCredentials: Config["credentials"];
}

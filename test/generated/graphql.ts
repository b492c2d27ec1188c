/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** Instant in UTC as ISO-8601 with milliseconds, e.g. "2026-11-21T08:00:00.000Z". */
  DateTime: { input: string; output: string; }
  /** Exact decimal number carried as a string, e.g. "0.1" or "1250.00000001". Inputs must be strings of digits with an optional fraction; floats, exponents, NaN, Infinity, hex and blanks are rejected. */
  Decimal: { input: string; output: string; }
};

export type Account = {
  __typename?: 'Account';
  balances: Array<Balance>;
  connectionId: Scalars['ID']['output'];
  exchange: Exchange;
  /** Opaque and stable; use it with Query.account. */
  id: Scalars['ID']['output'];
  /** Margin details; null for accounts that carry none. */
  margin?: Maybe<MarginAccount>;
  /** Set when the account belongs to a Binance sub-account of the connection's master key. */
  subAccountEmail?: Maybe<Scalars['String']['output']>;
  /** Isolated pair or contract: BTCUSDT (Binance isolated margin), BTC-USDT (HTX isolated contract account). Null otherwise. */
  symbol?: Maybe<Scalars['String']['output']>;
  type: AccountType;
};


export type AccountBalancesArgs = {
  assets?: InputMaybe<Array<Scalars['String']['input']>>;
  includeZero?: InputMaybe<Scalars['Boolean']['input']>;
};

export type AccountFilter = {
  connectionIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  exchanges?: InputMaybe<Array<Exchange>>;
  /** Include the sub-accounts of a master key (Binance) as accounts of their own. */
  includeSubAccounts?: InputMaybe<Scalars['Boolean']['input']>;
  types?: InputMaybe<Array<AccountType>>;
};

export type AccountRef = {
  __typename?: 'AccountRef';
  symbol?: Maybe<Scalars['String']['output']>;
  type: AccountType;
};

export type AccountRefInput = {
  /** Required for MARGIN_ISOLATED (BTCUSDT) and for an HTX isolated contract account (BTC-USDT). */
  symbol?: InputMaybe<Scalars['String']['input']>;
  type: AccountType;
};

/** Kinds of account, the same words for every exchange. */
export type AccountType =
  /** Binance COIN-M futures wallet. */
  | 'COINM_FUTURES'
  /** Binance funding wallet. */
  | 'FUNDING'
  /** Binance cross margin account. */
  | 'MARGIN_CROSS'
  /** Binance isolated margin account; one per symbol (e.g. BTCUSDT). */
  | 'MARGIN_ISOLATED'
  /** Binance options wallet. */
  | 'OPTIONS'
  /** Binance portfolio margin account. */
  | 'PORTFOLIO_MARGIN'
  /** Binance spot wallet (MAIN); HTX spot account. */
  | 'SPOT'
  /** Binance USDⓈ-M futures wallet; HTX USDT-margined contracts (linear-swap): the cross account, or one isolated account per contract when symbol is set (e.g. BTC-USDT). */
  | 'USDM_FUTURES';

/** One asset in one account, exact. */
export type Balance = {
  __typename?: 'Balance';
  /** Upper-case asset code, e.g. USDT. */
  asset: Scalars['String']['output'];
  borrowed: Scalars['Decimal']['output'];
  free: Scalars['Decimal']['output'];
  interest: Scalars['Decimal']['output'];
  locked: Scalars['Decimal']['output'];
  /** total - borrowed - interest */
  net: Scalars['Decimal']['output'];
  /** free + locked */
  total: Scalars['Decimal']['output'];
};

/** Margin held for one contract inside a contract account. */
export type ContractMargin = {
  __typename?: 'ContractMargin';
  adjustFactor?: Maybe<Scalars['Decimal']['output']>;
  availableMargin?: Maybe<Scalars['Decimal']['output']>;
  /** swap or futures */
  businessType: Scalars['String']['output'];
  contractCode: Scalars['String']['output'];
  /** swap, this_week, next_week, quarter, next_quarter */
  contractType: Scalars['String']['output'];
  crossMaxAvailable?: Maybe<Scalars['Decimal']['output']>;
  frozenMargin?: Maybe<Scalars['Decimal']['output']>;
  leverage?: Maybe<Scalars['Decimal']['output']>;
  liquidationPrice?: Maybe<Scalars['Decimal']['output']>;
  pair?: Maybe<Scalars['String']['output']>;
  positionMargin?: Maybe<Scalars['Decimal']['output']>;
  symbol: Scalars['String']['output'];
  unrealizedPnl?: Maybe<Scalars['Decimal']['output']>;
};

export type Exchange =
  | 'BINANCE'
  | 'HTX';

export type ExchangeConnection = {
  __typename?: 'ExchangeConnection';
  accounts?: Maybe<Array<Account>>;
  exchange: Exchange;
  id: Scalars['ID']['output'];
  label?: Maybe<Scalars['String']['output']>;
};


export type ExchangeConnectionAccountsArgs = {
  types?: InputMaybe<Array<AccountType>>;
};

export type MarginAccount = {
  __typename?: 'MarginAccount';
  account: Account;
  accountId: Scalars['ID']['output'];
  availableMargin?: Maybe<Scalars['Decimal']['output']>;
  connectionId: Scalars['ID']['output'];
  contracts: Array<ContractMargin>;
  exchange: Exchange;
  frozenMargin?: Maybe<Scalars['Decimal']['output']>;
  liquidationPrice?: Maybe<Scalars['Decimal']['output']>;
  marginAsset?: Maybe<Scalars['String']['output']>;
  /** Account equity (HTX margin_balance). */
  marginBalance?: Maybe<Scalars['Decimal']['output']>;
  /** Binance marginLevel. */
  marginLevel?: Maybe<Scalars['Decimal']['output']>;
  /** Binance marginLevelStatus: EXCESSIVE, NORMAL, MARGIN_CALL, PRE_LIQUIDATION, FORCE_LIQUIDATION. */
  marginLevelStatus?: Maybe<Scalars['String']['output']>;
  marginStatic?: Maybe<Scalars['Decimal']['output']>;
  mode: MarginMode;
  positionMargin?: Maybe<Scalars['Decimal']['output']>;
  /** HTX position_mode: single_side or dual_side. */
  positionMode?: Maybe<Scalars['String']['output']>;
  /** HTX risk_rate. */
  riskRate?: Maybe<Scalars['Decimal']['output']>;
  symbol?: Maybe<Scalars['String']['output']>;
  totalAssetOfBtc?: Maybe<Scalars['Decimal']['output']>;
  totalLiabilityOfBtc?: Maybe<Scalars['Decimal']['output']>;
  totalNetAssetOfBtc?: Maybe<Scalars['Decimal']['output']>;
  unrealizedPnl?: Maybe<Scalars['Decimal']['output']>;
  withdrawAvailable?: Maybe<Scalars['Decimal']['output']>;
};

export type MarginMode =
  | 'CROSS'
  | 'ISOLATED';

export type Mutation = {
  __typename?: 'Mutation';
  /** Moves funds between two accounts of one connection. Needs a token with the transfer scope. The same idempotencyKey with the same input returns the first result and never moves funds twice; with a different input it is an IDEMPOTENCY_CONFLICT error. */
  transfer: TransferPayload;
};


export type MutationTransferArgs = {
  input: TransferInput;
};

export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

export type Portfolio = {
  __typename?: 'Portfolio';
  assets: Array<PortfolioAsset>;
};

export type PortfolioAsset = {
  __typename?: 'PortfolioAsset';
  /** How many of the selected accounts hold it. */
  accounts: Scalars['Int']['output'];
  asset: Scalars['String']['output'];
  net: Scalars['Decimal']['output'];
  total: Scalars['Decimal']['output'];
};

export type Query = {
  __typename?: 'Query';
  account?: Maybe<Account>;
  /** Accounts of every selected connection. A connection that cannot be reached adds an error with its path and leaves the other connections' accounts in place. */
  accounts: Array<Maybe<Account>>;
  /** Every configured exchange connection. */
  connections: Array<ExchangeConnection>;
  /** Margin details of every selected margin-capable account. */
  marginAccounts: Array<Maybe<MarginAccount>>;
  /** Balances summed per asset over the selected accounts. */
  portfolio: Portfolio;
  transfer?: Maybe<Transfer>;
  /** The (from, to) pairs that the transfer mutation accepts on a connection. */
  transferRoutes: Array<TransferRoute>;
  /** Transfers, newest first: this API's journal merged with the exchanges' histories, each transfer once. */
  transfers: TransferConnection;
};


export type QueryAccountArgs = {
  id: Scalars['ID']['input'];
};


export type QueryAccountsArgs = {
  filter?: InputMaybe<AccountFilter>;
};


export type QueryMarginAccountsArgs = {
  filter?: InputMaybe<AccountFilter>;
};


export type QueryPortfolioArgs = {
  filter?: InputMaybe<AccountFilter>;
};


export type QueryTransferArgs = {
  id: Scalars['ID']['input'];
};


export type QueryTransferRoutesArgs = {
  connectionId: Scalars['ID']['input'];
};


export type QueryTransfersArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<TransferFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

export type Transfer = {
  __typename?: 'Transfer';
  amount: Scalars['Decimal']['output'];
  asset: Scalars['String']['output'];
  connectionId: Scalars['ID']['output'];
  createdAt: Scalars['DateTime']['output'];
  exchange: Exchange;
  /** The exchange's own id: Binance tranId / txnId / txId, HTX transfer order id. */
  exchangeTransferId?: Maybe<Scalars['String']['output']>;
  /** Why it failed, in words, where it failed. */
  failureReason?: Maybe<Scalars['String']['output']>;
  from: AccountRef;
  id: Scalars['ID']['output'];
  idempotencyKey?: Maybe<Scalars['String']['output']>;
  source: TransferSource;
  status: TransferStatus;
  subAccountEmail?: Maybe<Scalars['String']['output']>;
  to: AccountRef;
};

export type TransferConnection = {
  __typename?: 'TransferConnection';
  edges: Array<TransferEdge>;
  pageInfo: PageInfo;
};

export type TransferEdge = {
  __typename?: 'TransferEdge';
  cursor: Scalars['String']['output'];
  node: Transfer;
};

export type TransferFilter = {
  assets?: InputMaybe<Array<Scalars['String']['input']>>;
  connectionIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  exchanges?: InputMaybe<Array<Exchange>>;
  since?: InputMaybe<Scalars['DateTime']['input']>;
  statuses?: InputMaybe<Array<TransferStatus>>;
  until?: InputMaybe<Scalars['DateTime']['input']>;
};

export type TransferInput = {
  amount: Scalars['Decimal']['input'];
  /** Asset code, any case (usdt and USDT are the same). */
  asset: Scalars['String']['input'];
  connectionId: Scalars['ID']['input'];
  from: AccountRefInput;
  /** Chosen by the client, 1 to 255 characters; kept at least 24 hours. */
  idempotencyKey: Scalars['String']['input'];
  /** Binance master key moving funds between a sub-account's spot and cross margin accounts. */
  subAccountEmail?: InputMaybe<Scalars['String']['input']>;
  to: AccountRefInput;
};

export type TransferPayload = {
  __typename?: 'TransferPayload';
  /** True when this answer replays an earlier call with the same idempotencyKey. */
  replayed: Scalars['Boolean']['output'];
  transfer: Transfer;
};

export type TransferRoute = {
  __typename?: 'TransferRoute';
  from: AccountRef;
  /** Whether the from (or to) side needs a symbol. */
  fromNeedsSymbol: Scalars['Boolean']['output'];
  /** Whether the route moves funds of a sub-account (needs subAccountEmail). */
  needsSubAccountEmail: Scalars['Boolean']['output'];
  to: AccountRef;
  toNeedsSymbol: Scalars['Boolean']['output'];
};

export type TransferSource =
  /** Read from the exchange's own transfer history. */
  | 'EXCHANGE'
  /** Made through this API and recorded in its journal. */
  | 'JOURNAL';

export type TransferStatus =
  | 'CONFIRMED'
  | 'FAILED'
  /** Sent to the exchange; the exchange has not confirmed it yet. */
  | 'PENDING'
  /** The outcome is not known yet (e.g. the exchange did not answer); it is reconciled against the exchange's history, never sent again. */
  | 'UNKNOWN';

export type AccountFilter = {
  connectionIds?: Array<string | number> | null | undefined;
  exchanges?: Array<Exchange> | null | undefined;
  /** Include the sub-accounts of a master key (Binance) as accounts of their own. */
  includeSubAccounts?: boolean | null | undefined;
  types?: Array<AccountType> | null | undefined;
};

export type AccountRefInput = {
  /** Required for MARGIN_ISOLATED (BTCUSDT) and for an HTX isolated contract account (BTC-USDT). */
  symbol?: string | null | undefined;
  type: AccountType;
};

/** Kinds of account, the same words for every exchange. */
export type AccountType =
  /** Binance COIN-M futures wallet. */
  | 'COINM_FUTURES'
  /** Binance funding wallet. */
  | 'FUNDING'
  /** Binance cross margin account. */
  | 'MARGIN_CROSS'
  /** Binance isolated margin account; one per symbol (e.g. BTCUSDT). */
  | 'MARGIN_ISOLATED'
  /** Binance options wallet. */
  | 'OPTIONS'
  /** Binance portfolio margin account. */
  | 'PORTFOLIO_MARGIN'
  /** Binance spot wallet (MAIN); HTX spot account. */
  | 'SPOT'
  /** Binance USDⓈ-M futures wallet; HTX USDT-margined contracts (linear-swap): the cross account, or one isolated account per contract when symbol is set (e.g. BTC-USDT). */
  | 'USDM_FUTURES';

export type Exchange =
  | 'BINANCE'
  | 'HTX';

export type MarginMode =
  | 'CROSS'
  | 'ISOLATED';

export type TransferFilter = {
  assets?: Array<string> | null | undefined;
  connectionIds?: Array<string | number> | null | undefined;
  exchanges?: Array<Exchange> | null | undefined;
  since?: string | null | undefined;
  statuses?: Array<TransferStatus> | null | undefined;
  until?: string | null | undefined;
};

export type TransferInput = {
  amount: string;
  /** Asset code, any case (usdt and USDT are the same). */
  asset: string;
  connectionId: string | number;
  from: AccountRefInput;
  /** Chosen by the client, 1 to 255 characters; kept at least 24 hours. */
  idempotencyKey: string;
  /** Binance master key moving funds between a sub-account's spot and cross margin accounts. */
  subAccountEmail?: string | null | undefined;
  to: AccountRefInput;
};

export type TransferSource =
  /** Read from the exchange's own transfer history. */
  | 'EXCHANGE'
  /** Made through this API and recorded in its journal. */
  | 'JOURNAL';

export type TransferStatus =
  | 'CONFIRMED'
  | 'FAILED'
  /** Sent to the exchange; the exchange has not confirmed it yet. */
  | 'PENDING'
  /** The outcome is not known yet (e.g. the exchange did not answer); it is reconciled against the exchange's history, never sent again. */
  | 'UNKNOWN';

export type AccountQueryVariables = Exact<{
  id: string | number;
  assets?: Array<string> | string | null | undefined;
  includeZero?: boolean | null | undefined;
}>;


export type AccountQuery = { account: { id: string, connectionId: string, exchange: Exchange, type: AccountType, symbol: string | null, subAccountEmail: string | null, balances: Array<{ asset: string, free: string, locked: string, borrowed: string, interest: string, total: string, net: string }>, margin: { mode: MarginMode, marginLevel: string | null, marginLevelStatus: string | null, riskRate: string | null, liquidationPrice: string | null } | null } | null };

export type ConnectionsQueryVariables = Exact<{
  types?: Array<AccountType> | AccountType | null | undefined;
}>;


export type ConnectionsQuery = { connections: Array<{ id: string, exchange: Exchange, label: string | null, accounts: Array<{ id: string, type: AccountType, symbol: string | null }> | null }> };

export type DashboardQueryVariables = Exact<{
  filter?: AccountFilter | null | undefined;
}>;


export type DashboardQuery = { connections: Array<{ id: string, exchange: Exchange, label: string | null }>, accounts: Array<{ id: string, connectionId: string, exchange: Exchange, type: AccountType, symbol: string | null, subAccountEmail: string | null, balances: Array<{ asset: string, free: string, locked: string, borrowed: string, interest: string, total: string, net: string }> } | null>, marginAccounts: Array<{ accountId: string, connectionId: string, exchange: Exchange, mode: MarginMode, symbol: string | null, marginAsset: string | null, marginBalance: string | null, marginStatic: string | null, positionMargin: string | null, frozenMargin: string | null, availableMargin: string | null, unrealizedPnl: string | null, withdrawAvailable: string | null, riskRate: string | null, marginLevel: string | null, marginLevelStatus: string | null, liquidationPrice: string | null, totalAssetOfBtc: string | null, totalLiabilityOfBtc: string | null, totalNetAssetOfBtc: string | null, positionMode: string | null, contracts: Array<{ symbol: string, contractCode: string, contractType: string, businessType: string, pair: string | null, leverage: string | null, positionMargin: string | null, frozenMargin: string | null, availableMargin: string | null, unrealizedPnl: string | null, liquidationPrice: string | null, adjustFactor: string | null, crossMaxAvailable: string | null }> } | null>, portfolio: { assets: Array<{ asset: string, total: string, net: string, accounts: number }> } };

export type BalanceFieldsFragment = { asset: string, free: string, locked: string, borrowed: string, interest: string, total: string, net: string };

export type AccountFieldsFragment = { id: string, connectionId: string, exchange: Exchange, type: AccountType, symbol: string | null, subAccountEmail: string | null, balances: Array<{ asset: string, free: string, locked: string, borrowed: string, interest: string, total: string, net: string }> };

export type MarginFieldsFragment = { accountId: string, connectionId: string, exchange: Exchange, mode: MarginMode, symbol: string | null, marginAsset: string | null, marginBalance: string | null, marginStatic: string | null, positionMargin: string | null, frozenMargin: string | null, availableMargin: string | null, unrealizedPnl: string | null, withdrawAvailable: string | null, riskRate: string | null, marginLevel: string | null, marginLevelStatus: string | null, liquidationPrice: string | null, totalAssetOfBtc: string | null, totalLiabilityOfBtc: string | null, totalNetAssetOfBtc: string | null, positionMode: string | null, contracts: Array<{ symbol: string, contractCode: string, contractType: string, businessType: string, pair: string | null, leverage: string | null, positionMargin: string | null, frozenMargin: string | null, availableMargin: string | null, unrealizedPnl: string | null, liquidationPrice: string | null, adjustFactor: string | null, crossMaxAvailable: string | null }> };

export type PortfolioQueryVariables = Exact<{
  filter?: AccountFilter | null | undefined;
}>;


export type PortfolioQuery = { portfolio: { assets: Array<{ asset: string, total: string, net: string, accounts: number }> } };

export type TransferMutationVariables = Exact<{
  input: TransferInput;
}>;


export type TransferMutation = { transfer: { replayed: boolean, transfer: { id: string, connectionId: string, exchange: Exchange, exchangeTransferId: string | null, asset: string, amount: string, subAccountEmail: string | null, status: TransferStatus, createdAt: string, source: TransferSource, idempotencyKey: string | null, failureReason: string | null, from: { type: AccountType, symbol: string | null }, to: { type: AccountType, symbol: string | null } } } };

export type TransferFieldsFragment = { id: string, connectionId: string, exchange: Exchange, exchangeTransferId: string | null, asset: string, amount: string, subAccountEmail: string | null, status: TransferStatus, createdAt: string, source: TransferSource, idempotencyKey: string | null, failureReason: string | null, from: { type: AccountType, symbol: string | null }, to: { type: AccountType, symbol: string | null } };

export type TransfersQueryVariables = Exact<{
  filter?: TransferFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type TransfersQuery = { transfers: { edges: Array<{ cursor: string, node: { id: string, connectionId: string, exchange: Exchange, exchangeTransferId: string | null, asset: string, amount: string, subAccountEmail: string | null, status: TransferStatus, createdAt: string, source: TransferSource, idempotencyKey: string | null, failureReason: string | null, from: { type: AccountType, symbol: string | null }, to: { type: AccountType, symbol: string | null } } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type TransferByIdQueryVariables = Exact<{
  id: string | number;
}>;


export type TransferByIdQuery = { transfer: { id: string, connectionId: string, exchange: Exchange, exchangeTransferId: string | null, asset: string, amount: string, subAccountEmail: string | null, status: TransferStatus, createdAt: string, source: TransferSource, idempotencyKey: string | null, failureReason: string | null, from: { type: AccountType, symbol: string | null }, to: { type: AccountType, symbol: string | null } } | null };

export type TransferRoutesQueryVariables = Exact<{
  connectionId: string | number;
}>;


export type TransferRoutesQuery = { transferRoutes: Array<{ fromNeedsSymbol: boolean, toNeedsSymbol: boolean, needsSubAccountEmail: boolean, from: { type: AccountType, symbol: string | null }, to: { type: AccountType, symbol: string | null } }> };

export const BalanceFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"BalanceFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Balance"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"asset"}},{"kind":"Field","name":{"kind":"Name","value":"free"}},{"kind":"Field","name":{"kind":"Name","value":"locked"}},{"kind":"Field","name":{"kind":"Name","value":"borrowed"}},{"kind":"Field","name":{"kind":"Name","value":"interest"}},{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"net"}}]}}]} as unknown as DocumentNode<BalanceFieldsFragment, unknown>;
export const AccountFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AccountFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Account"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"connectionId"}},{"kind":"Field","name":{"kind":"Name","value":"exchange"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"symbol"}},{"kind":"Field","name":{"kind":"Name","value":"subAccountEmail"}},{"kind":"Field","name":{"kind":"Name","value":"balances"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"includeZero"},"value":{"kind":"BooleanValue","value":false}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"BalanceFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"BalanceFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Balance"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"asset"}},{"kind":"Field","name":{"kind":"Name","value":"free"}},{"kind":"Field","name":{"kind":"Name","value":"locked"}},{"kind":"Field","name":{"kind":"Name","value":"borrowed"}},{"kind":"Field","name":{"kind":"Name","value":"interest"}},{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"net"}}]}}]} as unknown as DocumentNode<AccountFieldsFragment, unknown>;
export const MarginFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"MarginFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MarginAccount"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"accountId"}},{"kind":"Field","name":{"kind":"Name","value":"connectionId"}},{"kind":"Field","name":{"kind":"Name","value":"exchange"}},{"kind":"Field","name":{"kind":"Name","value":"mode"}},{"kind":"Field","name":{"kind":"Name","value":"symbol"}},{"kind":"Field","name":{"kind":"Name","value":"marginAsset"}},{"kind":"Field","name":{"kind":"Name","value":"marginBalance"}},{"kind":"Field","name":{"kind":"Name","value":"marginStatic"}},{"kind":"Field","name":{"kind":"Name","value":"positionMargin"}},{"kind":"Field","name":{"kind":"Name","value":"frozenMargin"}},{"kind":"Field","name":{"kind":"Name","value":"availableMargin"}},{"kind":"Field","name":{"kind":"Name","value":"unrealizedPnl"}},{"kind":"Field","name":{"kind":"Name","value":"withdrawAvailable"}},{"kind":"Field","name":{"kind":"Name","value":"riskRate"}},{"kind":"Field","name":{"kind":"Name","value":"marginLevel"}},{"kind":"Field","name":{"kind":"Name","value":"marginLevelStatus"}},{"kind":"Field","name":{"kind":"Name","value":"liquidationPrice"}},{"kind":"Field","name":{"kind":"Name","value":"totalAssetOfBtc"}},{"kind":"Field","name":{"kind":"Name","value":"totalLiabilityOfBtc"}},{"kind":"Field","name":{"kind":"Name","value":"totalNetAssetOfBtc"}},{"kind":"Field","name":{"kind":"Name","value":"positionMode"}},{"kind":"Field","name":{"kind":"Name","value":"contracts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"symbol"}},{"kind":"Field","name":{"kind":"Name","value":"contractCode"}},{"kind":"Field","name":{"kind":"Name","value":"contractType"}},{"kind":"Field","name":{"kind":"Name","value":"businessType"}},{"kind":"Field","name":{"kind":"Name","value":"pair"}},{"kind":"Field","name":{"kind":"Name","value":"leverage"}},{"kind":"Field","name":{"kind":"Name","value":"positionMargin"}},{"kind":"Field","name":{"kind":"Name","value":"frozenMargin"}},{"kind":"Field","name":{"kind":"Name","value":"availableMargin"}},{"kind":"Field","name":{"kind":"Name","value":"unrealizedPnl"}},{"kind":"Field","name":{"kind":"Name","value":"liquidationPrice"}},{"kind":"Field","name":{"kind":"Name","value":"adjustFactor"}},{"kind":"Field","name":{"kind":"Name","value":"crossMaxAvailable"}}]}}]}}]} as unknown as DocumentNode<MarginFieldsFragment, unknown>;
export const TransferFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"TransferFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Transfer"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"connectionId"}},{"kind":"Field","name":{"kind":"Name","value":"exchange"}},{"kind":"Field","name":{"kind":"Name","value":"exchangeTransferId"}},{"kind":"Field","name":{"kind":"Name","value":"asset"}},{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"from"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"symbol"}}]}},{"kind":"Field","name":{"kind":"Name","value":"to"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"symbol"}}]}},{"kind":"Field","name":{"kind":"Name","value":"subAccountEmail"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"idempotencyKey"}},{"kind":"Field","name":{"kind":"Name","value":"failureReason"}}]}}]} as unknown as DocumentNode<TransferFieldsFragment, unknown>;
export const AccountDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Account"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"assets"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"includeZero"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"account"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"connectionId"}},{"kind":"Field","name":{"kind":"Name","value":"exchange"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"symbol"}},{"kind":"Field","name":{"kind":"Name","value":"subAccountEmail"}},{"kind":"Field","name":{"kind":"Name","value":"balances"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"assets"},"value":{"kind":"Variable","name":{"kind":"Name","value":"assets"}}},{"kind":"Argument","name":{"kind":"Name","value":"includeZero"},"value":{"kind":"Variable","name":{"kind":"Name","value":"includeZero"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"asset"}},{"kind":"Field","name":{"kind":"Name","value":"free"}},{"kind":"Field","name":{"kind":"Name","value":"locked"}},{"kind":"Field","name":{"kind":"Name","value":"borrowed"}},{"kind":"Field","name":{"kind":"Name","value":"interest"}},{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"net"}}]}},{"kind":"Field","name":{"kind":"Name","value":"margin"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"mode"}},{"kind":"Field","name":{"kind":"Name","value":"marginLevel"}},{"kind":"Field","name":{"kind":"Name","value":"marginLevelStatus"}},{"kind":"Field","name":{"kind":"Name","value":"riskRate"}},{"kind":"Field","name":{"kind":"Name","value":"liquidationPrice"}}]}}]}}]}}]} as unknown as DocumentNode<AccountQuery, AccountQueryVariables>;
export const ConnectionsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Connections"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"types"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AccountType"}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"connections"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"exchange"}},{"kind":"Field","name":{"kind":"Name","value":"label"}},{"kind":"Field","name":{"kind":"Name","value":"accounts"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"types"},"value":{"kind":"Variable","name":{"kind":"Name","value":"types"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"symbol"}}]}}]}}]}}]} as unknown as DocumentNode<ConnectionsQuery, ConnectionsQueryVariables>;
export const DashboardDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Dashboard"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"AccountFilter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"connections"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"exchange"}},{"kind":"Field","name":{"kind":"Name","value":"label"}}]}},{"kind":"Field","name":{"kind":"Name","value":"accounts"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"AccountFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"marginAccounts"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"MarginFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"portfolio"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"assets"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"asset"}},{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"net"}},{"kind":"Field","name":{"kind":"Name","value":"accounts"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"BalanceFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Balance"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"asset"}},{"kind":"Field","name":{"kind":"Name","value":"free"}},{"kind":"Field","name":{"kind":"Name","value":"locked"}},{"kind":"Field","name":{"kind":"Name","value":"borrowed"}},{"kind":"Field","name":{"kind":"Name","value":"interest"}},{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"net"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AccountFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Account"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"connectionId"}},{"kind":"Field","name":{"kind":"Name","value":"exchange"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"symbol"}},{"kind":"Field","name":{"kind":"Name","value":"subAccountEmail"}},{"kind":"Field","name":{"kind":"Name","value":"balances"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"includeZero"},"value":{"kind":"BooleanValue","value":false}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"BalanceFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"MarginFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MarginAccount"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"accountId"}},{"kind":"Field","name":{"kind":"Name","value":"connectionId"}},{"kind":"Field","name":{"kind":"Name","value":"exchange"}},{"kind":"Field","name":{"kind":"Name","value":"mode"}},{"kind":"Field","name":{"kind":"Name","value":"symbol"}},{"kind":"Field","name":{"kind":"Name","value":"marginAsset"}},{"kind":"Field","name":{"kind":"Name","value":"marginBalance"}},{"kind":"Field","name":{"kind":"Name","value":"marginStatic"}},{"kind":"Field","name":{"kind":"Name","value":"positionMargin"}},{"kind":"Field","name":{"kind":"Name","value":"frozenMargin"}},{"kind":"Field","name":{"kind":"Name","value":"availableMargin"}},{"kind":"Field","name":{"kind":"Name","value":"unrealizedPnl"}},{"kind":"Field","name":{"kind":"Name","value":"withdrawAvailable"}},{"kind":"Field","name":{"kind":"Name","value":"riskRate"}},{"kind":"Field","name":{"kind":"Name","value":"marginLevel"}},{"kind":"Field","name":{"kind":"Name","value":"marginLevelStatus"}},{"kind":"Field","name":{"kind":"Name","value":"liquidationPrice"}},{"kind":"Field","name":{"kind":"Name","value":"totalAssetOfBtc"}},{"kind":"Field","name":{"kind":"Name","value":"totalLiabilityOfBtc"}},{"kind":"Field","name":{"kind":"Name","value":"totalNetAssetOfBtc"}},{"kind":"Field","name":{"kind":"Name","value":"positionMode"}},{"kind":"Field","name":{"kind":"Name","value":"contracts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"symbol"}},{"kind":"Field","name":{"kind":"Name","value":"contractCode"}},{"kind":"Field","name":{"kind":"Name","value":"contractType"}},{"kind":"Field","name":{"kind":"Name","value":"businessType"}},{"kind":"Field","name":{"kind":"Name","value":"pair"}},{"kind":"Field","name":{"kind":"Name","value":"leverage"}},{"kind":"Field","name":{"kind":"Name","value":"positionMargin"}},{"kind":"Field","name":{"kind":"Name","value":"frozenMargin"}},{"kind":"Field","name":{"kind":"Name","value":"availableMargin"}},{"kind":"Field","name":{"kind":"Name","value":"unrealizedPnl"}},{"kind":"Field","name":{"kind":"Name","value":"liquidationPrice"}},{"kind":"Field","name":{"kind":"Name","value":"adjustFactor"}},{"kind":"Field","name":{"kind":"Name","value":"crossMaxAvailable"}}]}}]}}]} as unknown as DocumentNode<DashboardQuery, DashboardQueryVariables>;
export const PortfolioDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Portfolio"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"AccountFilter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"portfolio"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"assets"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"asset"}},{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"net"}},{"kind":"Field","name":{"kind":"Name","value":"accounts"}}]}}]}}]}}]} as unknown as DocumentNode<PortfolioQuery, PortfolioQueryVariables>;
export const TransferDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"Transfer"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"TransferInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"transfer"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"replayed"}},{"kind":"Field","name":{"kind":"Name","value":"transfer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"TransferFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"TransferFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Transfer"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"connectionId"}},{"kind":"Field","name":{"kind":"Name","value":"exchange"}},{"kind":"Field","name":{"kind":"Name","value":"exchangeTransferId"}},{"kind":"Field","name":{"kind":"Name","value":"asset"}},{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"from"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"symbol"}}]}},{"kind":"Field","name":{"kind":"Name","value":"to"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"symbol"}}]}},{"kind":"Field","name":{"kind":"Name","value":"subAccountEmail"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"idempotencyKey"}},{"kind":"Field","name":{"kind":"Name","value":"failureReason"}}]}}]} as unknown as DocumentNode<TransferMutation, TransferMutationVariables>;
export const TransfersDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Transfers"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"TransferFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"transfers"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"TransferFields"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"TransferFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Transfer"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"connectionId"}},{"kind":"Field","name":{"kind":"Name","value":"exchange"}},{"kind":"Field","name":{"kind":"Name","value":"exchangeTransferId"}},{"kind":"Field","name":{"kind":"Name","value":"asset"}},{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"from"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"symbol"}}]}},{"kind":"Field","name":{"kind":"Name","value":"to"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"symbol"}}]}},{"kind":"Field","name":{"kind":"Name","value":"subAccountEmail"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"idempotencyKey"}},{"kind":"Field","name":{"kind":"Name","value":"failureReason"}}]}}]} as unknown as DocumentNode<TransfersQuery, TransfersQueryVariables>;
export const TransferByIdDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"TransferById"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"transfer"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"TransferFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"TransferFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Transfer"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"connectionId"}},{"kind":"Field","name":{"kind":"Name","value":"exchange"}},{"kind":"Field","name":{"kind":"Name","value":"exchangeTransferId"}},{"kind":"Field","name":{"kind":"Name","value":"asset"}},{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"from"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"symbol"}}]}},{"kind":"Field","name":{"kind":"Name","value":"to"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"symbol"}}]}},{"kind":"Field","name":{"kind":"Name","value":"subAccountEmail"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"idempotencyKey"}},{"kind":"Field","name":{"kind":"Name","value":"failureReason"}}]}}]} as unknown as DocumentNode<TransferByIdQuery, TransferByIdQueryVariables>;
export const TransferRoutesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"TransferRoutes"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"connectionId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"transferRoutes"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"connectionId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"connectionId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"from"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"symbol"}}]}},{"kind":"Field","name":{"kind":"Name","value":"to"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"symbol"}}]}},{"kind":"Field","name":{"kind":"Name","value":"fromNeedsSymbol"}},{"kind":"Field","name":{"kind":"Name","value":"toNeedsSymbol"}},{"kind":"Field","name":{"kind":"Name","value":"needsSubAccountEmail"}}]}}]}}]} as unknown as DocumentNode<TransferRoutesQuery, TransferRoutesQueryVariables>;
import type { AccountType, Exchange } from "../../domain/enums.js";
import { BadUserInputError } from "../../domain/errors.js";
import type { ExchangeConnector, TransferHistoryQuery, TransferHistoryWalk } from "../exchange.js";

export interface ConnectorBaseOptions {
  readonly connectionId: string;
  readonly exchange: Exchange;
  readonly label: string | null;
  readonly accountTypes: readonly AccountType[];
  /** The exchange's lazy history walk over an already checked query. */
  readonly openHistory: (query: TransferHistoryQuery) => TransferHistoryWalk;
}

/** What every connector answers the same way: who it is, and its history read whole or lazily. */
export type ConnectorBase = Pick<ExchangeConnector, "connectionId" | "exchange" | "label" | "accountTypes" | "transferHistory" | "openTransferHistory">;

export function connectorBase(options: ConnectorBaseOptions): ConnectorBase {
  function openTransferHistory(query: TransferHistoryQuery): TransferHistoryWalk {
    if (!(query.since instanceof Date) || !(query.until instanceof Date) || Number.isNaN(query.since.getTime()) || Number.isNaN(query.until.getTime())) {
      throw new BadUserInputError("since and until must be dates.");
    }
    return options.openHistory(query);
  }
  return {
    connectionId: options.connectionId,
    exchange: options.exchange,
    label: options.label,
    accountTypes: options.accountTypes,
    async transferHistory(query) {
      const walk = openTransferHistory(query);
      await walk.more(Infinity);
      return [...walk.transfers];
    },
    openTransferHistory,
  };
}

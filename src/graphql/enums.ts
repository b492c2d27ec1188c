import { registerEnumType } from "type-graphql";
import { AccountType, Exchange, MarginMode, RiskLevel, SymbolRequirement, TransferSource, TransferStatus } from "../domain/enums.js";

/** Registers the domain enums with type-graphql once, with the contract's descriptions. */
registerEnumType(Exchange, { name: "Exchange" });
registerEnumType(AccountType, {
  name: "AccountType",
  description: "Kinds of account, the same words for every exchange.",
  valuesConfig: {
    SPOT: { description: "Binance spot wallet (MAIN); HTX spot account." },
    FUNDING: { description: "Binance funding wallet." },
    MARGIN_CROSS: { description: "Binance cross margin account." },
    MARGIN_ISOLATED: { description: "Binance isolated margin account; one per symbol (e.g. BTCUSDT)." },
    USDM_FUTURES: {
      description:
        "Binance USDⓈ-M futures wallet; HTX USDT-margined contracts (linear-swap): the cross account, or one isolated account per contract when symbol is set (e.g. BTC-USDT).",
    },
    COINM_FUTURES: { description: "Binance COIN-M futures wallet." },
    OPTIONS: { description: "Binance options wallet." },
    PORTFOLIO_MARGIN: { description: "Binance portfolio margin account." },
  },
});
registerEnumType(MarginMode, { name: "MarginMode" });
registerEnumType(RiskLevel, {
  name: "RiskLevel",
  valuesConfig: {
    SAFE: { description: "Far from any margin call." },
    MARGIN_CALL: { description: "At or past the exchange's margin-call line." },
    LIQUIDATION: { description: "At or past the exchange's liquidation line (pre-liquidation, forced liquidation, ADL)." },
    UNKNOWN: { description: "The exchange gives nothing to judge by (e.g. no position and no debt)." },
  },
});
registerEnumType(TransferStatus, {
  name: "TransferStatus",
  valuesConfig: {
    PENDING: { description: "Sent to the exchange; the exchange has not confirmed it yet." },
    UNKNOWN: {
      description: "The outcome is not known yet (e.g. the exchange did not answer); it is reconciled against the exchange's history, never sent again.",
    },
  },
});
registerEnumType(TransferSource, {
  name: "TransferSource",
  valuesConfig: {
    JOURNAL: { description: "Made through this API and recorded in its journal." },
    EXCHANGE: { description: "Read from the exchange's own transfer history." },
  },
});

registerEnumType(SymbolRequirement, {
  name: "SymbolRequirement",
  description: "Whether one side of a transfer route takes a symbol.",
  valuesConfig: {
    NONE: { description: "Leave the symbol empty." },
    REQUIRED: { description: "Send one: Binance isolated margin takes its pair, e.g. BTCUSDT." },
    OPTIONAL: {
      description: "Either: HTX USDM_FUTURES takes no symbol for the cross account (margin-account USDT) or a contract code for that isolated account, e.g. BTC-USDT.",
    },
  },
});

export { AccountType, Exchange, MarginMode, RiskLevel, SymbolRequirement, TransferSource, TransferStatus };

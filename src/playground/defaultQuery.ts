/** What GraphiQL shows first: the question a dashboard asks, with what everything is worth. */
export const DEFAULT_QUERY = `# Welcome to Coffer. Run this with the ▶ button (or Ctrl-Enter).
# Values are in USDT; pass value(quote: "BTC") for another asset.
query Dashboard {
  connections { id exchange label }
  accounts(filter: { includeSubAccounts: true }) {
    id
    connectionId
    exchange
    type
    symbol
    subAccountEmail
    value { total net unpriced }
    balances { asset free locked borrowed interest total net value }
    margin { mode riskLevel marginLevel marginLevelStatus riskRate liquidationPrice unrealizedPnl }
  }
  portfolio(filter: { includeSubAccounts: true }) {
    value { quote total net unpriced pricedAt }
    assets {
      asset total net accounts value
      price { price exchange path inverted }
    }
  }
}
`;

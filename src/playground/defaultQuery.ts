/** What GraphiQL shows first: the question a dashboard asks. */
export const DEFAULT_QUERY = `# Welcome to Coffer. Run this with the ▶ button (or Ctrl-Enter).
query Dashboard {
  connections { id exchange label }
  accounts(filter: { includeSubAccounts: true }) {
    id
    connectionId
    exchange
    type
    symbol
    subAccountEmail
    balances { asset free locked borrowed interest total net }
    margin { mode riskLevel marginLevel marginLevelStatus riskRate liquidationPrice unrealizedPnl }
  }
  portfolio { assets { asset total net accounts } }
}
`;

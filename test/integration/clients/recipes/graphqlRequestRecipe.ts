/** The README's graphql-request recipe, run by graphqlRequest.test.ts against the sandbox. */
import { ClientError, GraphQLClient } from "graphql-request";
import { DashboardDocument, TransferDocument, type DashboardQuery, type TransferInput } from "../../../generated/graphql.js";

// README:begin graphql-request
// One client per token. Every call is a POST of the typed document; the answer is typed.
export function cofferClient(endpoint: string, token: string): GraphQLClient {
  return new GraphQLClient(endpoint, { headers: { authorization: `Bearer ${token}` } });
}

export async function loadDashboard(client: GraphQLClient): Promise<DashboardQuery> {
  try {
    return await client.request(DashboardDocument, { filter: { includeSubAccounts: true } });
  } catch (error) {
    // Any error throws a ClientError. A connection that failed leaves the others' data in
    // error.response.data, its own items null with an error at their path.
    if (error instanceof ClientError && error.response.data) return error.response.data as DashboardQuery;
    throw error;
  }
}

export async function transfer(client: GraphQLClient, input: TransferInput) {
  try {
    return (await client.request(TransferDocument, { input })).transfer;
  } catch (error) {
    // Branch on extensions.code (FORBIDDEN, INSUFFICIENT_BALANCE, ...), never on the message.
    const code = error instanceof ClientError ? error.response.errors?.[0]?.extensions?.code : undefined;
    throw new Error(`transfer refused: ${String(code ?? error)}`, { cause: error });
  }
}
// README:end

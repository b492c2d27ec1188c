/** The README's Apollo Client recipe, run by apolloClient.test.ts against the sandbox. */
import { ApolloClient, HttpLink, InMemoryCache } from "@apollo/client";
import { relayStylePagination } from "@apollo/client/utilities";

// README:begin apollo-client
export function cofferApolloClient(endpoint: string, token: string): ApolloClient {
  return new ApolloClient({
    link: new HttpLink({ uri: endpoint, headers: { authorization: `Bearer ${token}` } }),
    cache: new InMemoryCache({
      typePolicies: {
        // Account, ExchangeConnection and Transfer have an `id`; a MarginAccount is keyed by
        // the id of the account it describes.
        MarginAccount: { keyFields: ["accountId"] },
        Query: {
          fields: {
            // One list per filter; fetchMore({ variables: { after: pageInfo.endCursor } })
            // appends the next page.
            transfers: relayStylePagination(["filter"]),
          },
        },
      },
    }),
  });
}
// README:end

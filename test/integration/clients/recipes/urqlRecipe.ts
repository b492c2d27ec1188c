/** The README's urql recipe, run by urql.test.ts against the sandbox. */
import { cacheExchange, Client, fetchExchange } from "@urql/core";

// README:begin urql
export function cofferUrqlClient(endpoint: string, token: string): Client {
  return new Client({
    url: endpoint,
    exchanges: [cacheExchange, fetchExchange],
    // urql sends short queries as GET; Coffer (Apollo's CSRF guard) runs a GET only with a
    // preflight header. Send everything as POST...
    preferGetMethod: false,
    fetchOptions: () => ({ headers: { authorization: `Bearer ${token}` } }),
  });
}

// ...or keep GET (cacheable URLs) and add the header Apollo's guard asks for.
export function cofferUrqlGetClient(endpoint: string, token: string): Client {
  return new Client({
    url: endpoint,
    exchanges: [cacheExchange, fetchExchange],
    fetchOptions: () => ({ headers: { authorization: `Bearer ${token}`, "apollo-require-preflight": "true" } }),
  });
}
// README:end

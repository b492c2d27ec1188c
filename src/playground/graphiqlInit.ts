/**
 * The script that mounts GraphiQL, served as a file (not inline) so the page works under a
 * strict Content-Security-Policy. It reads its settings from the page's data attributes.
 */
export const GRAPHIQL_INIT_SCRIPT = `(function () {
  var root = document.getElementById("graphiql");
  var endpoint = root.getAttribute("data-endpoint");
  var token = root.getAttribute("data-token");
  var query = root.getAttribute("data-query");
  var auth = token ? { Authorization: "Bearer " + token } : {};
  var headers = token ? JSON.stringify(auth, null, 2) : "";
  // The fetcher carries the token too: GraphiQL's schema introspection does not read the
  // headers editor, and without it the docs explorer and autocompletion would stay empty.
  // Subscriptions go over graphql-ws on the same path; the token travels in connection_init.
  var wsUrl = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + endpoint;
  var wsClient = graphqlWs.createClient({
    url: wsUrl,
    lazy: true,
    connectionParams: function () {
      return token ? { authorization: "Bearer " + token } : {};
    }
  });
  var fetcher = GraphiQL.createFetcher({ url: endpoint, headers: auth, wsClient: wsClient });
  ReactDOM.createRoot(root).render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultQuery: query,
      defaultHeaders: headers,
      defaultEditorToolsVisibility: true,
      shouldPersistHeaders: false
    })
  );
})();
`;

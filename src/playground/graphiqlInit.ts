/**
 * The script that mounts GraphiQL, served as a file (not inline) so the page works under a
 * strict Content-Security-Policy. It reads its settings from the page's data attributes.
 */
export const GRAPHIQL_INIT_SCRIPT = `(function () {
  var root = document.getElementById("graphiql");
  var endpoint = root.getAttribute("data-endpoint");
  var token = root.getAttribute("data-token");
  var query = root.getAttribute("data-query");
  var headers = token ? JSON.stringify({ Authorization: "Bearer " + token }, null, 2) : "";
  var fetcher = GraphiQL.createFetcher({ url: endpoint });
  ReactDOM.createRoot(root).render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultQuery: query,
      defaultHeaders: headers,
      headers: headers || undefined,
      defaultEditorToolsVisibility: true,
      shouldPersistHeaders: false
    })
  );
})();
`;

export interface GraphiqlPageOptions {
  /** Where the page sends queries, e.g. /graphql. */
  readonly endpoint: string;
  /** Pre-filled bearer token (the sandbox's demo token); omitted for a real config. */
  readonly demoToken: string | null;
  readonly defaultQuery: string;
  /** URL prefix of the served assets. */
  readonly assetsPath: string;
}

const escapeHtml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** The GraphiQL page: only same-origin scripts and styles, settings in data attributes. */
export function renderGraphiqlPage(options: GraphiqlPageOptions): string {
  const a = options.assetsPath;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Coffer · GraphiQL</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${a}/graphiql.css">
<style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
<div id="graphiql" data-endpoint="${escapeHtml(options.endpoint)}" data-token="${escapeHtml(options.demoToken ?? "")}" data-query="${escapeHtml(options.defaultQuery)}">Loading GraphiQL…</div>
<script src="${a}/react.js"></script>
<script src="${a}/react-dom.js"></script>
<script src="${a}/graphiql.js"></script>
<script src="${a}/graphql-ws.js"></script>
<script src="${a}/init.js"></script>
</body>
</html>`;
}

/**
 * The CSP with the page's own WebSocket origin added to connect-src (subscriptions), from the
 * Host header the browser sent; a Host that is not a plain host[:port] adds nothing.
 */
export function graphiqlCsp(host: string | undefined, secure: boolean): string {
  if (!host || !/^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(host)) return GRAPHIQL_CSP;
  return GRAPHIQL_CSP.replace("connect-src 'self'", `connect-src 'self' ${secure ? "wss" : "ws"}://${host}`);
}

/** CSP for the page: nothing leaves this origin. GraphiQL sets inline styles, hence style-src. */
export const GRAPHIQL_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; frame-ancestors 'none'";

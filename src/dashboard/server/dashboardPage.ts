import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** Where `npm run build` writes the bundled page (scripts/buildDashboard.mjs): dist/dashboard. */
export function dashboardDistDir(): string {
  // From src/dashboard/server (ts) or dist/src/dashboard/server (js), up to the package root.
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json")) && dirname(dir) !== dir) dir = dirname(dir);
  return join(dir, "dist", "dashboard");
}

/** The bundled files the page loads; nothing else under the assets path is served. */
export const DASHBOARD_ASSETS: Readonly<Record<string, string>> = {
  "dashboard.js": "text/javascript",
  "dashboard.css": "text/css",
};

const escapeHtml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** The page: a shell with settings in data attributes and one same-origin module script. */
export function renderDashboardPage(options: { endpoint: string; demoToken: string | null; assetsPath: string }): string {
  const a = options.assetsPath;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Coffer · Dashboard</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${a}/dashboard.css">
</head>
<body>
<div id="dashboard" data-endpoint="${escapeHtml(options.endpoint)}" data-token="${escapeHtml(options.demoToken ?? "")}">Loading the dashboard…</div>
<script type="module" src="${a}/dashboard.js"></script>
</body>
</html>`;
}

/** Nothing leaves this origin: scripts, styles and data from here; WebSockets to this host only. */
const DASHBOARD_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** The CSP with the page's own WebSocket origin (from a plain host[:port] Host header). */
export function dashboardCsp(host: string | undefined, secure: boolean): string {
  if (!host || !/^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(host)) return DASHBOARD_CSP;
  return DASHBOARD_CSP.replace("connect-src 'self'", `connect-src 'self' ${secure ? "wss" : "ws"}://${host}`);
}

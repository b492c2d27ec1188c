import type { EndpointCounts } from "./dashboardMinimum.js";

/**
 * Upstream calls by connection id and endpoint ("GET /api/v3/account"), read from Coffer's
 * Prometheus text (`coffer_upstream_requests_total`, every outcome): how the bench counts a
 * separate Coffer process's calls, since the simulators' process does not report its own. The
 * endpoint labels are templates (`/accounts/{id}/`), the form `countByEndpoint` gives.
 */
export function upstreamCounts(metricsText: string): Record<string, EndpointCounts> {
  const byConnection: Record<string, EndpointCounts> = {};
  for (const line of metricsText.split("\n")) {
    const match = /^coffer_upstream_requests_total\{(.*)\} (\S+)$/.exec(line);
    if (!match) continue;
    const labels = Object.fromEntries([...match[1]!.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1]!, m[2]!]));
    const counts = (byConnection[labels.connection ?? "?"] ??= {});
    const endpoint = labels.endpoint ?? "?";
    counts[endpoint] = (counts[endpoint] ?? 0) + Number(match[2]);
  }
  return byConnection;
}

/** `after` minus `before`, endpoint by endpoint (zeros left out). */
export function subtractCounts(after: EndpointCounts, before: EndpointCounts): EndpointCounts {
  const out: EndpointCounts = {};
  for (const [endpoint, n] of Object.entries(after)) {
    const delta = n - (before[endpoint] ?? 0);
    if (delta !== 0) out[endpoint] = delta;
  }
  return out;
}

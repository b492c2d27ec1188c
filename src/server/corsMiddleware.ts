import type { NextFunction, Request, Response } from "express";
import { DEFAULTS } from "../settings/knobs.js";

export interface CorsOptions {
  /** Exact origins (`scheme://host[:port]`) a browser page may call Coffer from. Empty: none. */
  readonly origins: readonly string[];
  /** How long a browser may cache a preflight's answer, seconds. */
  readonly maxAgeSeconds: number;
}

/** What a cross-origin page may send: JSON, a bearer token, and Apollo's CSRF-guard headers. */
const CORS_ALLOWED_HEADERS = ["content-type", "authorization", "apollo-require-preflight", "x-apollo-operation-name"] as const;
const CORS_ALLOWED_METHODS = ["GET", "POST", "OPTIONS"] as const;
/** Response headers a page may read besides the CORS-safelisted ones (429 carries Retry-After). */
const CORS_EXPOSED_HEADERS = ["retry-after"] as const;
export const DEFAULT_CORS_MAX_AGE_SECONDS = DEFAULTS["cors.maxAgeSeconds"];

/**
 * CORS for the GraphQL endpoint, with an allow-list. An allowed origin is echoed (never `*`,
 * since credentials are allowed) with `Vary: Origin`; a preflight from it is answered 204 with
 * the methods and headers above. Any other origin gets no CORS header at all: its preflight is
 * refused with 403 and the browser keeps the page from reading any answer. Same-origin requests
 * need none of this and are untouched. Apollo's CSRF guard stays on behind this: a cross-origin
 * "simple" request that skips the preflight is still refused.
 */
export function corsMiddleware(options: CorsOptions): (req: Request, res: Response, next: NextFunction) => void {
  const allowed = new Set(options.origins);
  return (req, res, next) => {
    // Whether CORS headers are sent depends on Origin, so caches must key on it.
    res.vary("Origin");
    const origin = req.headers.origin;
    const isAllowed = typeof origin === "string" && allowed.has(origin);
    const isPreflight = req.method === "OPTIONS" && typeof origin === "string" && req.headers["access-control-request-method"] !== undefined;
    if (isPreflight) {
      if (!isAllowed) {
        res.status(403).type("text/plain").send("CORS: this origin is not allowed to call Coffer (configure cors.origins).");
        return;
      }
      res.setHeader("access-control-allow-origin", origin);
      res.setHeader("access-control-allow-credentials", "true");
      res.setHeader("access-control-allow-methods", CORS_ALLOWED_METHODS.join(", "));
      res.setHeader("access-control-allow-headers", CORS_ALLOWED_HEADERS.join(", "));
      res.setHeader("access-control-max-age", String(options.maxAgeSeconds));
      res.status(204).end();
      return;
    }
    if (isAllowed) {
      res.setHeader("access-control-allow-origin", origin);
      res.setHeader("access-control-allow-credentials", "true");
      res.setHeader("access-control-expose-headers", CORS_EXPOSED_HEADERS.join(", "));
    }
    next();
  };
}

import type express from "express";
import { RequestRefusal } from "../plugins/errorMapping.js";
import type { Principal } from "../principal.js";
import type { TokenRateLimiter } from "./tokenRateLimiter.js";

export interface AdmitRequestOptions {
  /** Turns the Authorization header into a Principal or throws UNAUTHENTICATED. */
  readonly authenticate: (authorization: string | undefined) => Principal;
  readonly tokenLimiter: TokenRateLimiter;
  /** Told the code of every refusal (metrics). */
  readonly onRefused?: (code: string) => void;
}

/** The principal `admitRequest` stored for the request (read by the GraphQL context). */
export function admittedPrincipal(res: express.Response): Principal | undefined {
  return res.locals.principal as Principal | undefined;
}

/**
 * Express middleware that decides from the headers alone, before the body is read or parsed:
 * a missing or unknown bearer token gets 401 UNAUTHENTICATED, a token past its rate gets 429
 * RATE_LIMITED with Retry-After. A refused request never costs a body parse, and its
 * connection is closed after the answer so an unread body cannot keep it busy.
 */
export function admitRequest(options: AdmitRequestOptions): express.RequestHandler {
  return (req, res, next) => {
    try {
      const principal = options.authenticate(req.headers.authorization);
      options.tokenLimiter.take(principal.name);
      res.locals.principal = principal;
      next();
    } catch (error) {
      if (!(error instanceof RequestRefusal)) return next(error);
      const { http, ...extensions } = error.extensions as { http?: { status?: number; headers?: Map<string, string> } } & Record<string, unknown>;
      for (const [name, value] of http?.headers ?? []) res.setHeader(name, value);
      res.setHeader("connection", "close");
      options.onRefused?.(error.code);
      res.status(http?.status ?? 400).json({ errors: [{ message: error.message, extensions: { ...extensions, code: error.code } }] });
    }
  };
}

import { randomBytes, timingSafeEqual } from "node:crypto";
import http from "node:http";
import type { Principal } from "../graphql/principal.js";

/** Who the start-up's own HTTP request runs as: it may read, and it reads nothing. */
export const WARM_UP_HTTP_PRINCIPAL: Principal = { name: "(start-up warm-up request)", scopes: new Set(["read"]) };

/**
 * The one request a starting server sends itself over loopback, so that the first client's
 * request does not pay for the first run of the HTTP path: the router, the token check, the
 * JSON body parser (which loads its character-set tables on first use), Apollo's express
 * integration and the answer's serialisation — about as much as a dashboard's own work.
 *
 * It carries a bearer token made for it (32 random bytes, in this process's memory only, never
 * logged) that admits exactly one request and nothing once `send` has returned; the document
 * (`{ __typename }`) reads no connection.
 */
export interface WarmUpRequest {
  /** The warm-up principal when `authorization` is this request's token and it is still unused; else null. */
  admit(authorization: string | undefined): Principal | null;
  /** Sends the request to `url` (the GraphQL endpoint) and waits for its answer; never throws. Revokes the token. */
  send(url: string): Promise<void>;
  /** Revokes the token without sending (a server that sends no warm-up request). */
  revoke(): void;
}

export function createWarmUpRequest(): WarmUpRequest {
  let token: Buffer | null = Buffer.from(`Bearer ${randomBytes(32).toString("hex")}`);
  const authorization = token.toString();

  return {
    admit(header) {
      if (token === null || header === undefined) return null;
      const given = Buffer.from(header);
      if (given.length !== token.length || !timingSafeEqual(given, token)) return null;
      token = null; // one request
      return WARM_UP_HTTP_PRINCIPAL;
    },
    revoke() {
      token = null;
    },
    async send(url) {
      try {
        await new Promise<void>((resolve) => {
          const body = JSON.stringify({ query: "query WarmUp { __typename }" });
          const request = http.request(
            url,
            // Its own connection, closed with the answer: a kept-alive socket would hold one of
            // the server's `maxConnections` for as long as the keep-alive lasts.
            { method: "POST", agent: false, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), connection: "close", authorization } },
            (response) => {
              response.resume();
              response.on("end", resolve);
              response.on("error", () => resolve());
            },
          );
          request.on("error", () => resolve());
          request.setTimeout(5000, () => request.destroy());
          request.end(body);
        });
      } finally {
        token = null;
      }
    },
  };
}

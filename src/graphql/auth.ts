import { createHash, timingSafeEqual } from "node:crypto";
import type { TokenConfig } from "../settings/config.types.js";
import { ForbiddenError, UnauthenticatedError } from "./authErrors.js";
import type { Principal } from "./principal.js";

export function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/**
 * Turns an Authorization header into a Principal, or throws UNAUTHENTICATED. Only SHA-256
 * digests are configured, compared in constant time, so neither the config file nor timing
 * reveals a token.
 */
export function createAuthenticator(tokens: readonly TokenConfig[]): (authorization: string | undefined) => Principal {
  const known = tokens.map((token) => ({
    name: token.name,
    digest: Buffer.from(token.sha256.toLowerCase(), "hex"),
    scopes: new Set(token.scopes),
  }));
  return (authorization) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
    if (!match) throw new UnauthenticatedError();
    const digest = Buffer.from(sha256Hex(match[1]), "hex");
    let found: (typeof known)[number] | undefined;
    for (const candidate of known) {
      // Compare against every token so the time taken does not depend on which one matched.
      if (candidate.digest.length === digest.length && timingSafeEqual(candidate.digest, digest)) found = candidate;
    }
    if (!found) throw new UnauthenticatedError("The bearer token is not valid.");
    return { name: found.name, scopes: found.scopes };
  };
}

export function requireScope(principal: Principal, scope: "read" | "transfer"): void {
  if (!principal.scopes.has(scope)) {
    throw new ForbiddenError(`This token (${principal.name}) lacks the "${scope}" scope needed for this operation.`);
  }
}

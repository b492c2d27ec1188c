import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Whether `given` is HMAC-SHA256(secret, payload) in `encoding`, compared in constant time. Hex
 * is compared without regard to case (exchanges accept either); base64 exactly. Each simulator
 * builds its own payload (what its exchange signs); checking it is the same everywhere.
 */
export function hmacMatches(secret: string, payload: string, encoding: "hex" | "base64", given: unknown): boolean {
  if (typeof given !== "string") return false;
  const expected = Buffer.from(createHmac("sha256", secret).update(payload, "utf8").digest(encoding), "utf8");
  const offered = Buffer.from(encoding === "hex" ? given.toLowerCase() : given, "utf8");
  return offered.length === expected.length && timingSafeEqual(offered, expected);
}

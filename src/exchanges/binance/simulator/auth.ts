import { takeParam } from "../../kit/simulator/simRequest.js";
import type { SimRequest, SimResponse } from "../../kit/simulator/simServer.js";
import { hmacMatches } from "../../kit/simulator/simSignature.js";
import { simErrors } from "./errors.js";

/**
 * Checks a signed Binance request the way Binance does: API key, timestamp and recvWindow
 * (`timestamp < serverTime + 1000 && serverTime - timestamp <= recvWindow`, recvWindow at
 * most 60000, default 5000), and the HMAC-SHA256 signature over query string + body with
 * the `signature` parameter taken out. Answers null when the request passes.
 */
export function verifySignedRequest(request: SimRequest, params: URLSearchParams, credentials: { apiKey: string; apiSecret: string }): SimResponse | null {
  const key = request.headers["x-mbx-apikey"];
  if (typeof key !== "string" || key === "") return simErrors.badKeyFormat();
  if (key !== credentials.apiKey) return simErrors.rejectedKey();

  const timestampText = params.get("timestamp");
  if (!timestampText || !/^\d+$/.test(timestampText)) return simErrors.mandatory("timestamp");
  const recvText = params.get("recvWindow");
  let recvWindow = 5000;
  if (recvText !== null) {
    if (!/^\d+(\.\d{1,3})?$/.test(recvText)) return simErrors.mandatory("recvWindow");
    recvWindow = Number(recvText);
    if (recvWindow > 60_000) return simErrors.badRecvWindow();
  }
  const timestamp = Number(timestampText);
  const serverTime = request.now;
  if (!(timestamp < serverTime + 1000)) return simErrors.aheadOfServer();
  if (!(serverTime - timestamp <= recvWindow)) return simErrors.outsideRecvWindow();

  const query = takeParam(request.rawQuery, "signature");
  const body = takeParam(request.body, "signature");
  const signature = query.value ?? body.value;
  if (!signature) return simErrors.mandatory("signature");
  if (!hmacMatches(credentials.apiSecret, query.rest + body.rest, "hex", signature)) return simErrors.badSignature();
  return null;
}

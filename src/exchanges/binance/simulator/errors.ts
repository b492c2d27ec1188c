import { simAnswer } from "../../kit/simulator/simAnswer.js";
import type { SimResponse } from "../../kit/simulator/simServer.js";

/** Binance's error bodies and statuses, word for word (Binance's "Error codes" documentation). */
export function binanceError(status: number, code: number, msg: string, headers?: Record<string, string>): SimResponse {
  return simAnswer(status, { code, msg }, headers);
}

export const simErrors = {
  badKeyFormat: () => binanceError(401, -2014, "API-key format invalid."),
  rejectedKey: () => binanceError(401, -2015, "Invalid API-key, IP, or permissions for action."),
  badSignature: () => binanceError(400, -1022, "Signature for this request is not valid."),
  outsideRecvWindow: () => binanceError(400, -1021, "Timestamp for this request is outside of the recvWindow."),
  aheadOfServer: () => binanceError(400, -1021, "Timestamp for this request was 1000ms ahead of the server's time."),
  badRecvWindow: () => binanceError(400, -1131, "recvWindow must be less than 60000"),
  mandatory: (name: string) => binanceError(400, -1102, `Mandatory parameter '${name}' was not sent, was empty/null, or malformed.`),
  illegalChars: (name: string, range: string) => binanceError(400, -1100, `Illegal characters found in parameter '${name}'; legal range is '${range}'.`),
  precision: () => binanceError(400, -1111, "Precision is over the maximum defined for this asset."),
  interval: (hours: number) => binanceError(400, -1127, `More than ${hours} hours between startTime and endTime.`),
  insufficientTransfer: () => binanceError(400, -5013, "Asset transfer failed: insufficient balance"),
  exceedMaxRollout: () => binanceError(400, -3020, "Transfer out amount exceeds max amount."),
  noMarginAccount: () => binanceError(400, -3003, "Margin account does not exist."),
  notMarginAsset: () => binanceError(400, -3027, "Not a valid margin asset."),
  noRelation: () => binanceError(400, -5021, "This parent sub have no relation"),
  tooManyRequests: (limit: number, retryAfterSeconds: number, header: Record<string, string>) =>
    binanceError(
      429,
      -1003,
      `Too much request weight used; current limit is ${limit} request weight per 1 MINUTE. Please use WebSocket Streams for live updates to avoid polling the API.`,
      { ...header, "Retry-After": String(retryAfterSeconds) },
    ),
  banned: (untilMs: number, retryAfterSeconds: number, header: Record<string, string>) =>
    binanceError(418, -1003, `Way too much request weight used; IP banned until ${untilMs}. Please use WebSocket Streams for live updates to avoid bans.`, {
      ...header,
      "Retry-After": String(retryAfterSeconds),
    }),
  notFound: (): SimResponse => simAnswer(404, "<html><body><h2>404 Not found</h2></body></html>"),
};

import type { SimResponse } from "./simServer.js";

/** An answer: a string body is sent as is (hand-written exact numbers), anything else as JSON. */
export function simAnswer(status: number, body: unknown, headers?: Record<string, string>): SimResponse {
  return headers ? { status, headers, body } : { status, body };
}

/** The answer with `headers` added (the answer's own win): rate-limit headers on every answer of a budget. */
export function withHeaders(response: SimResponse, headers: Record<string, string> | undefined): SimResponse {
  return headers ? { ...response, headers: { ...headers, ...response.headers } } : response;
}

import { setMaxListeners } from "node:events";
import type { ServerResponse } from "node:http";

/**
 * An AbortSignal for one HTTP request: it fires when the response is closed — sent, or its
 * client gone before the answer. Work started for the request (history walks and their
 * upstream calls) listens to it, so nothing of a request keeps calling the exchanges after it.
 */
export function requestSignal(res: ServerResponse): AbortSignal {
  const controller = new AbortController();
  // Each field reading for the request listens to it (aliases included), not a leak.
  setMaxListeners(100, controller.signal);
  if (res.closed) controller.abort();
  else res.once("close", () => controller.abort());
  return controller.signal;
}

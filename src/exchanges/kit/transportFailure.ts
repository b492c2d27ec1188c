import { UpstreamUnavailableError } from "../../domain/errors.js";
import { HttpTransportError } from "./httpClient.js";

/**
 * A call that got no HTTP answer (timeout, reset, refused) as Coffer's error, naming the
 * exchange and the call's method, host and path, never its query. The outcome is unknown
 * whenever the request may have reached the exchange: only a connection never made (refused,
 * DNS) says it did not.
 */
export function transportFailure(exchange: string, connectionId: string, where: string, error: unknown): UpstreamUnavailableError {
  if (error instanceof HttpTransportError) {
    const what = error.kind === "timeout" ? "did not answer in time" : "could not be reached";
    return new UpstreamUnavailableError(`${connectionId}: ${exchange} ${what} (${where}).`, connectionId, {
      outcomeUnknown: error.requestMayHaveBeenSent,
    });
  }
  return new UpstreamUnavailableError(`${connectionId}: calling ${exchange} failed (${where}).`, connectionId, { outcomeUnknown: true });
}

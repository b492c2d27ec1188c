import { UpstreamUnavailableError } from "../../domain/errors.js";
import type { Logger } from "../../observability/logger.js";

/**
 * Runs a wire → domain reading. The rule, the same for every exchange: the wire readers
 * (`wireValues`, `parseDecimal`, a mapper's reads of fields that are not there) throw TypeError
 * when an answer does not have the shape Coffer expects — that is the exchange's failure, and
 * becomes UPSTREAM_UNAVAILABLE naming the exchange and the call. Anything else thrown (a Coffer
 * error, a RangeError, a ReferenceError) is passed on untouched: our own bugs are not hidden.
 */
export type WireGuard = <T>(where: string, read: () => T, options?: { readonly mutates?: boolean }) => T;

export interface WireGuardOptions {
  /** The exchange's name as a person reads it (its plugin's display name). */
  readonly exchange: string;
  readonly connectionId: string;
  readonly logger: Logger;
}

/**
 * `where` is the method and path of the call ("GET /api/v3/account"). With `mutates` (the
 * answer to a transfer) an unreadable answer leaves the transfer's outcome unknown: the
 * exchange may have moved the money.
 */
export function createWireGuard(options: WireGuardOptions): WireGuard {
  const { exchange, connectionId, logger } = options;
  return (where, read, readOptions = {}) => {
    try {
      return read();
    } catch (error) {
      if (!(error instanceof TypeError)) throw error;
      logger.warn({ call: where, reason: error.message }, "answer had an unexpected shape");
      throw new UpstreamUnavailableError(`${connectionId}: ${exchange} sent an answer Coffer cannot read (${where}).`, connectionId, {
        outcomeUnknown: readOptions.mutates === true,
      });
    }
  };
}

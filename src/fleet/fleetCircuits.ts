import type { UpstreamGuard } from "../exchanges/kit/upstreamGuard.js";
import type { Logger } from "../observability/logger.js";
import type { EventBus } from "./eventBus.js";

/** The channel circuit changes travel on. */
const CIRCUITS_CHANNEL = "circuits";

interface CircuitMessage {
  readonly from: string;
  readonly connectionId: string;
  readonly state: "open" | "closed";
  /** How long the circuit stays open from when it was published (a duration: instances' clocks differ). */
  readonly openForMs: number;
}

/** What a guard calls when its own calls open or close the circuit: tell the fleet. */
export function publishCircuitChanges(bus: EventBus, instanceId: string, connectionId: string, now: () => number = Date.now) {
  return (state: "open" | "closed", retryAt: number): void => {
    const message: CircuitMessage = { from: instanceId, connectionId, state, openForMs: state === "open" ? Math.max(0, retryAt - now()) : 0 };
    void bus.publish(CIRCUITS_CHANNEL, JSON.stringify(message)).catch(() => undefined);
  };
}

/**
 * Makes every instance's breaker follow the others': a circuit opened by one instance's failures
 * fails fast on every instance until the same time, so the fleet stops hammering a failing
 * exchange together; a probe that succeeded anywhere closes it everywhere.
 */
export function followFleetCircuits(options: {
  readonly bus: EventBus;
  readonly instanceId: string;
  readonly guards: ReadonlyMap<string, UpstreamGuard>;
  readonly logger: Logger;
  readonly now?: () => number;
}): Promise<() => Promise<void>> {
  const now = options.now ?? Date.now;
  return options.bus.subscribe(CIRCUITS_CHANNEL, (text) => {
    let message: CircuitMessage;
    try {
      message = JSON.parse(text) as CircuitMessage;
    } catch {
      return;
    }
    if (message.from === options.instanceId) return;
    const guard = options.guards.get(message.connectionId);
    if (!guard || (message.state !== "open" && message.state !== "closed")) return;
    guard.breaker.adopt(message.state, message.state === "open" ? now() + Number(message.openForMs) : 0);
  });
}

import type { Logger } from "../observability/logger.js";
import type { RedisLink } from "./redisLink.js";

/** Renews the slot while it is ours (KEYS: slot key; ARGV: instance id, ms); claims it when free. */
const CLAIM = `
local owner = redis.call('GET', KEYS[1])
if owner == ARGV[1] or not owner then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', tonumber(ARGV[2]))
  return 1
end
return 0
`;

/**
 * This instance's place in the fleet, 0 … fleetSize − 1, leased in Redis and renewed while Redis
 * answers. When Redis goes away each instance keeps the slot it held (nobody can take it
 * meanwhile), so budgets too small to split (one transfer a second) can be used in turns
 * without talking. null: no slot (Redis never reached, or more instances than fleetSize).
 */
export interface FleetSlot {
  readonly current: number | null;
  close(): void;
}

export function createFleetSlot(options: { link: RedisLink; size: number; instanceId: string; logger: Logger; leaseMs?: number }): FleetSlot {
  const { link, size, instanceId } = options;
  const leaseMs = options.leaseMs ?? 15_000;
  let current: number | null = null;

  async function claim(): Promise<void> {
    if (link.mode !== "shared") return;
    const order = current === null ? [...Array(size).keys()] : [current, ...[...Array(size).keys()].filter((s) => s !== current)];
    for (const slot of order) {
      try {
        const won = await link.client.eval(CLAIM, 1, `coffer:fleet:slot:${slot}`, instanceId, String(leaseMs));
        if (Number(won) === 1) {
          if (current !== slot) options.logger.info({ slot, fleetSize: size }, "fleet slot taken");
          current = slot;
          return;
        }
      } catch {
        return; // Redis went away: keep the slot held so far
      }
    }
    if (current !== null) options.logger.warn({ fleetSize: size }, "no free fleet slot: more instances than fleet.size");
    current = null;
  }

  void claim();
  link.onModeChange((mode) => {
    if (mode === "shared") void claim();
  });
  const timer = setInterval(() => void claim(), Math.max(100, Math.floor(leaseMs / 3)));
  timer.unref();
  return {
    get current() {
      return current;
    },
    close() {
      clearInterval(timer);
    },
  };
}

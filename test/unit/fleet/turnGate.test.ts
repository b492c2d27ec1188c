import { describe, expect, it } from "@jest/globals";
import { createTurnGate } from "../../../src/fleet/turnGate.js";

/** One call a second for three instances: turns of 2 s, a cycle of 6 s, slot s calls in [2000 s, 2000 s + 750) of each cycle. */
const gate = () => createTurnGate({ limit: 1, intervalMs: 1000, fleetSize: 3, returnSpreadMs: 1500 });
const CYCLE = 6000;
const at = (cycle: number, phase: number) => cycle * CYCLE + phase;

describe("turns of a budget too small to split", () => {
  it("after losing Redis the first turn opens a window plus the margin later, even inside the calling window", () => {
    const turns = gate();
    turns.lost(at(10, 1900));
    // Slot 1's window [2000, 2750) would be open at 2100: the loss at 1900 keeps it shut until 3150, past its end.
    expect(turns.delay(at(10, 2100), 1, 1)).toBe(1050);
    expect(turns.delay(at(10, 3150), 1, 1)).toBe(4850);
    // A loss long ago does not hold anything back.
    expect(turns.delay(at(11, 2100), 1, 1)).toBe(0);
  });

  it("one call a calling window: a second waits for the next cycle's window", () => {
    const turns = gate();
    expect(turns.delay(at(10, 2000), 1, 1)).toBe(0);
    const window = turns.grant(at(10, 2000), 1);
    expect(turns.delay(at(10, 2100), 1, 1)).toBe(CYCLE - 100);
    expect(turns.delay(at(11, 2000), 1, 1)).toBe(0);
    // A grant leaves only inside its own calling window: not after it closed, not in a later one.
    expect(turns.open(at(10, 2749), 1, window)).toBe(true);
    expect(turns.open(at(10, 2750), 1, window)).toBe(false);
    expect(turns.open(at(11, 2000), 1, window)).toBe(false);
  });

  it("a loss after a grant shuts its calling window for it too", () => {
    const turns = gate();
    const window = turns.grant(at(10, 2000), 1);
    turns.lost(at(10, 2100));
    expect(turns.open(at(10, 2300), 1, window)).toBe(false);
  });

  it("back on Redis: turns go on for the reconnection spread plus the margin", () => {
    const turns = gate();
    turns.back(at(10, 0));
    expect(turns.inGrace(at(10, 1749))).toBe(true);
    expect(turns.inGrace(at(10, 1750))).toBe(false);
  });
});

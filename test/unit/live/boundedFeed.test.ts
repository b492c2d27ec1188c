import { describe, expect, it } from "@jest/globals";
import { createBoundedFeed } from "../../../src/live/boundedFeed.js";

describe("boundedFeed", () => {
  it("hands items over in order and to a waiting consumer at once", async () => {
    const feed = createBoundedFeed<number>({ max: 3, onOverflow: () => undefined });
    const waiting = feed.next();
    feed.push(1);
    expect(await waiting).toEqual({ value: 1, done: false });
    feed.push(2);
    feed.push(3);
    expect(await feed.next()).toEqual({ value: 2, done: false });
    expect(await feed.next()).toEqual({ value: 3, done: false });
  });

  it("ends and reports overflow once the consumer lets more than max pile up, keeping nothing", async () => {
    let overflows = 0;
    let ended = 0;
    const feed = createBoundedFeed<number>({ max: 2, onOverflow: () => overflows++, onEnd: () => ended++ });
    for (let i = 0; i < 10; i++) feed.push(i);
    expect(overflows).toBe(1);
    expect(ended).toBe(1);
    expect(feed.size).toBe(0);
    expect(await feed.next()).toEqual({ value: undefined, done: true });
  });

  it("runs onEnd once when the client unsubscribes", async () => {
    let ended = 0;
    const feed = createBoundedFeed<number>({ max: 2, onOverflow: () => undefined, onEnd: () => ended++ });
    const waiting = feed.next();
    await feed.return!();
    await feed.return!();
    expect(await waiting).toEqual({ value: undefined, done: true });
    expect(ended).toBe(1);
  });
});

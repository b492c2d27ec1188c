/**
 * A push-to-pull queue for one subscriber, with a hard bound: a consumer that lets more than
 * `max` items pile up is cut off (`onOverflow`) and the queue dropped, so a slow client never
 * grows the server's memory. `return()` (the client unsubscribed) runs `onEnd` once.
 */
export interface BoundedFeed<T> extends AsyncIterableIterator<T> {
  push(item: T): void;
  /** Ends the feed: pending items are dropped, a waiting consumer is released. */
  end(): void;
  readonly size: number;
}

export interface BoundedFeedOptions {
  readonly max: number;
  onOverflow(): void;
  onEnd?(): void;
}

export function createBoundedFeed<T>(options: BoundedFeedOptions): BoundedFeed<T> {
  const items: T[] = [];
  let waiting: ((result: IteratorResult<T>) => void) | null = null;
  let ended = false;
  function finish(): void {
    if (ended) return;
    ended = true;
    items.length = 0;
    options.onEnd?.();
    const resolve = waiting;
    waiting = null;
    resolve?.({ value: undefined, done: true });
  }
  const feed: BoundedFeed<T> = {
    get size() {
      return items.length;
    },
    push(item) {
      if (ended) return;
      if (waiting) {
        const resolve = waiting;
        waiting = null;
        resolve({ value: item, done: false });
        return;
      }
      if (items.length >= options.max) {
        finish();
        options.onOverflow();
        return;
      }
      items.push(item);
    },
    end: finish,
    next() {
      if (items.length) return Promise.resolve({ value: items.shift() as T, done: false });
      if (ended) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve) => (waiting = resolve));
    },
    return() {
      finish();
      return Promise.resolve({ value: undefined, done: true });
    },
    throw(error?: unknown) {
      finish();
      return Promise.reject(error);
    },
    [Symbol.asyncIterator]() {
      return feed;
    },
  };
  return feed;
}

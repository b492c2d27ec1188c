/**
 * Maps a cached upstream answer to domain objects once per answer, not once per request: the
 * snapshot cache hands every hit the same wire object, so a mapping keyed by that object (and
 * by the other answers it combines, compared by identity) is reused until the answer itself
 * is replaced or dropped. Weakly held: an answer the cache forgets takes its mapping with it.
 * A mapping that throws is not remembered. The mapped objects are shared by every request
 * that reads the same answer, so nothing downstream may mutate them (nothing does: resolvers
 * build new objects).
 */
export interface MapOnce {
  <T>(tag: string, wire: object, fn: () => T, also?: readonly unknown[]): T;
}

interface Memo {
  readonly also: readonly unknown[];
  readonly value: unknown;
}

export function createMapOnce(): MapOnce {
  const byWire = new WeakMap<object, Map<string, Memo>>();
  return <T>(tag: string, wire: object, fn: () => T, also: readonly unknown[] = []): T => {
    let memos = byWire.get(wire);
    const found = memos?.get(tag);
    if (found && found.also.length === also.length && found.also.every((value, i) => value === also[i])) return found.value as T;
    const value = fn();
    if (!memos) {
      memos = new Map();
      byWire.set(wire, memos);
    }
    memos.set(tag, { also, value });
    return value;
  };
}

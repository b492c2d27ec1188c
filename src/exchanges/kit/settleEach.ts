/**
 * Runs `load` for every key at once and answers in the same order, one value or one Error per
 * key: a failing wallet becomes an Error at its index and never sinks the others (the batch
 * shape DataLoader expects). A synchronous throw of `load` is settled the same way.
 */
export function settleEach<K, T>(keys: readonly K[], load: (key: K) => Promise<T> | T): Promise<Array<T | Error>> {
  return Promise.all(
    keys.map(async (key) => {
      try {
        return await load(key);
      } catch (error) {
        return error instanceof Error ? error : new Error(String(error));
      }
    }),
  );
}

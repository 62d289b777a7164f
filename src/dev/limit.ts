/**
 * A limit on how many tasks run at once: each call waits for a free slot, runs its task,
 * and frees the slot however the task ends. Tasks start in the order they were given.
 */
export type Limit = <T>(task: () => Promise<T>) => Promise<T>;

export function limit(slots: number): Limit {
  if (!Number.isInteger(slots) || slots < 1) {
    throw new RangeError(`A limit needs at least one slot, not ${slots}`);
  }
  let running = 0;
  const waiting: Array<() => void> = [];
  return async (task) => {
    if (running >= slots) await new Promise<void>((resolve) => waiting.push(resolve));
    else running++;
    try {
      return await task();
    } finally {
      // The slot passes straight to the next waiter, so `running` stays counted for it.
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  };
}

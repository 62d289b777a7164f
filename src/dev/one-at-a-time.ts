/**
 * A task that runs once at a time however often it is asked for: a call while a run is under
 * way gets the run after it, shared by every call meanwhile, so that run begins after all of
 * them and sees whatever they wanted it to see. A failed run fails only its own callers.
 */
export function oneAtATime<T>(task: () => Promise<T>): () => Promise<T> {
  /** The last run started, settled or not; the next waits for it. */
  let last: Promise<unknown> = Promise.resolve();
  /** The run waiting for the one under way. */
  let queued: Promise<T> | undefined;
  return () => {
    if (!queued) {
      const next = last.then(() => {
        queued = undefined;
        return task();
      });
      queued = next;
      last = next.catch(() => undefined);
    }
    return queued;
  };
}

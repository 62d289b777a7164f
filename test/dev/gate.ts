/** A task that finishes when told to: `open()` resolves it, `fail(error)` rejects it. */
export function gate() {
  let open!: () => void;
  let fail!: (error: Error) => void;
  const done = new Promise<void>((resolve, reject) => {
    open = resolve;
    fail = reject;
  });
  return { done, open, fail };
}

/** Lets every callback already queued run before the test looks. */
export const settle = () => new Promise((resolve) => setImmediate(resolve));

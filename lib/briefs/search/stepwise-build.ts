// A build that runs in steps (a generator that yields between them), driven either way: a step
// per event-loop turn (`prepare`, so requests are answered meanwhile) or all at once (`get`, when
// the result is needed now). Both drive the same build, so no work is done twice.

export interface StepwiseBuild<T> {
  /** The result, finishing the build at once if it is not done. */
  get(): T;
  /** Runs the build a step per event-loop turn; resolves when it is done. */
  prepare(): Promise<void>;
  done(): boolean;
}

export function stepwiseBuild<T>(start: () => Generator<void, T>): StepwiseBuild<T> {
  let result: { value: T } | null = null;
  let steps: Generator<void, T> | null = null;
  const step = (): boolean => {
    if (result) return true;
    steps ??= start();
    const next = steps.next();
    if (next.done) result = { value: next.value };
    return next.done === true;
  };
  return {
    get: () => {
      while (!step());
      return result!.value;
    },
    prepare: async () => {
      while (!step()) await new Promise((resolve) => setImmediate(resolve));
    },
    done: () => result !== null,
  };
}

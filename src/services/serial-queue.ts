/**
 * Runs async jobs one after another in submission order: database writes that must land in the
 * order things happened (close an interval before opening the next) without blocking the caller.
 */
export class SerialQueue {
  private tail: Promise<void> = Promise.resolve();

  constructor(private readonly onError: (error: unknown) => void) {}

  push(job: () => Promise<void>): void {
    this.tail = this.tail.then(job).catch(this.onError);
  }

  /** Runs `job` after every job before it, and gives its result or its error to the caller (not to onError). */
  run<T>(job: () => Promise<T>): Promise<T> {
    const result = this.tail.then(job);
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  /** Resolves when every job pushed so far has finished. */
  drain(): Promise<void> {
    return this.tail;
  }
}

/**
 * A refresh of a node's value per key (an equipment's JobOrderList), asked for on every change:
 * at most one runs per key, and a request while it runs makes one more run after it, not one per
 * request. The last run starts after the last request, so the node ends up showing what was
 * committed last; a burst of commands costs two reads of the list instead of one per command.
 */
export function coalescedRefresh(run: (key: string) => Promise<void>, onError: (key: string, error: unknown) => void): (key: string) => void {
  const running = new Map<string, { again: boolean }>();
  return (key) => {
    const current = running.get(key);
    if (current) {
      current.again = true;
      return;
    }
    const state = { again: false };
    running.set(key, state);
    void (async () => {
      try {
        do {
          state.again = false;
          await run(key).catch((error: unknown) => onError(key, error));
        } while (state.again);
      } finally {
        running.delete(key);
      }
    })();
  };
}

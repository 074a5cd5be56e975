import { useCallback, useEffect, useState } from "preact/hooks";

/** Data from the API with its loading and error state, and a reload for live updates and after actions. */
export function useData<T>(load: () => Promise<T>, deps: unknown[]): { data: T | undefined; error: unknown; reload: () => void } {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const reload = useCallback(() => {
    load().then(
      (value) => {
        setData(value);
        setError(null);
      },
      (e) => setError(e),
    );
  }, deps);
  useEffect(reload, [reload]);
  return { data, error, reload };
}

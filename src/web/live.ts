import { useEffect, useRef } from "preact/hooks";

export type LiveEvent = "machine.state" | "production.counted" | "job.transition" | "plc.connection" | "work_order.changed" | "schedule.committed";

let source: EventSource | null = null;
const listeners = new Set<(event: LiveEvent, data: Record<string, unknown>) => void>();
const EVENTS: LiveEvent[] = ["machine.state", "production.counted", "job.transition", "plc.connection", "work_order.changed", "schedule.committed"];

/** One event stream per page load, shared by every view; the browser reconnects it by itself. */
function connect(): void {
  if (source) return;
  source = new EventSource("/api/v1/events");
  for (const name of EVENTS) source.addEventListener(name, (message) => listeners.forEach((listener) => listener(name, JSON.parse((message as MessageEvent).data))));
}

export function disconnectLive(): void {
  source?.close();
  source = null;
}

/**
 * Calls `reload` when one of `events` arrives (and `filter` accepts it), at most once per `minMs`:
 * a busy line sends many counts a second, a screen needs them a second apart.
 */
export function useLive(events: LiveEvent[], reload: () => void, filter: (data: Record<string, unknown>) => boolean = () => true, minMs = 1000): void {
  const latest = useRef(reload);
  latest.current = reload;
  const accepts = useRef(filter);
  accepts.current = filter;
  useEffect(() => {
    connect();
    let timer: ReturnType<typeof setTimeout> | null = null;
    let last = 0;
    const listener = (event: LiveEvent, data: Record<string, unknown>) => {
      if (!events.includes(event) || !accepts.current(data) || timer) return;
      const wait = Math.max(0, last + minMs - Date.now());
      timer = setTimeout(() => {
        timer = null;
        last = Date.now();
        latest.current();
      }, wait);
    };
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
      if (timer) clearTimeout(timer);
    };
  }, [events.join(",")]);
}

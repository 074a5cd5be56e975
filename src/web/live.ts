import { useEffect, useRef, useState } from "preact/hooks";

export type LiveEvent = "machine.state" | "production.counted" | "job.transition" | "plc.connection" | "work_order.changed" | "schedule.committed" | "quality.signal" | "alarm.changed";

/** Live: events arrive. Interrupted: the stream broke at `since` and the browser is reconnecting; what the screen shows may be stale. */
export type LiveStatus = { state: "live" } | { state: "interrupted"; since: Date };

let source: EventSource | null = null;
let status: LiveStatus = { state: "live" };
const listeners = new Set<(event: LiveEvent | "reconnected", data: Record<string, unknown>) => void>();
const statusListeners = new Set<(status: LiveStatus) => void>();
const EVENTS: LiveEvent[] = ["machine.state", "production.counted", "job.transition", "plc.connection", "work_order.changed", "schedule.committed", "quality.signal"];

function setStatus(next: LiveStatus): void {
  status = next;
  statusListeners.forEach((listener) => listener(next));
}

/**
 * One event stream per page load, shared by every view; the browser reconnects it by itself. Events
 * sent while it was away are lost, so on reconnecting every view reloads what it shows.
 */
function connect(): void {
  if (source) return;
  source = new EventSource("/api/v1/events");
  for (const name of EVENTS) source.addEventListener(name, (message) => listeners.forEach((listener) => listener(name, JSON.parse((message as MessageEvent).data))));
  source.addEventListener("error", () => {
    if (status.state === "live") setStatus({ state: "interrupted", since: new Date() });
  });
  source.addEventListener("open", () => {
    if (status.state === "live") return;
    setStatus({ state: "live" });
    listeners.forEach((listener) => listener("reconnected", {}));
  });
}

export function disconnectLive(): void {
  source?.close();
  source = null;
  status = { state: "live" };
}

/** The live stream's state, for a banner that says when the screen may be stale. */
export function useLiveStatus(): LiveStatus {
  const [current, setCurrent] = useState(status);
  useEffect(() => {
    connect();
    statusListeners.add(setCurrent);
    setCurrent(status);
    return () => void statusListeners.delete(setCurrent);
  }, []);
  return current;
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
    const listener = (event: LiveEvent | "reconnected", data: Record<string, unknown>) => {
      if (event === "reconnected") return latest.current();
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

/** Whether the MES can reach its database: while it cannot, it answers 503 and the banner says so. */
export type DatabaseStatus = { state: "ok" } | { state: "unreachable"; since: Date };

/** While the database is unreachable, /healthz is asked this often, so the banner goes when it is back. */
const DATABASE_PROBE_MS = 5000;
let database: DatabaseStatus = { state: "ok" };
let probe: ReturnType<typeof setInterval> | null = null;
const databaseListeners = new Set<(status: DatabaseStatus) => void>();

function setDatabase(next: DatabaseStatus): void {
  database = next;
  databaseListeners.forEach((listener) => listener(next));
}

/** Told by every API answer: a 503 naming the database starts the banner (and the probe), any success ends it. */
export function reportDatabase(reachable: boolean): void {
  if (reachable) {
    if (database.state === "ok") return;
    if (probe) clearInterval(probe);
    probe = null;
    setDatabase({ state: "ok" });
    listeners.forEach((listener) => listener("reconnected", {}));
    return;
  }
  if (database.state === "unreachable") return;
  setDatabase({ state: "unreachable", since: new Date() });
  probe = setInterval(() => {
    fetch("/healthz", { cache: "no-store" })
      .then((response) => response.ok && reportDatabase(true))
      .catch(() => undefined);
  }, DATABASE_PROBE_MS);
}

export function useDatabaseStatus(): DatabaseStatus {
  const [current, setCurrent] = useState(database);
  useEffect(() => {
    databaseListeners.add(setCurrent);
    setCurrent(database);
    return () => void databaseListeners.delete(setCurrent);
  }, []);
  return current;
}

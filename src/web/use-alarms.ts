import { useEffect } from "preact/hooks";
import type { AlarmView } from "./alarm-types.js";
import { ApiError, get } from "./api.js";
import { useLive } from "./live.js";
import { useData } from "./use-data.js";

/** Active alarms are read in one page of this many at most (the API's largest page). */
const MAX_ALARMS = 500;
/** Alarms are refreshed this often besides their live events (a timed shelf runs out without one). */
const ALARM_REFRESH_MS = 15_000;

/**
 * The active alarms, live. An MES without the alarms API (404) has none to show, which is not an
 * error; `error` is any other failure.
 */
export function useActiveAlarms(): { alarms: AlarmView[]; error: unknown; reload: () => void } {
  const { data, error, reload } = useData(
    () =>
      get<{ items: AlarmView[] }>(`/alarms?active=true&limit=${MAX_ALARMS}`).then(
        (answer) => answer.items,
        (e) => {
          if (e instanceof ApiError && e.status === 404) return [];
          throw e;
        },
      ),
    [],
  );
  useLive(["alarm.changed"], reload);
  useEffect(() => {
    const timer = setInterval(reload, ALARM_REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload]);
  return { alarms: data ?? [], error, reload };
}

/** The active alarms of each work unit, most severe first. */
export function alarmsByUnit(alarms: readonly AlarmView[]): Map<string, AlarmView[]> {
  const byUnit = new Map<string, AlarmView[]>();
  for (const alarm of [...alarms].sort((a, b) => b.severity - a.severity || a.activeSince.localeCompare(b.activeSince))) {
    if (alarm.workUnitId === null) continue;
    byUnit.set(alarm.workUnitId, [...(byUnit.get(alarm.workUnitId) ?? []), alarm]);
  }
  return byUnit;
}

import { useState } from "preact/hooks";
import { api, ApiError } from "../api.js";
import { ConfirmButton } from "./confirm-button.js";
import { Feedback } from "./status.js";

/** What a corrective work request comes from: the stop (downtime event) when known, else the alarm, else just the unit. */
export interface WorkRequestSource {
  readonly workUnitId: string;
  readonly unitName: string;
  /** What maintenance reads first, e.g. "Press 1: Mechanical › Jam". */
  readonly title: string;
  readonly fromDowntimeId?: string | null;
  readonly fromAlarmId?: string | null;
}

/** One click (and a yes) from a stop to a corrective maintenance work request (POST /api/v1/maintenance/work-orders). */
export function RequestMaintenanceButton({ source, label = "Request maintenance" }: { source: WorkRequestSource; label?: string }) {
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const request = async () => {
    const body: Record<string, string> = { workUnitId: source.workUnitId, title: source.title };
    if (source.fromDowntimeId) body.fromDowntimeId = source.fromDowntimeId;
    else if (source.fromAlarmId) body.fromAlarmId = source.fromAlarmId;
    try {
      await api("POST", "/maintenance/work-orders", body);
      setMessage({ ok: true, text: `Maintenance requested for ${source.unitName}.` });
    } catch (error) {
      const text = error instanceof ApiError && error.status === 404 ? "this MES takes no maintenance work requests" : error instanceof Error ? error.message : String(error);
      setMessage({ ok: false, text: `No maintenance request for ${source.unitName}: ${text}` });
    }
  };
  const from = source.fromDowntimeId ? "this stop" : source.fromAlarmId ? "this alarm" : source.unitName;
  return (
    <span class="request-maintenance" data-request-maintenance={source.workUnitId}>
      <ConfirmButton label={label} question={`Send maintenance a corrective work request for ${source.unitName}, from ${from}: "${source.title}"?`} onConfirm={request} />
      <Feedback message={message} />
    </span>
  );
}

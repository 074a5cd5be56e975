import { useState } from "preact/hooks";
import { severityBand, type AlarmView } from "../alarm-types.js";
import { api } from "../api.js";
import { time } from "../format.js";
import { Feedback } from "./status.js";

/**
 * The andon's alarms of a tile, large and few: most severe first as given: severity, message, since when, and whether someone
 * acknowledged it; an Acknowledge button on each unacknowledged one for those who may.
 */
export function AndonAlarms({ alarms, canAcknowledge, onChanged }: { alarms: AlarmView[]; canAcknowledge: boolean; onChanged: () => void }) {
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  if (alarms.length === 0) return null;
  const acknowledge = async (alarm: AlarmView) => {
    setBusy(alarm.id);
    try {
      await api("POST", `/alarms/${encodeURIComponent(alarm.id)}/acknowledge`, {});
      setMessage({ ok: true, text: `Acknowledged: ${alarm.message}` });
      onChanged();
    } catch (error) {
      setMessage({ ok: false, text: `Not acknowledged: ${error instanceof Error ? error.message : String(error)}` });
    } finally {
      setBusy(null);
    }
  };
  return (
    <div class="alarms">
      <ul class="alarm-list" aria-label="Active alarms">
        {alarms.map((alarm) => (
          <li key={alarm.id} class={`alarm alarm-${alarm.acknowledged ? "acknowledged" : "unacknowledged"}`} data-alarm={alarm.id} data-acknowledged={String(alarm.acknowledged)} data-severity={alarm.severity}>
            <span class="alarm-severity" title={`OPC UA severity ${alarm.severity} of 1000`}>
              {alarm.severity} <span class="alarm-band">{severityBand(alarm.severity)}</span>
            </span>
            <span class="alarm-message">{alarm.message}</span>
            <span class="alarm-since">since {time(alarm.activeSince)}</span>
            {alarm.acknowledged ? (
              <span class="alarm-ack" data-acknowledged-by={alarm.acknowledgedBy ?? ""}>
                Acknowledged{alarm.acknowledgedBy ? ` by ${alarm.acknowledgedBy}` : ""}{alarm.acknowledgedAt ? ` at ${time(alarm.acknowledgedAt)}` : ""}
              </span>
            ) : canAcknowledge ? (
              <button type="button" aria-label={`Acknowledge ${alarm.message}`} disabled={busy === alarm.id} onClick={() => acknowledge(alarm)}>
                Acknowledge
              </button>
            ) : (
              <span class="alarm-ack">Not acknowledged</span>
            )}
          </li>
        ))}
      </ul>
      <Feedback message={message} />
    </div>
  );
}

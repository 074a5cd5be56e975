import { useState } from "preact/hooks";
import { ALARM_KIND_NAMES, type AlarmView } from "../alarm-types.js";
import { api } from "../api.js";
import { dateTime } from "../format.js";
import { Empty, Feedback } from "./status.js";

/** OPC 10000-9 severity bands, as the list colours them. */
function severityClass(severity: number): string {
  return severity >= 700 ? "error" : severity >= 400 ? "warn" : "muted";
}

/**
 * Alarms, most severe first, with what a person may do about each: acknowledge it (with a
 * comment), then confirm it once the cause is dealt with. `canAcknowledge`: the signed-in role
 * has acknowledgeAlarms (Operator, Maintenance, Supervisor, Admin). The work-unit page and the
 * andon page both show it.
 */
export function AlarmList({ alarms, canAcknowledge, onChanged }: { alarms: AlarmView[]; canAcknowledge: boolean; onChanged: () => void }) {
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [comments, setComments] = useState<Record<string, string>>({});
  if (alarms.length === 0) return <Empty>No alarm.</Empty>;
  const answer = async (alarm: AlarmView, action: "acknowledge" | "confirm") => {
    const comment = comments[alarm.id]?.trim();
    try {
      await api("POST", `/alarms/${encodeURIComponent(alarm.id)}/${action}`, comment ? { comment } : {});
      setMessage({ ok: true, text: `${ALARM_KIND_NAMES[alarm.kind]} on ${alarm.sourceName} ${action === "acknowledge" ? "acknowledged" : "confirmed"}.` });
      setComments({ ...comments, [alarm.id]: "" });
      onChanged();
    } catch (error) {
      setMessage({ ok: false, text: error instanceof Error ? error.message : String(error) });
    }
  };
  const sorted = [...alarms].sort((a, b) => b.severity - a.severity || b.activeSince.localeCompare(a.activeSince));
  return (
    <div class="alarm-list">
      <Feedback message={message} />
      <ul class="alarms">
        {sorted.map((alarm) => (
          <li key={alarm.id} data-alarm={alarm.id} data-kind={alarm.kind} data-active={alarm.active} data-acknowledged={alarm.acknowledged}>
            <strong class={severityClass(alarm.severity)}>{ALARM_KIND_NAMES[alarm.kind] ?? alarm.kind}</strong> <span class="muted small">({alarm.severity})</span>: {alarm.message}
            <div class="muted small">
              {alarm.sourceName}, since {dateTime(alarm.activeSince)}
              {!alarm.active && alarm.clearedAt ? `, cleared ${dateTime(alarm.clearedAt)}` : ""}
              {alarm.acknowledged ? `, acknowledged by ${alarm.acknowledgedBy}` : ", not acknowledged"}
              {alarm.confirmed ? `, confirmed by ${alarm.confirmedBy}` : ""}
              {alarm.shelved !== "unshelved" ? `, shelved (${alarm.shelved}) until ${dateTime(alarm.shelvedUntil)}` : ""}
            </div>
            {alarm.comments.length > 0 && <div class="small">{alarm.comments.map((c) => `${c.by}: ${c.text}`).join(" · ")}</div>}
            {canAcknowledge && (!alarm.acknowledged || !alarm.confirmed) && (
              <div class="row">
                <input aria-label={`Comment on ${ALARM_KIND_NAMES[alarm.kind]}`} maxLength={1000} placeholder="Comment (optional)" value={comments[alarm.id] ?? ""} onInput={(e) => setComments({ ...comments, [alarm.id]: (e.target as HTMLInputElement).value })} />
                {!alarm.acknowledged ? <button type="button" onClick={() => answer(alarm, "acknowledge")}>Acknowledge</button> : <button type="button" onClick={() => answer(alarm, "confirm")}>Confirm</button>}
              </div>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

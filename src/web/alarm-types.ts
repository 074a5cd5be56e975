/** An alarm as GET /api/v1/alarms and the "alarm.changed" event carry it (the REST Alarm schema). */
export type AlarmKind = "fault" | "long-stop" | "plc-connection" | "job-held" | "inspection-overdue" | "spc-signal" | "unassigned-consumption" | "maintenance-overdue";

export interface AlarmComment {
  at: string;
  by: string;
  text: string;
}

export interface AlarmView {
  id: string;
  kind: AlarmKind;
  conditionType: string;
  workUnitId: string;
  subject?: string;
  sourceName: string;
  severity: number;
  message: string;
  active: boolean;
  activeSince: string;
  clearedAt: string | null;
  acknowledged: boolean;
  acknowledgedBy: string | null;
  acknowledgedAt: string | null;
  confirmed: boolean;
  confirmedBy: string | null;
  confirmedAt?: string | null;
  shelved: "unshelved" | "timed" | "one-shot";
  shelvedUntil: string | null;
  retain?: boolean;
  comments: AlarmComment[];
}

export interface AlarmPage {
  items: AlarmView[];
  total: number;
}

/** How the list names each kind. */
export const ALARM_KIND_NAMES: Record<AlarmKind, string> = {
  fault: "Fault",
  "long-stop": "Long stop",
  "plc-connection": "PLC connection lost",
  "job-held": "Job held",
  "inspection-overdue": "Inspection overdue",
  "spc-signal": "SPC signal",
  "unassigned-consumption": "Consumption without a lot",
  "maintenance-overdue": "Maintenance overdue",
};

/** From this severity an unacknowledged alarm flashes and beeps on the andon: OPC 10000-9's "medium high" and "high" bands. */
export const HIGH_SEVERITY = 601;

/** OPC 10000-9's severity bands, as people say them. */
export function severityBand(severity: number): string {
  if (severity > 800) return "high";
  if (severity > 600) return "medium high";
  if (severity > 400) return "medium";
  if (severity > 200) return "medium low";
  return "low";
}

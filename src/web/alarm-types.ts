/** An alarm as GET /api/v1/alarms gives it (OPC UA Part 9 alarms and conditions: severity 1..1000, acknowledged, confirmed, shelved). */
export interface AlarmView {
  readonly id: string;
  readonly kind: "fault" | "long-stop" | "plc-connection" | "job-held" | "inspection-overdue" | "spc-signal" | "unassigned-consumption" | "maintenance-overdue";
  readonly conditionType: string;
  readonly workUnitId: string | null;
  readonly sourceName: string;
  readonly severity: number;
  readonly message: string;
  readonly active: boolean;
  readonly activeSince: string;
  readonly clearedAt: string | null;
  readonly acknowledged: boolean;
  readonly acknowledgedBy: string | null;
  readonly acknowledgedAt: string | null;
  readonly confirmed: boolean;
  readonly confirmedBy: string | null;
  readonly shelved: "unshelved" | "timed" | "one-shot";
  readonly shelvedUntil: string | null;
  readonly comments: readonly { readonly at: string; readonly by: string; readonly text: string }[];
}

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

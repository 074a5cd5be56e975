/**
 * The conditions the MES raises (OPC 10000-9 Alarms & Conditions), each with the standard alarm
 * type that fits it and the ConditionClass it belongs to. None has a live input variable of its
 * own (the MES decides when each is active), so every type is a discrete one: a fault or a lost
 * PLC link is a state off its normal one, the rest are discrete facts about the work unit.
 */
export const ALARM_KINDS = ["fault", "long-stop", "plc-connection", "job-held", "inspection-overdue", "spc-signal", "unassigned-consumption", "maintenance-overdue"] as const;
export type AlarmKind = (typeof ALARM_KINDS)[number];

export type ConditionTypeName = "OffNormalAlarmType" | "SystemOffNormalAlarmType" | "DiscreteAlarmType";
export type ConditionClassName = "ProcessConditionClassType" | "MaintenanceConditionClassType" | "SystemConditionClassType";

export interface AlarmKindInfo {
  readonly conditionType: ConditionTypeName;
  readonly conditionClass: ConditionClassName;
  /** The ConditionName (OPC 10000-9 §5.5.2): the same for every occurrence of the kind. */
  readonly conditionName: string;
  /** OPC 10000-9 §5.5.2 Severity, 1..1000; alarms.severities overrides it. */
  readonly defaultSeverity: number;
  /**
   * An event with no end of its own (an SPC test fired, material used without a lot): it stays
   * active until someone acknowledges it, then clears.
   */
  readonly clearsOnAcknowledge: boolean;
}

export const ALARM_KIND_INFO: Readonly<Record<AlarmKind, AlarmKindInfo>> = {
  fault: { conditionType: "OffNormalAlarmType", conditionClass: "ProcessConditionClassType", conditionName: "Fault", defaultSeverity: 700, clearsOnAcknowledge: false },
  "long-stop": { conditionType: "DiscreteAlarmType", conditionClass: "ProcessConditionClassType", conditionName: "LongStop", defaultSeverity: 500, clearsOnAcknowledge: false },
  "plc-connection": { conditionType: "SystemOffNormalAlarmType", conditionClass: "SystemConditionClassType", conditionName: "PlcConnectionLost", defaultSeverity: 800, clearsOnAcknowledge: false },
  "job-held": { conditionType: "DiscreteAlarmType", conditionClass: "ProcessConditionClassType", conditionName: "JobHeld", defaultSeverity: 500, clearsOnAcknowledge: false },
  "inspection-overdue": { conditionType: "DiscreteAlarmType", conditionClass: "ProcessConditionClassType", conditionName: "InspectionOverdue", defaultSeverity: 400, clearsOnAcknowledge: false },
  "spc-signal": { conditionType: "DiscreteAlarmType", conditionClass: "ProcessConditionClassType", conditionName: "SpcSignal", defaultSeverity: 600, clearsOnAcknowledge: true },
  "unassigned-consumption": { conditionType: "DiscreteAlarmType", conditionClass: "ProcessConditionClassType", conditionName: "UnassignedConsumption", defaultSeverity: 300, clearsOnAcknowledge: true },
  "maintenance-overdue": { conditionType: "DiscreteAlarmType", conditionClass: "MaintenanceConditionClassType", conditionName: "MaintenanceOverdue", defaultSeverity: 400, clearsOnAcknowledge: false },
};

export function isAlarmKind(value: string): value is AlarmKind {
  return (ALARM_KINDS as readonly string[]).includes(value);
}

/**
 * What a work unit is doing, as the MES sees it. The order is the value of the OPC UA
 * MachineStateEnumeration in nodesets/opcua-mes.NodeSet2.xml: keep them in step.
 * "disconnected" is its own state so that a lost PLC is never counted as running (ISO 22400 needs it apart).
 */
export const MACHINE_STATES = ["unknown", "idle", "running", "setup", "faulted", "stopped", "disconnected"] as const;
export type MachineState = (typeof MACHINE_STATES)[number];

export function machineStateValue(state: MachineState): number {
  return MACHINE_STATES.indexOf(state);
}

/** Maps a raw PLC state value through the work unit's configured map; anything unmapped is "unknown". */
export function machineStateFromPlc(raw: unknown, map: Readonly<Record<string, MachineState>>): MachineState {
  if (raw === null || raw === undefined) return "unknown";
  return map[String(raw)] ?? "unknown";
}

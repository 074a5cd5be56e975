import type { MachineState } from "./machine-state.js";

/**
 * The state of a carrier station (the CP Lab RFID handshake) while it lets a carrier pass:
 * the MES gave it the pass-through task code because the carrier's order is none of its own,
 * and the PLC moves the carrier on, showing "running" for a moment. The station is idle as
 * designed, neither producing (no part is made, so it is not production time) nor stopped: the
 * carrier passing is not a stop of the station, and its idle time runs on unbroken.
 * Course project handshake step 6 (task code -1, exec_order).
 */
export function carrierStationState(plcState: MachineState, taskCode: unknown, passThroughCode: number): MachineState {
  if (plcState === "running" && taskCode !== null && taskCode !== undefined && Number(taskCode) === passThroughCode) return "idle";
  return plcState;
}

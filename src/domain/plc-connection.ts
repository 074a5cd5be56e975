/** Order is the value of the OPC UA PlcConnectionStateEnumeration in nodesets/opcua-mes.NodeSet2.xml. */
export const PLC_CONNECTION_STATES = ["disconnected", "connecting", "connected"] as const;
export type PlcConnectionState = (typeof PLC_CONNECTION_STATES)[number];

export function plcConnectionStateValue(state: PlcConnectionState): number {
  return PLC_CONNECTION_STATES.indexOf(state);
}

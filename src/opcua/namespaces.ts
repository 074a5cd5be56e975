import type { AddressSpace } from "node-opcua";

/** OPC 10030 (ISA-95 common object model). */
export const ISA95_NAMESPACE_URI = "http://www.OPCFoundation.org/UA/2013/01/ISA95";
// OPC 10031-4's vocabulary is shared with the PLC side (a Machinery Jobs machine serves the same namespace).
export { JOB_CONTROL_NAMESPACE_URI, JobControlIds } from "../domain/job-control/ids.js";
/** The types of nodesets/opcua-mes.NodeSet2.xml. */
export const MES_NAMESPACE_URI = "http://opcua-mes.org/UA/MES/";

/** Numeric ids inside their namespaces (stable; the namespace index is not: it follows the load order). */
export const Isa95Ids = {
  EquipmentType: 5040,
  MadeUpOfEquipment: 5115,
  ISA95EquipmentElementLevelEnum: 4871,
} as const;

export const MesIds = {
  PlcLinkType: 1001,
  OeeType: 1002,
  WorkUnitType: 1003,
  MesJobOrderStatusEventType: 1004,
  DispatchType: 1005,
  MachineStateEnumeration: 3001,
  PlcConnectionStateEnumeration: 3002,
} as const;

/** The index of a loaded namespace; throws when it is missing, which is a packaging bug. */
export function namespaceIndexOf(addressSpace: AddressSpace, uri: string): number {
  const index = addressSpace.getNamespaceIndex(uri);
  if (index < 0) throw new Error(`OPC UA namespace ${uri} is not loaded`);
  return index;
}

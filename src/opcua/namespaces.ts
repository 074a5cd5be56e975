import type { AddressSpace } from "node-opcua";

/** OPC 10030 (ISA-95 common object model). */
export const ISA95_NAMESPACE_URI = "http://www.OPCFoundation.org/UA/2013/01/ISA95";
/** OPC 10031-4 (ISA-95 Job Control v2). */
export const JOB_CONTROL_NAMESPACE_URI = "http://opcfoundation.org/UA/ISA95-JOBCONTROL_V2/";
/** The types of nodesets/opcua-mes.NodeSet2.xml. */
export const MES_NAMESPACE_URI = "http://opcua-mes.org/UA/MES/";

/** Numeric ids inside their namespaces (stable; the namespace index is not: it follows the load order). */
export const Isa95Ids = {
  EquipmentType: 5040,
  MadeUpOfEquipment: 5115,
  ISA95EquipmentElementLevelEnum: 4871,
} as const;

export const JobControlIds = {
  ISA95JobOrderReceiverObjectType: 1002,
  ISA95JobResponseProviderObjectType: 1003,
  ISA95JobResponseDataType: 3013,
  ISA95JobOrderStatusEventType: 1006,
  ISA95JobOrderDataType: 3008,
  ISA95JobOrderAndStateDataType: 3015,
  ISA95StateDataType: 3006,
} as const;

export const MesIds = {
  PlcLinkType: 1001,
  OeeType: 1002,
  WorkUnitType: 1003,
  MesJobOrderStatusEventType: 1004,
  MachineStateEnumeration: 3001,
  PlcConnectionStateEnumeration: 3002,
} as const;

/** The index of a loaded namespace; throws when it is missing, which is a packaging bug. */
export function namespaceIndexOf(addressSpace: AddressSpace, uri: string): number {
  const index = addressSpace.getNamespaceIndex(uri);
  if (index < 0) throw new Error(`OPC UA namespace ${uri} is not loaded`);
  return index;
}

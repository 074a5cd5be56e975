import { NodeId, type AddressSpace, type UAObject, type UAObjectType } from "node-opcua";
import type { EquipmentNode } from "../../domain/equipment.js";
import { JOB_CONTROL_NAMESPACE_URI, namespaceIndexOf } from "../namespaces.js";
import type { PlantNodes } from "../plant-address-space.js";

/** The equipment objects that carry Job Control objects: work centers and work units (the receivers of job orders). */
export function jobControlHosts(addressSpace: AddressSpace, plantNodes: PlantNodes, equipment: readonly EquipmentNode[]): { id: string; object: UAObject }[] {
  return equipment
    .filter((node) => node.level === "WorkCenter" || node.level === "WorkUnit")
    .map((node) => ({ id: node.id, object: addressSpace.findNode(plantNodes.nodeIdOf(node.id)!) as UAObject }));
}

/** An ObjectType of the ISA-95 Job Control nodeset by its numeric id. */
export function jobControlType(addressSpace: AddressSpace, id: number): UAObjectType {
  return addressSpace.findNode(new NodeId(NodeId.NodeIdType.NUMERIC, id, namespaceIndexOf(addressSpace, JOB_CONTROL_NAMESPACE_URI))) as UAObjectType;
}

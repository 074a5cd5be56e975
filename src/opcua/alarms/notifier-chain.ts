import { EventNotifierFlags, type AddressSpace, type UAObject } from "node-opcua";
import type { EquipmentNode } from "../../domain/equipment.js";
import type { PlantNodes } from "../plant-address-space.js";

/**
 * OPC 10000-9 §5.12 / OPC 10000-3 §7.16: the event notifier hierarchy. Server HasNotifier
 * Enterprise HasNotifier Site ... WorkCenter, and each WorkCenter HasEventSource its work units,
 * the ConditionSources of the alarms; every equipment object is an EventNotifier
 * (SubscribeToEvents), so a client subscribed at a work center receives its units' alarms, and
 * ConditionRefresh walks the same references down from the Server object.
 */
export function installNotifierChain(addressSpace: AddressSpace, plantNodes: PlantNodes, equipment: readonly EquipmentNode[]): void {
  const server = addressSpace.rootFolder.objects.server;
  const objectOf = (id: string) => {
    const nodeId = plantNodes.nodeIdOf(id);
    const node = nodeId ? (addressSpace.findNode(nodeId) as UAObject | null) : null;
    if (!node) throw new Error(`no OPC UA object for equipment ${id}`);
    return node;
  };
  for (const node of equipment) {
    const object = objectOf(node.id);
    object.setEventNotifier(EventNotifierFlags.SubscribeToEvents);
    const parent = node.parentId === null ? server : objectOf(node.parentId);
    parent.addReference({ referenceType: node.level === "WorkUnit" ? "HasEventSource" : "HasNotifier", nodeId: object.nodeId });
  }
}

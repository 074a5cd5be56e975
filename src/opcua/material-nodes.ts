import { DataType, type AddressSpace, type BaseNode, type UAObject, type UAObjectType, type UAVariable } from "node-opcua";
import { unitOfMeasure } from "../domain/inventory/units-of-measure.js";
import type { EventBus } from "../services/event-bus.js";
import type { Log } from "../services/log.js";
import type { MaterialLotRecord } from "../services/ports/inventory.js";
import type { ReadRepositories } from "../services/ports/store.js";
import { euInformationOf } from "./engineering-units.js";
import { ISA95_NAMESPACE_URI, namespaceIndexOf } from "./namespaces.js";
import type { PlantNodes } from "./plant-address-space.js";

/** OPC 10030 §8.4.3.3 MaterialDefinitionType and §8.4.3.4 MaterialLotType in the ISA-95 common object model. */
const MATERIAL_DEFINITION_TYPE = 5219;
const MATERIAL_LOT_TYPE = 5232;
const DEFINED_BY_MATERIAL_DEFINITION = 5301;
/** Material moves on every count; the lots are brought in line at most this often. */
const REFRESH_MS = 1000;
/** Lots that are on hand: consumed, scrapped and shipped ones leave the address space. */
const ACTIVE = ["available", "quarantined"] as const;
const MAX_LOTS = 5000;

interface LotNode {
  readonly object: UAObject;
  readonly placedAt: string;
  readonly quantity: UAVariable;
  readonly status: UAVariable;
}

export interface MaterialNodes {
  load(): Promise<void>;
  close(): void;
}

/**
 * The ISA-95 material objects of the plant: a MaterialDefinitionType object per material definition
 * (in the plant's Materials folder), and a MaterialLotType object per lot on hand, organized by the
 * equipment it is at (a storage zone or a work unit) and also by each work unit it is staged at,
 * with its Status, StorageLocation and Quantity (with EngineeringUnits).
 */
export function installMaterialNodes(addressSpace: AddressSpace, plantNodes: PlantNodes, read: Pick<ReadRepositories, "lots" | "materials" | "staging">, bus: EventBus, log: Log): MaterialNodes {
  const isa95 = namespaceIndexOf(addressSpace, ISA95_NAMESPACE_URI);
  const definitionType = addressSpace.findNode(`ns=${isa95};i=${MATERIAL_DEFINITION_TYPE}`) as UAObjectType;
  const lotType = addressSpace.findNode(`ns=${isa95};i=${MATERIAL_LOT_TYPE}`) as UAObjectType;
  const { namespace } = plantNodes;
  const ns = namespace.index;
  const folder = namespace.addFolder(addressSpace.rootFolder.objects, { browseName: "Materials", nodeId: `ns=${ns};s=Materials`, description: "ISA-95 material definitions and the lots on hand" });
  const definitions = new Map<string, UAObject>();
  const lots = new Map<string, LotNode>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const equipmentObject = (id: string | null): BaseNode => (id ? addressSpace.findNode(`ns=${ns};s=${id}`) : null) ?? folder;

  const addLot = (lot: MaterialLotRecord, placedAt: string, stagedAt: readonly string[]): LotNode => {
    const object = lotType.instantiate({
      namespace,
      browseName: { name: lot.id, namespaceIndex: ns },
      displayName: lot.id,
      description: `${lot.materialDefinitionId} lot`,
      nodeId: `ns=${ns};s=Lots.${lot.id}`,
      organizedBy: equipmentObject(lot.locationId),
      optionals: ["Status", "StorageLocation", "Quantity"],
    }) as UAObject;
    // The lot is at its location and staged line-side at each work unit: both find it.
    for (const unit of stagedAt) if (unit !== lot.locationId) equipmentObject(unit).addReference({ referenceType: "Organizes", nodeId: object.nodeId });
    const definition = definitions.get(lot.materialDefinitionId);
    // OPC 10030 §8.4.3.4: a lot is DefinedByMaterialDefinition its material definition.
    if (definition) object.addReference({ referenceType: `ns=${isa95};i=${DEFINED_BY_MATERIAL_DEFINITION}`, nodeId: definition.nodeId });
    const status = object.getChildByName("Status") as UAVariable;
    const quantity = object.getChildByName("Quantity") as UAVariable;
    (object.getChildByName("StorageLocation") as UAVariable).setValueFromSource({ dataType: DataType.String, value: lot.locationId ?? "" });
    const code = unitOfMeasure(lot.unit)?.uneceCode;
    namespace.addVariable({
      propertyOf: quantity,
      browseName: "EngineeringUnits",
      dataType: "EUInformation",
      value: { dataType: DataType.ExtensionObject, value: addressSpace.constructExtensionObject(addressSpace.findDataType("EUInformation")!, { ...euInformationOf(code ? { code, symbol: lot.unit } : { symbol: lot.unit }) }) },
    });
    return { object, placedAt, quantity, status };
  };

  async function refresh(): Promise<void> {
    for (const material of await read.materials.findAll()) {
      if (definitions.has(material.id)) continue;
      definitions.set(material.id, definitionType.instantiate({ namespace, browseName: { name: material.id, namespaceIndex: ns }, displayName: material.name, description: material.description ?? material.name, nodeId: `ns=${ns};s=Materials.${material.id}`, organizedBy: folder }) as UAObject);
    }
    const staged = new Map<string, string[]>();
    for (const s of await read.staging.findAll()) staged.set(s.lotId, [...(staged.get(s.lotId) ?? []), s.workUnitId].sort());
    const active = new Map<string, MaterialLotRecord>();
    for (const status of ACTIVE) for (const lot of (await read.lots.findMany({ status }, { limit: MAX_LOTS, offset: 0 })).items) active.set(lot.id, lot);
    for (const [id, node] of lots) {
      const lot = active.get(id);
      if (lot && node.placedAt === placement(lot, staged.get(id))) continue;
      addressSpace.deleteNode(node.object);
      lots.delete(id);
    }
    for (const lot of active.values()) {
      const node = lots.get(lot.id) ?? addLot(lot, placement(lot, staged.get(lot.id)), staged.get(lot.id) ?? []);
      lots.set(lot.id, node);
      node.quantity.setValueFromSource({ dataType: DataType.Double, value: lot.quantity });
      node.status.setValueFromSource({ dataType: DataType.String, value: lot.status });
    }
  }

  const refreshSoon = () => {
    if (timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      running = running.then(refresh).catch((error) => log.error("material lots not refreshed on OPC UA", error));
    }, REFRESH_MS);
  };
  const off = bus.on("material.moved", refreshSoon);

  return {
    load: () => (running = running.then(refresh)),
    close: () => {
      off();
      clearTimeout(timer);
    },
  };
}

/** Where a lot node hangs: a move or a staging change re-creates it there. */
const placement = (lot: MaterialLotRecord, stagedAt: readonly string[] = []) => JSON.stringify([lot.locationId, lot.materialDefinitionId, lot.unit, stagedAt]);

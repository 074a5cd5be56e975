import { DataType, NodeId, StatusCodes, type AddressSpace, type UAObject, type UAObjectType, type UAVariable } from "node-opcua";
import type { EquipmentNode } from "../domain/equipment.js";
import type { OeeFigures } from "../services/oee-service.js";
import { MES_NAMESPACE_URI, MesIds, namespaceIndexOf } from "./namespaces.js";
import { oeeProductNodes } from "./oee-product-nodes.js";
import { withChildNodeIds, type PlantNodes } from "./plant-address-space.js";

export interface OeeNodes {
  publish(figures: ReadonlyMap<string, OeeFigures>): void;
  /** The Oee object of a piece of equipment (HistoryRead is installed on its variables). */
  variablesOf(equipmentId: string): ReadonlyMap<OeeVariable, UAVariable> | undefined;
}

/** The OeeType components (nodesets/opcua-mes.NodeSet2.xml) and where each value comes from. */
export const OEE_VARIABLES = {
  Availability: (f: OeeFigures) => f.kpis.availability,
  Effectiveness: (f: OeeFigures) => f.kpis.effectiveness,
  QualityRate: (f: OeeFigures) => f.kpis.qualityRate,
  Oee: (f: OeeFigures) => f.kpis.oee,
  PlannedOperationTime: (f: OeeFigures) => f.elements.potMs,
  PlannedBusyTime: (f: OeeFigures) => f.elements.pbtMs,
  ActualProductionTime: (f: OeeFigures) => f.elements.aptMs,
  ActualUnitSetupTime: (f: OeeFigures) => f.elements.austMs,
  ActualUnitDelayTime: (f: OeeFigures) => f.elements.adetMs,
  ActualUnitDownTime: (f: OeeFigures) => f.elements.adotMs,
  CommunicationLossTime: (f: OeeFigures) => f.elements.communicationLossMs,
  ProducedQuantity: (f: OeeFigures) => f.quantities.pq,
  GoodQuantity: (f: OeeFigures) => f.quantities.gq,
  ScrapQuantity: (f: OeeFigures) => f.quantities.sq,
  AllocationEfficiency: (f: OeeFigures) => f.kpis.allocationEfficiency,
  AllocationRatio: (f: OeeFigures) => f.kpis.allocationRatio,
  RecordedShare: (f: OeeFigures) => f.recordedShare,
  ReworkQuantity: (f: OeeFigures) => f.firstPass.rq,
  ReworkRatio: (f: OeeFigures) => f.firstPass.reworkRatio,
  FirstPassYield: (f: OeeFigures) => f.firstPass.firstPassYield,
} as const;
export type OeeVariable = keyof typeof OEE_VARIABLES;

/**
 * An OeeType object on every piece of equipment: work units have theirs from WorkUnitType; work
 * centers, areas, sites and the enterprise get one here (`<id>.Oee`). Values are the current
 * shift's; a ratio with nothing to divide by (no planned time, nothing produced) is BadNoData
 * rather than a number that looks real.
 */
export function installOeeNodes(addressSpace: AddressSpace, plantNodes: PlantNodes, equipment: readonly EquipmentNode[]): OeeNodes {
  const mes = namespaceIndexOf(addressSpace, MES_NAMESPACE_URI);
  const oeeType = addressSpace.findNode(new NodeId(NodeId.NodeIdType.NUMERIC, MesIds.OeeType, mes)) as UAObjectType;
  const nodes = new Map<string, Map<OeeVariable, UAVariable>>();
  withChildNodeIds(() => {
    for (const node of equipment) {
      const object = addressSpace.findNode(plantNodes.nodeIdOf(node.id)!) as UAObject;
      let oee = object.getChildByName("Oee", mes) as UAObject | null;
      if (!oee) {
        oee = oeeType.instantiate({
          namespace: plantNodes.namespace,
          browseName: { name: "Oee", namespaceIndex: mes },
          componentOf: object,
          nodeId: `ns=${plantNodes.namespace.index};s=${node.id}.Oee`,
          description: `ISO 22400-2 OEE of ${node.name} for the current shift, summed from its work units`,
        });
      }
      const variables = new Map<OeeVariable, UAVariable>();
      for (const name of Object.keys(OEE_VARIABLES) as OeeVariable[]) {
        const variable = oee.getChildByName(name, mes) as UAVariable;
        variable.minimumSamplingInterval = 0;
        variable.setValueFromSource({ dataType: DataType.Null }, StatusCodes.BadWaitingForInitialData);
        variables.set(name, variable);
      }
      nodes.set(node.id, variables);
    }
  });
  const products = oeeProductNodes(addressSpace, plantNodes.namespace);
  return {
    publish(figures) {
      const now = new Date();
      for (const [equipmentId, values] of figures) {
        const variables = nodes.get(equipmentId);
        if (!variables) continue;
        products.publish(equipmentId, values.firstPass.products, now);
        for (const [name, variable] of variables) {
          const value = OEE_VARIABLES[name](values);
          if (value === null) variable.setValueFromSource({ dataType: DataType.Null }, StatusCodes.BadNoData, now);
          else variable.setValueFromSource({ dataType: DataType.Double, value }, StatusCodes.Good, now);
        }
      }
    },
    variablesOf: (equipmentId) => nodes.get(equipmentId),
  };
}

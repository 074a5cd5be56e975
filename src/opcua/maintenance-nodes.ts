import { DataType, StatusCodes, type AddressSpace, type UAObject, type UAVariable } from "node-opcua";
import { workUnitsOf, type Plant } from "../domain/plant/plant.js";
import type { MaintenanceDueTracker, UnitMaintenance } from "../services/maintenance/due-tracker.js";
import type { PlantNodes } from "./plant-address-space.js";

interface PlanNodes {
  readonly status: UAVariable;
  readonly dueAt: UAVariable;
  readonly dueCount: UAVariable;
  readonly countSinceDone: UAVariable;
}

/**
 * Maintenance at each work unit for a HMI or a CMMS: an object `Maintenance` with OpenWorkOrders
 * (Int32) and, per preventive plan, an object (browse name the plan id) with Status ("ok", "due",
 * "overdue"), DueAt (DateTime, null for a counter plan), DueCount and CountSinceDone (Double).
 * Follows the due tracker: pushed with setValueFromSource whenever it judges the unit.
 */
export function installMaintenanceNodes(addressSpace: AddressSpace, plantNodes: PlantNodes, plant: Plant, due: MaintenanceDueTracker): () => void {
  const namespace = addressSpace.getOwnNamespace();
  const folders = new Map<string, { folder: UAObject; open: UAVariable }>();
  const plans = new Map<string, PlanNodes>();
  const variable = (parent: UAObject, nodeId: string, browseName: string, dataType: DataType, description: string) =>
    namespace.addVariable({ componentOf: parent, browseName, nodeId: `s=${nodeId}.${browseName}`, dataType, description, accessLevel: "CurrentRead", userAccessLevel: "CurrentRead", minimumSamplingInterval: 0 });
  for (const unit of workUnitsOf(plant)) {
    const parent = addressSpace.findNode(plantNodes.nodeIdOf(unit.id)!) as UAObject;
    const folder = namespace.addObject({ browseName: "Maintenance", componentOf: parent, nodeId: `s=${unit.id}.Maintenance`, description: "Preventive maintenance plans of this work unit, due or not, and its open maintenance work orders" });
    const open = variable(folder, `${unit.id}.Maintenance`, "OpenWorkOrders", DataType.Int32, "Maintenance work orders requested, planned or in progress");
    open.setValueFromSource({ dataType: DataType.Null }, StatusCodes.BadWaitingForInitialData);
    folders.set(unit.id, { folder, open });
  }

  const nodesOf = (workUnitId: string, planId: string, title: string): PlanNodes | null => {
    const key = `${workUnitId}\u0000${planId}`;
    const known = plans.get(key);
    if (known) return known;
    const unit = folders.get(workUnitId);
    if (!unit) return null;
    const base = `${workUnitId}.Maintenance.${planId}`;
    const object = namespace.addObject({ browseName: planId, componentOf: unit.folder, nodeId: `s=${base}`, description: title });
    const created = {
      status: variable(object, base, "Status", DataType.String, "ok, due (within its due-soon margin or at its due point) or overdue"),
      dueAt: variable(object, base, "DueAt", DataType.DateTime, "When it falls due (calendar; run-time at the current rate); null for a counter plan"),
      dueCount: variable(object, base, "DueCount", DataType.Double, "Parts since the last service at which a counter plan falls due; null otherwise"),
      countSinceDone: variable(object, base, "CountSinceDone", DataType.Double, "Parts counted (good and scrap) since the last service"),
    };
    plans.set(key, created);
    return created;
  };

  const show = (state: UnitMaintenance) => {
    const unit = folders.get(state.workUnitId);
    if (!unit) return;
    unit.open.setValueFromSource({ dataType: DataType.Int32, value: state.openWorkOrders });
    for (const plan of state.plans) {
      const nodes = nodesOf(state.workUnitId, plan.planId, plan.title);
      if (!nodes) continue;
      nodes.status.setValueFromSource({ dataType: DataType.String, value: plan.status });
      nodes.dueAt.setValueFromSource(plan.dueAt ? { dataType: DataType.DateTime, value: new Date(plan.dueAt) } : { dataType: DataType.Null });
      nodes.dueCount.setValueFromSource(plan.dueCount === null ? { dataType: DataType.Null } : { dataType: DataType.Double, value: plan.dueCount });
      nodes.countSinceDone.setValueFromSource({ dataType: DataType.Double, value: plan.countSinceDone });
    }
  };
  for (const unitId of folders.keys()) {
    const state = due.current(unitId);
    if (state) show(state);
  }
  return due.onEvaluated(show);
}

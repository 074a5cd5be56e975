import { DataType, StatusCodes, VariantArrayType, type AddressSpace, type UAObject, type UAVariable } from "node-opcua";
import { workUnitsOf, type Plant } from "../domain/plant/plant.js";
import type { EventBus } from "../services/event-bus.js";
import type { Log } from "../services/log.js";
import type { DueInspectionService } from "../services/quality/due-inspections.js";
import { SerialQueue } from "../services/serial-queue.js";

/** How often every unit's list is judged again: a minute-based inspection falls due with no event. */
export const DUE_REFRESH_MS = 10_000;
/**
 * A unit's list is judged this long after the first event that may change it, once for all the
 * events meanwhile: a job order's life (five transitions in a few milliseconds) reads it once, not
 * five times (issue 19), and a HMI sees the change within a blink.
 */
const EVENT_SETTLE_MS = 200;

interface DueNodes {
  readonly dueCount: UAVariable;
  readonly overdueCount: UAVariable;
  readonly due: UAVariable;
}

/**
 * What a HMI shows at the station: in each work unit's Quality object, DueCount and OverdueCount
 * (Int32) and Due (String[], one "plan name: reason" per due inspection, "OVERDUE " before an
 * overdue one) for the job running there. Judged again on the unit's counts, job transitions and
 * results, and every DUE_REFRESH_MS for the inspections that fall due with time.
 */
export function installDueInspectionNodes(addressSpace: AddressSpace, plant: Plant, due: DueInspectionService, bus: EventBus, log: Log, refreshMs = DUE_REFRESH_MS): () => Promise<void> {
  const namespace = addressSpace.getOwnNamespace();
  const nodes = new Map<string, DueNodes>();
  for (const unit of workUnitsOf(plant)) {
    const folder = addressSpace.findNode(`ns=${namespace.index};s=${unit.id}.Quality`) as UAObject | null;
    if (!folder) continue;
    const variable = (browseName: string, dataType: DataType, description: string, valueRank = -1) =>
      namespace.addVariable({ componentOf: folder, browseName, nodeId: `s=${unit.id}.Quality.${browseName}`, dataType, valueRank, description, accessLevel: "CurrentRead", userAccessLevel: "CurrentRead", minimumSamplingInterval: 0 });
    const created = {
      dueCount: variable("DueCount", DataType.Int32, "Inspections due for the job running here, overdue ones included"),
      overdueCount: variable("OverdueCount", DataType.Int32, "Inspections past their due point by more than the grace (parts or minutes)"),
      due: variable("Due", DataType.String, 'One entry per due inspection: "plan name: reason", "OVERDUE " before an overdue one', 1),
    };
    for (const node of Object.values(created)) node.setValueFromSource({ dataType: DataType.Null }, StatusCodes.BadWaitingForInitialData);
    nodes.set(unit.id, created);
  }

  // One warning per cause, not one per unit and tick while the database is away.
  let lastProblem: string | null = null;
  const queue = new SerialQueue((error) => {
    const problem = error instanceof Error ? error.message : String(error);
    if (problem !== lastProblem) log.warn(`quality: due inspections not refreshed: ${problem}`);
    lastProblem = problem;
  });
  const pending = new Set<string>();
  const settling = new Map<string, NodeJS.Timeout>();
  const refreshSoon = (unitId: string) => {
    if (!nodes.has(unitId) || settling.has(unitId)) return;
    settling.set(
      unitId,
      setTimeout(() => {
        settling.delete(unitId);
        refresh(unitId);
      }, EVENT_SETTLE_MS),
    );
  };
  const refresh = (unitId: string) => {
    if (!nodes.has(unitId) || pending.has(unitId)) return;
    pending.add(unitId);
    queue.push(async () => {
      pending.delete(unitId);
      const { items } = await due.of(unitId);
      lastProblem = null;
      const shown = items.filter((item) => item.due);
      const target = nodes.get(unitId)!;
      target.dueCount.setValueFromSource({ dataType: DataType.Int32, value: shown.length });
      target.overdueCount.setValueFromSource({ dataType: DataType.Int32, value: shown.filter((item) => item.overdue).length });
      target.due.setValueFromSource({ dataType: DataType.String, arrayType: VariantArrayType.Array, value: shown.map((item) => `${item.overdue ? "OVERDUE " : ""}${item.planName}: ${item.reason ?? ""}`) });
    });
  };
  const refreshAll = () => nodes.forEach((_, unitId) => refresh(unitId));
  const offs = [
    bus.on("production.counted", (e) => refreshSoon(e.workUnitId)),
    bus.on("quality.result", (e) => refreshSoon(e.workUnitId)),
    bus.on("job.transition", (e) => refreshSoon(e.jobOrder.equipmentId)),
  ];
  refreshAll();
  const timer = setInterval(refreshAll, refreshMs);
  return async () => {
    clearInterval(timer);
    settling.forEach(clearTimeout);
    offs.forEach((off) => off());
    await queue.drain();
  };
}

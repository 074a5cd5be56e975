import { DataType, StatusCodes, type AddressSpace, type CallMethodResultOptions, type ISessionContext, type UAObject, type UAVariable, type Variant } from "node-opcua";
import { DomainError } from "../domain/domain-error.js";
import { workUnitsOf, type Plant } from "../domain/plant/plant.js";
import type { EventBus, MesEvents } from "../services/event-bus.js";
import type { Log } from "../services/log.js";
import { isStoreUnavailable } from "../services/ports/store-unavailable.js";
import type { InspectionPlanService } from "../services/quality/plan-service.js";
import type { QualityResultService } from "../services/quality/result-service.js";
import { SerialQueue } from "../services/serial-queue.js";
import type { PlantNodes } from "./plant-address-space.js";
import { opcuaActor } from "./opcua-actor.js";

/** RecordResult's result codes: one Int32 a gauge or PLC program can branch on. */
export const RecordResultCode = { Recorded: 0, RecordedWithSignal: 1, InvalidRequest: 4 } as const;
const RESULT_DESCRIPTION = "0 recorded, 1 recorded and it raised a quality signal (failed check or SPC test), 4 invalid request (see Message)";

interface CharacteristicNodes {
  readonly lastValue: UAVariable;
  readonly status: UAVariable;
  readonly lastResultAt: UAVariable;
}

/**
 * Quality at each work unit: an object `Quality` with RecordResult(CharacteristicID, Value, Passed,
 * DefectCode, LotID, CarrierID) for a gauge or PLC, and per characteristic a plan checks there an
 * object with LastValue, Status (NO_RESULT_YET, then ok, out-of-spec, failed, signal) and
 * LastResultAt: made at start for every planned characteristic, when a plan is saved, and at the
 * first result of one measured there. Each quality signal is an event of the unit's Quality object.
 */
export const NO_RESULT_YET = "no result yet";

export function installQualityNodes(addressSpace: AddressSpace, plantNodes: PlantNodes, plant: Plant, results: QualityResultService, plans: InspectionPlanService, bus: EventBus, log: Log): () => Promise<void> {
  const namespace = addressSpace.getOwnNamespace();
  const folders = new Map<string, UAObject>();
  const characteristics = new Map<string, CharacteristicNodes>();
  for (const unit of workUnitsOf(plant)) {
    const parent = addressSpace.findNode(plantNodes.nodeIdOf(unit.id)!) as UAObject;
    const folder = namespace.addObject({ browseName: "Quality", componentOf: parent, nodeId: `s=${unit.id}.Quality`, description: "Inspection results at this work unit: the latest per characteristic, and a method to record one; an event on each quality signal", eventNotifier: 1 });
    folders.set(unit.id, folder);
    const method = namespace.addMethod(folder, {
      browseName: "RecordResult",
      nodeId: `s=${unit.id}.Quality.RecordResult`,
      description: "Records an inspection result: Value for a measured characteristic, Passed (and DefectCode when failed) for a pass/fail check; empty strings for no lot or carrier",
      inputArguments: [
        { name: "CharacteristicID", dataType: DataType.String },
        { name: "Value", dataType: DataType.Double },
        { name: "Passed", dataType: DataType.Boolean },
        { name: "DefectCode", dataType: DataType.String },
        { name: "LotID", dataType: DataType.String },
        { name: "CarrierID", dataType: DataType.String },
      ],
      outputArguments: [
        { name: "Result", dataType: DataType.Int32, description: RESULT_DESCRIPTION },
        { name: "Message", dataType: DataType.String },
      ],
    } as never);
    method.bindMethod(async (args: Variant[], context: ISessionContext): Promise<CallMethodResultOptions> => {
      const reply = (code: number, message: string): CallMethodResultOptions => ({
        statusCode: StatusCodes.Good,
        outputArguments: [
          { dataType: DataType.Int32, value: code },
          { dataType: DataType.String, value: message },
        ] as never,
      });
      try {
        const [characteristicId, value, passed, defectCode, lotId, carrierId] = args.map((arg) => arg.value) as [string, number, boolean, string, string, string];
        const { characteristic } = await results.characteristic(String(characteristicId ?? ""));
        const measured = characteristic.kind === "variable" ? { value } : { passed, defectCode: defectCode || null };
        const recorded = await results.record({ characteristicId: characteristic.id, equipmentId: unit.id, ...measured, lotId: lotId || null, carrierId: carrierId || null }, opcuaActor(context));
        return recorded.signal ? reply(RecordResultCode.RecordedWithSignal, recorded.signal.reasons.join("; ")) : reply(RecordResultCode.Recorded, "");
      } catch (error) {
        // OPC 10000-4 §7.34: the database is away; the caller may try again.
        if (isStoreUnavailable(error)) return { statusCode: StatusCodes.BadResourceUnavailable };
        if (!(error instanceof DomainError)) throw error;
        log.info(`${unit.id}.Quality.RecordResult refused: ${error.message}`);
        return reply(RecordResultCode.InvalidRequest, error.message);
      }
    });
  }

  const nodesOf = (workUnitId: string, characteristicId: string, name: string): CharacteristicNodes | null => {
    const key = `${workUnitId}\u0000${characteristicId}`;
    const known = characteristics.get(key);
    if (known) return known;
    const folder = folders.get(workUnitId);
    if (!folder) return null;
    const object = namespace.addObject({ browseName: characteristicId, componentOf: folder, nodeId: `s=${workUnitId}.Quality.${characteristicId}`, description: name });
    const variable = (browseName: string, dataType: DataType) =>
      namespace.addVariable({ componentOf: object, browseName, nodeId: `s=${workUnitId}.Quality.${characteristicId}.${browseName}`, dataType, accessLevel: "CurrentRead", userAccessLevel: "CurrentRead", minimumSamplingInterval: 0 });
    const nodes = { lastValue: variable("LastValue", DataType.Double), status: variable("Status", DataType.String), lastResultAt: variable("LastResultAt", DataType.DateTime) };
    nodes.lastValue.setValueFromSource({ dataType: DataType.Null }, StatusCodes.BadWaitingForInitialData);
    nodes.lastResultAt.setValueFromSource({ dataType: DataType.Null }, StatusCodes.BadWaitingForInitialData);
    nodes.status.setValueFromSource({ dataType: DataType.String, value: NO_RESULT_YET });
    characteristics.set(key, nodes);
    return nodes;
  };

  const queue = new SerialQueue((error) => log.warn(`quality: OPC UA nodes of planned characteristics not made: ${error instanceof Error ? error.message : String(error)}`));
  const makePlanned = () =>
    queue.push(async () => {
      for (const { workUnitId, characteristicId, name } of await plans.planned()) nodesOf(workUnitId, characteristicId, name);
    });

  const show = (event: MesEvents["quality.result"]) => {
    const nodes = nodesOf(event.workUnitId, event.characteristicId, event.characteristicName);
    if (!nodes) return;
    if (event.value !== null) nodes.lastValue.setValueFromSource({ dataType: DataType.Double, value: event.value });
    nodes.status.setValueFromSource({ dataType: DataType.String, value: event.status });
    nodes.lastResultAt.setValueFromSource({ dataType: DataType.DateTime, value: event.at });
  };
  /** A failed check or an SPC signal as a BaseEventType event of the unit's Quality object, its source the work unit (OPC 10000-5 §6.4.2). */
  const raise = (signal: MesEvents["quality.signal"]) => {
    const folder = folders.get(signal.workUnitId);
    if (!folder) return;
    const unit = addressSpace.findNode(plantNodes.nodeIdOf(signal.workUnitId)!) as UAObject;
    folder.raiseEvent("BaseEventType", {
      sourceNode: { dataType: DataType.NodeId, value: unit.nodeId },
      sourceName: { dataType: DataType.String, value: unit.browseName.name ?? signal.workUnitId },
      message: { dataType: DataType.LocalizedText, value: { text: `${signal.kind === "spc" ? "SPC signal" : "Failed check"}${signal.heldJob ? ` (job ${signal.jobOrderId} held)` : ""}: ${signal.reasons.join("; ")}` } },
      // OPC 10000-5 §6.4.2: 701-1000 high; a nonconformance that may hold the line.
      severity: { dataType: DataType.UInt16, value: signal.heldJob ? 800 : 700 },
    });
  };

  makePlanned();
  const offs = [bus.on("quality.result", show), bus.on("quality.plan", makePlanned), bus.on("quality.signal", raise)];
  return async () => {
    offs.forEach((off) => off());
    await queue.drain();
  };
}

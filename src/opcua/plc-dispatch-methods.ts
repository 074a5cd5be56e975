import { DataType, StatusCodes, VariantArrayType, type AddressSpace, type CallMethodResultOptions, type ISessionContext, type UAObject, type Variant } from "node-opcua";
import { DomainError } from "../domain/domain-error.js";
import { workUnitsOf, type Plant } from "../domain/plant/plant.js";
import type { Log } from "../services/log.js";
import { isStoreUnavailable } from "../services/ports/store-unavailable.js";
import type { StationDispatchService } from "../services/station-dispatch-service.js";
import type { PlantNodes } from "./plant-address-space.js";
import { opcuaActor } from "./opcua-actor.js";

/**
 * Result codes of the Dispatch methods: one Int32 a PLC program can branch on, where the
 * ISA-95 methods would need a UInt64 bit field and structures many PLC clients cannot build.
 */
export const DispatchResult = { Ok: 0, NoJobReleased: 1, UnknownJobOrder: 2, NotAllowedInState: 3, InvalidRequest: 4 } as const;
const RESULT_DESCRIPTION = "0 ok, 1 no job released for this station, 2 unknown job order, 3 not allowed in the job's state, 4 invalid request";

/**
 * The `methods` dispatch driver's door: under each such work unit an object `Dispatch` with
 * TakeNextJob(), ReportProgress(JobOrderID, Good, Scrap) and FinishJob(JobOrderID), all scalar.
 */
export function installDispatchMethods(addressSpace: AddressSpace, plantNodes: PlantNodes, plant: Plant, dispatch: StationDispatchService, log: Log): void {
  const namespace = addressSpace.getOwnNamespace();
  for (const unit of workUnitsOf(plant)) {
    if (unit.dispatch.driver !== "methods") continue;
    const parent = addressSpace.findNode(plantNodes.nodeIdOf(unit.id)!) as UAObject;
    const folder = namespace.addObject({ browseName: "Dispatch", componentOf: parent, nodeId: `s=${unit.id}.Dispatch`, description: "Methods the station's PLC calls to get, report and finish its job orders" });
    const result = { name: "Result", dataType: DataType.Int32, description: RESULT_DESCRIPTION };
    const jobOrderId = { name: "JobOrderID", dataType: DataType.String };
    const add = (browseName: string, description: string, inputArguments: object[], outputArguments: object[], run: (args: Variant[], context: ISessionContext) => Promise<Variant[] | object[]>) => {
      const method = namespace.addMethod(folder, { browseName, nodeId: `s=${unit.id}.Dispatch.${browseName}`, description, inputArguments, outputArguments } as never);
      method.bindMethod(async (inputArguments: Variant[], context: ISessionContext): Promise<CallMethodResultOptions> => {
        try {
          return { statusCode: StatusCodes.Good, outputArguments: (await run(inputArguments, context)) as never };
        } catch (error) {
          // OPC 10000-4 §7.34: the server lacks a resource it needs now (its database); the PLC may call again.
          if (isStoreUnavailable(error)) return { statusCode: StatusCodes.BadResourceUnavailable };
          // Info, not warn: a PLC asking for work when there is none is refused on every poll.
          log.info(`${unit.id}.Dispatch.${browseName} refused: ${(error as Error).message}`, { event: "command.refused", door: "opcua", command: browseName, equipmentId: unit.id, code: (error as { code?: unknown }).code });
          // The call itself worked: Good, so the PLC receives the Result code it branches on.
          return { statusCode: StatusCodes.Good, outputArguments: [int32(resultOf(error)), ...emptyOutputs(outputArguments.length - 1, browseName)] as never };
        }
      });
    };

    add(
      "TakeNextJob",
      "Begins and returns the next released job order of this station (the running one again, if there is one)",
      [],
      [result, jobOrderId, { name: "ProductID", dataType: DataType.String }, { name: "Quantity", dataType: DataType.Double }, { name: "ParameterIDs", dataType: DataType.String, valueRank: 1, arrayDimensions: [0] }, { name: "ParameterValues", dataType: DataType.String, valueRank: 1, arrayDimensions: [0] }],
      async (_args, context) => {
        const job = await dispatch.takeNextJob(unit.id, opcuaActor(context, "plc", `plc:${unit.id}`));
        if (!job) return [int32(DispatchResult.NoJobReleased), ...emptyOutputs(5, "TakeNextJob")];
        return [
          int32(DispatchResult.Ok),
          string(job.id),
          string(job.productId ?? ""),
          { dataType: DataType.Double, value: job.quantity },
          strings(job.parameters.map((p) => p.id)),
          strings(job.parameters.map((p) => String(p.value))),
        ];
      },
    );
    add(
      "ReportProgress",
      "Adds parts made on the running job since the last report",
      [jobOrderId, { name: "Good", dataType: DataType.UInt32 }, { name: "Scrap", dataType: DataType.UInt32 }],
      [result],
      async (args) => {
        await dispatch.reportProgress(unit.id, String(args[0].value), Number(args[1].value), Number(args[2].value));
        return [int32(DispatchResult.Ok)];
      },
    );
    add("FinishJob", "Completes the running job", [jobOrderId], [result], async (args, context) => {
      await dispatch.finishJob(unit.id, String(args[0].value), opcuaActor(context, "plc", `plc:${unit.id}`));
      return [int32(DispatchResult.Ok)];
    });
  }
}

function resultOf(error: unknown): number {
  if (!(error instanceof DomainError)) throw error;
  if (error.code === "not_found") return DispatchResult.UnknownJobOrder;
  if (error.code === "conflict") return DispatchResult.NotAllowedInState;
  return DispatchResult.InvalidRequest;
}

/** Outputs after Result when there is nothing to return, typed as declared so every client decodes them. */
function emptyOutputs(count: number, method: string): object[] {
  if (method !== "TakeNextJob") return [];
  return [string(""), string(""), { dataType: DataType.Double, value: 0 }, strings([]), strings([])].slice(0, count);
}


const int32 = (value: number) => ({ dataType: DataType.Int32, value });
const string = (value: string) => ({ dataType: DataType.String, value });
const strings = (value: string[]) => ({ dataType: DataType.String, arrayType: VariantArrayType.Array, value });

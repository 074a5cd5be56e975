import { DataType, NodeId, StatusCodes, VariantArrayType, type AddressSpace, type CallMethodResultOptions, type ISessionContext, type UAObject, type UAObjectType, type Variant } from "node-opcua";
import { DomainError } from "../domain/domain-error.js";
import { workUnitsOf, type Plant } from "../domain/plant/plant.js";
import type { Log } from "../services/log.js";
import { isStoreUnavailable } from "../services/ports/store-unavailable.js";
import type { StationDispatchService } from "../services/station-dispatch-service.js";
import { MES_NAMESPACE_URI, MesIds, namespaceIndexOf } from "./namespaces.js";
import { withChildNodeIds, type PlantNodes } from "./plant-address-space.js";
import { opcuaActor } from "./opcua-actor.js";

/**
 * Result codes of the Dispatch methods: one Int32 a PLC program can branch on, where the
 * ISA-95 methods would need a UInt64 bit field and structures many PLC clients cannot build.
 */
export const DispatchResult = { Ok: 0, NoJobReleased: 1, UnknownJobOrder: 2, NotAllowedInState: 3, InvalidRequest: 4 } as const;

/**
 * The `methods` dispatch driver's door: under each such work unit a `Dispatch` object of our
 * DispatchType with TakeNextJob(), ReportProgress(JobOrderID, Good, Scrap) and FinishJob(JobOrderID),
 * all scalar; Result codes as in DispatchResult (the type's argument descriptions say them too).
 */
export function installDispatchMethods(addressSpace: AddressSpace, plantNodes: PlantNodes, plant: Plant, dispatch: StationDispatchService, log: Log): void {
  const dispatchType = addressSpace.findNode(new NodeId(NodeId.NodeIdType.NUMERIC, MesIds.DispatchType, namespaceIndexOf(addressSpace, MES_NAMESPACE_URI))) as UAObjectType | null;
  if (!dispatchType) throw new Error("DispatchType missing from the address space: is nodesets/opcua-mes.NodeSet2.xml out of date?");
  const mes = namespaceIndexOf(addressSpace, MES_NAMESPACE_URI);
  for (const unit of workUnitsOf(plant)) {
    if (unit.dispatch.driver !== "methods") continue;
    const parent = addressSpace.findNode(plantNodes.nodeIdOf(unit.id)!) as UAObject;
    let folder!: UAObject;
    // The methods and their arguments come from DispatchType (nodesets/opcua-mes.NodeSet2.xml); only their handlers are bound here.
    withChildNodeIds(() => {
      folder = dispatchType.instantiate({
        namespace: plantNodes.namespace,
        browseName: { name: "Dispatch", namespaceIndex: mes },
        componentOf: parent,
        nodeId: `ns=${plantNodes.namespace.index};s=${unit.id}.Dispatch`,
        description: "Methods the station's PLC calls to get, report and finish its job orders",
      });
    });
    const add = (browseName: string, run: (args: Variant[], context: ISessionContext) => Promise<Variant[] | object[]>) => {
      const method = folder.getMethodByName(browseName, mes);
      if (!method) throw new Error(`DispatchType has no method ${browseName}`);
      method.bindMethod(async (inputArguments: Variant[], context: ISessionContext): Promise<CallMethodResultOptions> => {
        try {
          return { statusCode: StatusCodes.Good, outputArguments: (await run(inputArguments, context)) as never };
        } catch (error) {
          // OPC 10000-4 §7.34: the server lacks a resource it needs now (its database); the PLC may call again.
          // So is a peer MES that runs this unit but did not answer in time (a cluster's routed command).
          if (isStoreUnavailable(error) || (error instanceof DomainError && error.code === "unavailable")) return { statusCode: StatusCodes.BadResourceUnavailable };
          // Info, not warn: a PLC asking for work when there is none is refused on every poll.
          log.info(`${unit.id}.Dispatch.${browseName} refused: ${(error as Error).message}`, { event: "command.refused", door: "opcua", command: browseName, equipmentId: unit.id, code: (error as { code?: unknown }).code });
          // The call itself worked: Good, so the PLC receives the Result code it branches on.
          return { statusCode: StatusCodes.Good, outputArguments: [int32(resultOf(error)), ...emptyOutputs(browseName)] as never };
        }
      });
    };

    add("TakeNextJob", async (_args, context) => {
      const job = await dispatch.takeNextJob(unit.id, opcuaActor(context, "plc", `plc:${unit.id}`));
      if (!job) return [int32(DispatchResult.NoJobReleased), ...emptyOutputs("TakeNextJob")];
      return [
        int32(DispatchResult.Ok),
        string(job.id),
        string(job.productId ?? ""),
        { dataType: DataType.Double, value: job.quantity },
        strings(job.parameters.map((p) => p.id)),
        strings(job.parameters.map((p) => String(p.value))),
      ];
    });
    add("ReportProgress", async (args, context) => {
      await dispatch.reportProgress(unit.id, String(args[0].value), Number(args[1].value), Number(args[2].value), opcuaActor(context, "plc", `plc:${unit.id}`));
      return [int32(DispatchResult.Ok)];
    });
    add("FinishJob", async (args, context) => {
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
function emptyOutputs(method: string): object[] {
  if (method !== "TakeNextJob") return [];
  return [string(""), string(""), { dataType: DataType.Double, value: 0 }, strings([]), strings([])];
}


const int32 = (value: number) => ({ dataType: DataType.Int32, value });
const string = (value: string) => ({ dataType: DataType.String, value });
const strings = (value: string[]) => ({ dataType: DataType.String, arrayType: VariantArrayType.Array, value });

import {
  DataType,
  NodeId,
  VariantArrayType,
  type AddressSpace,
  type CallMethodResultOptions,
  type ISessionContext,
  type UAMethod,
  type UAObject,
  type UAVariable,
  type Variant,
} from "node-opcua";
import type { EquipmentNode } from "../../domain/equipment.js";
import { JobState, type JobCommand } from "../../domain/job-order-state-machine.js";
import type { EventBus, MesEvents } from "../../services/event-bus.js";
import type { JobOrderService } from "../../services/job-order-service.js";
import type { Log } from "../../services/log.js";
import { opcuaActor } from "../opcua-actor.js";
import { JOB_CONTROL_NAMESPACE_URI, JobControlIds, MES_NAMESPACE_URI, MesIds, namespaceIndexOf } from "../namespaces.js";
import type { PlantNodes } from "../plant-address-space.js";
import { commentOf, jobOrderInputOf, JobOrderValues, NO_MATERIALS, type JobMaterials } from "./job-order-values.js";
import { jobControlHosts, jobControlType } from "./job-control-hosts.js";
import { methodResult, ReturnStatus, returnStatusOf } from "./return-status.js";
import { coalescedRefresh } from "../coalesced-refresh.js";

/** The methods of ISA95JobOrderReceiverObjectType the MES implements: all of them (OPC 10031-4 §6.2.1). */
const METHODS = ["Store", "StoreAndStart", "Update", "Start", "RevokeStart", "Pause", "Resume", "Stop", "Abort", "Cancel", "Clear"] as const;
type Method = (typeof METHODS)[number];
/** Browse name used by OPC 40001-3 (Machinery Jobs) for the receiver, so Machinery clients find it where they look. */
const RECEIVER_NAME = "JobOrderControl";

/** The people rostered on a piece of equipment's work center in [from, to) (no roster: nobody). */
export type Crew = (equipmentId: string, from: Date, to: Date) => Promise<string[]>;

export interface JobOrderReceivers {
  /** Rebuilds every JobOrderList from the database (at start; afterwards events keep them current). */
  load(): Promise<void>;
  close(): void;
}

/**
 * Puts an OPC 10031-4 JobOrderReceiver ("JobOrderControl") on every work center and work unit:
 * each method calls the JobOrderService, answers with the spec's ReturnStatus (Good on success,
 * Uncertain on a refusal, so the ReturnStatus still reaches the caller), keeps JobOrderList
 * current and raises a MesJobOrderStatusEventType for every transition, whichever door caused it.
 */
export function installJobOrderReceivers(
  addressSpace: AddressSpace,
  plantNodes: PlantNodes,
  equipment: readonly EquipmentNode[],
  jobs: JobOrderService,
  bus: EventBus,
  log: Log,
  crew: Crew = async () => [],
  materials: JobMaterials = NO_MATERIALS,
): JobOrderReceivers {
  const jobControl = namespaceIndexOf(addressSpace, JOB_CONTROL_NAMESPACE_URI);
  const receiverType = jobControlType(addressSpace, JobControlIds.ISA95JobOrderReceiverObjectType);
  const eventType = addressSpace.findEventType(new NodeId(NodeId.NodeIdType.NUMERIC, MesIds.MesJobOrderStatusEventType, namespaceIndexOf(addressSpace, MES_NAMESPACE_URI)))!;
  const values = new JobOrderValues(addressSpace, jobControl);
  const receivers = new Map<string, { object: UAObject; list: UAVariable; equipment: UAObject }>();

  for (const { id, object: parent } of jobControlHosts(addressSpace, plantNodes, equipment)) {
    const receiver = receiverType.instantiate({
      namespace: plantNodes.namespace,
      browseName: { name: RECEIVER_NAME, namespaceIndex: jobControl },
      componentOf: parent,
      nodeId: `ns=${plantNodes.namespace.index};s=${id}.${RECEIVER_NAME}`,
      optionals: [...METHODS],
      eventNotifier: 1,
    }) as UAObject;
    (receiver.getPropertyByName("MaxDownloadableJobOrders") as UAVariable).setValueFromSource({ dataType: DataType.UInt16, value: jobs.maxListed });
    // OPC 10031-4 §6.2.1: WorkMaster is an array (ValueRank 1) of ISA95WorkMasterDataType; the MES keeps no work masters, so it is empty, not null.
    (receiver.getComponentByName("WorkMaster") as UAVariable | null)?.setValueFromSource({ dataType: DataType.ExtensionObject, arrayType: VariantArrayType.Array, value: [] });
    for (const method of METHODS) bind(receiver.getMethodByName(method)!, method, id);
    receivers.set(id, { object: receiver, list: receiver.getComponentByName("JobOrderList") as UAVariable, equipment: parent });
  }

  function bind(method: UAMethod, name: Method, equipmentId: string): void {
    method.bindMethod(async (inputArguments: Variant[], context: ISessionContext): Promise<CallMethodResultOptions> => {
      const actor = opcuaActor(context);
      const comment = commentOf(inputArguments[1]?.value);
      try {
        if (name === "Store" || name === "StoreAndStart") {
          await jobs.storeJobOrder(jobOrderInputOf(inputArguments[0].value, equipmentId), actor, { andStart: name === "StoreAndStart", comment });
        } else if (name === "Update") {
          await jobs.updateJobOrder(jobOrderInputOf(inputArguments[0].value, equipmentId), actor, comment);
        } else {
          await jobs.command(String(inputArguments[0].value ?? ""), name as Exclude<JobCommand, "Update">, actor, comment, equipmentId);
        }
        return methodResult(ReturnStatus.NoError);
      } catch (error) {
        const status = returnStatusOf(error);
        log.warn(`OPC UA ${name} on ${equipmentId} by ${actor.id} refused: ${(error as Error).message}`, { event: "command.refused", door: "opcua", command: name, equipmentId, actor: actor.id, code: (error as { code?: unknown }).code, returnStatus: status });
        return methodResult(status);
      }
    });
  }

  async function refresh(equipmentId: string): Promise<void> {
    const receiver = receivers.get(equipmentId);
    if (!receiver) return;
    const listed = await jobs.listed(equipmentId);
    const now = new Date();
    const entries = await Promise.all(
      listed.map(async (record) => {
        const running = record.state === JobState.Running || record.state === JobState.Interrupted;
        return values.jobOrderAndState(record, running ? await crew(equipmentId, now, new Date(now.getTime() + 1)) : [], await materials.requirements(record));
      }),
    );
    receiver.list.setValueFromSource({ dataType: DataType.ExtensionObject, arrayType: VariantArrayType.Array, value: entries });
  }

  async function raise(event: MesEvents["job.transition"]): Promise<void> {
    const receiver = receivers.get(event.jobOrder.equipmentId);
    if (!receiver) return;
    const state = event.to ?? { state: event.jobOrder.state, subState: event.jobOrder.subState };
    // A job order that has started has a job response (OPC 10031-4: JobResponse "when there is one").
    const requirements = await materials.requirements(event.jobOrder);
    const response = event.jobOrder.actualStart ? values.jobResponse(event.jobOrder, await jobs.produced(event.jobOrder.id), [], await materials.actuals(event.jobOrder)) : null;
    receiver.object.raiseEvent(eventType, {
      // OPC 10000-5 §6.4.2: the event's source is the equipment the job order is for, not the receiver that reports it.
      sourceNode: { dataType: DataType.NodeId, value: receiver.equipment.nodeId },
      sourceName: { dataType: DataType.String, value: receiver.equipment.browseName.name ?? event.jobOrder.equipmentId },
      message: { dataType: DataType.LocalizedText, value: { text: `${event.jobOrder.id}: ${event.command}${event.to ? "" : " (removed from the JobOrderList)"}` } },
      severity: { dataType: DataType.UInt16, value: 100 },
      jobOrder: { dataType: DataType.ExtensionObject, value: values.jobOrder(event.jobOrder, [], requirements) },
      jobState: { dataType: DataType.ExtensionObject, arrayType: VariantArrayType.Array, value: values.states(state) },
      ...(response ? { jobResponse: { dataType: DataType.ExtensionObject, value: response } } : {}),
    });
  }

  // A burst of transitions reads the list twice, not once each (issue 19); the last read follows the last commit.
  const refreshList = coalescedRefresh(refresh, (equipmentId, error) => log.error(`JobOrderList of ${equipmentId} not refreshed`, error));

  // Events of one receiver leave in the order of the transitions, though the job response is read first.
  const raising = new Map<string, Promise<void>>();
  const off = bus.on("job.transition", (event) => {
    const equipmentId = event.jobOrder.equipmentId;
    const next = (raising.get(equipmentId) ?? Promise.resolve()).then(() => raise(event)).catch((error) => log.error(`job order event on ${equipmentId} not raised`, error));
    raising.set(equipmentId, next);
    refreshList(equipmentId);
  });

  // A committed schedule changes planned StartTime/EndTime without a state transition.
  const offSchedule = bus.on("schedule.committed", ({ equipmentIds }) => {
    for (const equipmentId of equipmentIds) refreshList(equipmentId);
  });

  return {
    load: async () => {
      for (const equipmentId of receivers.keys()) await refresh(equipmentId);
    },
    close: () => {
      off();
      offSchedule();
    },
  };
}

import {
  DataType,
  makeAccessLevelFlag,
  VariantArrayType,
  type AddressSpace,
  type CallMethodResultOptions,
  type ISessionContext,
  type UAObject,
  type UAVariable,
  type Variant,
} from "node-opcua";
import { DomainError } from "../../domain/domain-error.js";
import type { EquipmentNode } from "../../domain/equipment.js";
import type { EventBus } from "../../services/event-bus.js";
import type { JobOrderService } from "../../services/job-order-service.js";
import type { Log } from "../../services/log.js";
import type { JobOrderRecord } from "../../services/ports/orders.js";
import { JOB_CONTROL_NAMESPACE_URI, JobControlIds, namespaceIndexOf } from "../namespaces.js";
import type { PlantNodes } from "../plant-address-space.js";
import type { Crew } from "./job-order-receivers.js";
import { JobOrderValues, NO_MATERIALS, type JobMaterials } from "./job-order-values.js";
import { jobControlHosts, jobControlType } from "./job-control-hosts.js";
import { methodResult, ReturnStatus, returnStatusOf } from "./return-status.js";

/** Browse name used by OPC 40001-3 (Machinery Jobs) for the response provider. */
const PROVIDER_NAME = "JobOrderResults";
/** Production arrives many times a second on a fast line; the response list is rebuilt at most this often. */
const RESPONSE_LIST_REFRESH_MS = 1000;

export interface JobResponseProviders {
  load(): Promise<void>;
  close(): void;
}

/**
 * An ISA95JobResponseProviderObjectType ("JobOrderResults") beside every JobOrderControl: job
 * responses built from what was produced, on request by job order id or by state, and the
 * JobOrderResponseList of every started job order kept current.
 */
export function installJobResponseProviders(
  addressSpace: AddressSpace,
  plantNodes: PlantNodes,
  equipment: readonly EquipmentNode[],
  jobs: JobOrderService,
  bus: EventBus,
  log: Log,
  crew: Crew = async () => [],
  materials: JobMaterials = NO_MATERIALS,
): JobResponseProviders {
  const jobControl = namespaceIndexOf(addressSpace, JOB_CONTROL_NAMESPACE_URI);
  const providerType = jobControlType(addressSpace, JobControlIds.ISA95JobResponseProviderObjectType);
  const values = new JobOrderValues(addressSpace, jobControl);
  const lists = new Map<string, UAVariable>();
  const pending = new Map<string, NodeJS.Timeout>();

  const responseOf = async (job: JobOrderRecord) =>
    values.jobResponse(job, await jobs.produced(job.id), job.actualStart ? await crew(job.equipmentId, job.actualStart, job.actualEnd ?? new Date()) : [], await materials.actuals(job));

  for (const { id, object: parent } of jobControlHosts(addressSpace, plantNodes, equipment)) {
    const provider = providerType.instantiate({
      namespace: plantNodes.namespace,
      browseName: { name: PROVIDER_NAME, namespaceIndex: jobControl },
      componentOf: parent,
      nodeId: `ns=${plantNodes.namespace.index};s=${id}.${PROVIDER_NAME}`,
      optionals: ["JobOrderResponseList"],
    }) as UAObject;
    const list = provider.getComponentByName("JobOrderResponseList") as UAVariable;
    // The MES keeps the list; a client writing it would change nothing (OPC 10031-4 §6.4.1 shows it read-only).
    readOnly(list);
    lists.set(id, list);

    provider.getMethodByName("RequestJobResponseByJobOrderID")!.bindMethod(async (inputArguments: Variant[], _context: ISessionContext): Promise<CallMethodResultOptions> => {
      try {
        const job = await jobs.get(String(inputArguments[0].value ?? ""));
        if (job.equipmentId !== id) throw new DomainError("not_found", `job order "${job.id}" did not run on ${id}`, { id: job.id });
        return methodResult(ReturnStatus.NoError, [{ dataType: DataType.ExtensionObject, value: await responseOf(job) }]);
      } catch (error) {
        return methodResult(returnStatusOf(error), [{ dataType: DataType.ExtensionObject, value: null }]);
      }
    });

    provider.getMethodByName("RequestJobResponseByJobOrderState")!.bindMethod(async (inputArguments: Variant[], _context: ISessionContext): Promise<CallMethodResultOptions> => {
      // The first ISA95StateDataType entry is the top-level state (OPC 10031-4); substates are not filtered on.
      const wanted = (inputArguments[0].value as { stateNumber?: number }[] | null)?.[0]?.stateNumber;
      if (wanted === undefined) return methodResult(ReturnStatus.InvalidRequest, [{ dataType: DataType.ExtensionObject, arrayType: VariantArrayType.Array, value: [] }]);
      try {
        const matching = (await jobs.listed(id)).filter((job) => job.state === wanted);
        const responses = await Promise.all(matching.map(responseOf));
        return methodResult(ReturnStatus.NoError, [{ dataType: DataType.ExtensionObject, arrayType: VariantArrayType.Array, value: responses }]);
      } catch (error) {
        return methodResult(returnStatusOf(error), [{ dataType: DataType.ExtensionObject, arrayType: VariantArrayType.Array, value: [] }]);
      }
    });
  }

  async function refresh(equipmentId: string): Promise<void> {
    const list = lists.get(equipmentId);
    if (!list) return;
    const responses = await Promise.all((await jobs.started(equipmentId)).map(responseOf));
    list.setValueFromSource({ dataType: DataType.ExtensionObject, arrayType: VariantArrayType.Array, value: responses });
  }

  function refreshSoon(equipmentId: string): void {
    if (pending.has(equipmentId) || !lists.has(equipmentId)) return;
    pending.set(
      equipmentId,
      setTimeout(() => {
        pending.delete(equipmentId);
        refresh(equipmentId).catch((error) => log.error(`JobOrderResponseList of ${equipmentId} not refreshed`, error));
      }, RESPONSE_LIST_REFRESH_MS),
    );
  }

  const off = [
    bus.on("job.transition", ({ jobOrder }) => refreshSoon(jobOrder.equipmentId)),
    bus.on("production.counted", ({ workUnitId, jobOrderId }) => {
      if (jobOrderId) refreshSoon(workUnitId);
    }),
    // Backflush books a count's material after the count: its MaterialActuals follow.
    bus.on("material.moved", ({ movements }) => {
      for (const workUnitId of new Set(movements.filter((m) => m.jobOrderId && m.workUnitId).map((m) => m.workUnitId!))) refreshSoon(workUnitId);
    }),
  ];

  return {
    load: async () => {
      for (const equipmentId of lists.keys()) await refresh(equipmentId);
    },
    close: () => {
      off.forEach((unsubscribe) => unsubscribe());
      for (const timer of pending.values()) clearTimeout(timer);
    },
  };
}

function readOnly(variable: UAVariable): void {
  variable.accessLevel = makeAccessLevelFlag("CurrentRead");
  variable.userAccessLevel = makeAccessLevelFlag("CurrentRead");
}

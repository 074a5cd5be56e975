import { DataType, NodeId, VariantArrayType, type AddressSpace, type CallMethodResultOptions, type UAMethod, type UAObject, type UAObjectType, type UAVariable, type Variant } from "node-opcua";
import { applyJobCommand, initialJobStatus, JobState, type JobCommand, type JobStatus } from "../../src/domain/job-order-state-machine.js";
import { checkJobOrderInput } from "../../src/domain/job-order.js";
import { JobOrderValues, jobOrderInputOf } from "../../src/opcua/job-control/job-order-values.js";
import { methodResult, ReturnStatus } from "../../src/opcua/job-control/return-status.js";
import { JOB_CONTROL_NAMESPACE_URI, JobControlIds } from "../../src/opcua/namespaces.js";
import type { JobOrderRecord } from "../../src/services/ports/orders.js";
import type { MachineryStationConfig } from "./config.js";
import type { Random } from "./random.js";
import type { TagTable } from "./tag-table.js";

const METHODS = ["Store", "StoreAndStart", "Start", "RevokeStart", "Pause", "Resume", "Stop", "Abort", "Cancel", "Clear", "Update"] as const;
type Method = (typeof METHODS)[number];

interface MachineJob {
  record: JobOrderRecord;
  good: number;
  scrap: number;
}

/**
 * A machine that takes its work the OPC 40001-3 way (Machinery Jobs): a JobManagement object with
 * a JobOrderControl (ISA95JobOrderReceiverObjectType) and JobOrderResults
 * (ISA95JobResponseProviderObjectType). It runs one job at a time, released ones in the order
 * they came, making a part every cycle until the job's quantity is good, and keeps JobOrderList
 * and JobOrderResponseList current. Its jobs live outside the OPC UA server, like the tags.
 */
export class MachineryStation {
  private readonly jobs = new Map<string, MachineJob>();
  private timer: NodeJS.Timeout | undefined;
  private nodes: { values: JobOrderValues; list: UAVariable; responses: UAVariable } | undefined;

  constructor(
    readonly config: MachineryStationConfig,
    private readonly tags: TagTable,
    private readonly random: Random,
  ) {
    const tag = (name: string, dataType: DataType, initial: unknown) => tags.define({ id: `${config.name}.${name}`, browseName: name, folder: [config.name], dataType, initial });
    tag("State", DataType.Int32, 0);
    tag("GoodCount", DataType.UInt32, 0);
    tag("RejectCount", DataType.UInt32, 0);
  }

  /** Builds the JobManagement objects in a freshly started server (`<name>.JobManagement.JobOrderControl` in the sim namespace). */
  bind(addressSpace: AddressSpace, namespaceIndex: number): void {
    const jc = addressSpace.getNamespaceIndex(JOB_CONTROL_NAMESPACE_URI);
    const type = (id: number) => addressSpace.findNode(new NodeId(NodeId.NodeIdType.NUMERIC, id, jc)) as UAObjectType;
    const namespace = addressSpace.getNamespace(namespaceIndex);
    const id = (path: string) => `ns=${namespaceIndex};s=${this.config.name}.${path}`;
    const machine = namespace.addObject({ browseName: this.config.name, nodeId: id("Machine"), organizedBy: addressSpace.rootFolder.objects });
    const management = namespace.addObject({ browseName: "JobManagement", nodeId: id("JobManagement"), componentOf: machine });
    const receiver = type(JobControlIds.ISA95JobOrderReceiverObjectType).instantiate({
      browseName: { name: "JobOrderControl", namespaceIndex: jc },
      componentOf: management,
      namespace,
      nodeId: id("JobManagement.JobOrderControl"),
      optionals: [...METHODS],
    }) as UAObject;
    const results = type(JobControlIds.ISA95JobResponseProviderObjectType).instantiate({
      browseName: { name: "JobOrderResults", namespaceIndex: jc },
      componentOf: management,
      namespace,
      nodeId: id("JobManagement.JobOrderResults"),
      optionals: ["JobOrderResponseList"],
    }) as UAObject;
    (receiver.getPropertyByName("MaxDownloadableJobOrders") as UAVariable).setValueFromSource({ dataType: DataType.UInt16, value: 10 });
    for (const method of METHODS) this.bindMethod(receiver.getMethodByName(method)!, method);
    this.nodes = {
      values: new JobOrderValues(addressSpace, jc),
      list: receiver.getComponentByName("JobOrderList") as UAVariable,
      responses: results.getComponentByName("JobOrderResponseList") as UAVariable,
    };
    this.publish();
  }

  unbind(): void {
    this.nodes = undefined;
  }

  /** The machine's own view of a job (tests). */
  job(id: string): { state: number; subState: number | null; good: number; scrap: number } | undefined {
    const job = this.jobs.get(id);
    return job && { state: job.record.state, subState: job.record.subState, good: job.good, scrap: job.scrap };
  }

  /** Every good part the machine made, whatever job it was for (its GoodCount tag). */
  get goodCount(): number {
    return this.tags.get(`${this.config.name}.GoodCount`) as number;
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /**
   * A restart without retentive memory: the machine forgets every job order it had, as a
   * machine does whose job list is not kept over a power cycle. Its counters (tags) stay.
   */
  forget(): void {
    this.stop();
    this.jobs.clear();
    this.publish();
  }

  private bindMethod(method: UAMethod, name: Method): void {
    method.bindMethod(async (inputArguments: Variant[], _context: unknown): Promise<CallMethodResultOptions> => methodResult(this.call(name, inputArguments)));
  }

  private call(name: Method, args: Variant[]): number {
    if (name === "Update") return ReturnStatus.InvalidRequest;
    if (name === "Store" || name === "StoreAndStart") {
      const input = jobOrderInputOf(args[0]?.value, this.config.name);
      if (checkJobOrderInput(input).length > 0) return ReturnStatus.InvalidRequest;
      if (this.jobs.has(input.id)) return ReturnStatus.UnableToAcceptJobOrder;
      const status = initialJobStatus(name === "StoreAndStart");
      const now = new Date();
      const record: JobOrderRecord = {
        ...input,
        workOrderId: null,
        productId: input.productId ?? null,
        priority: input.priority ?? 0,
        description: input.description ?? null,
        plannedStart: input.plannedStart ?? null,
        plannedEnd: input.plannedEnd ?? null,
        parameters: input.parameters ?? [],
        materialRequirements: input.materialRequirements ?? [],
        state: status.state,
        subState: status.subState,
        actualStart: null,
        actualEnd: null,
        dispatchNumber: null,
        removedAt: null,
        createdAt: now,
        updatedAt: now,
      };
      this.jobs.set(input.id, { record, good: 0, scrap: 0 });
      this.changed();
      return ReturnStatus.NoError;
    }
    const job = this.jobs.get(String(args[0]?.value ?? ""));
    if (!job) return ReturnStatus.UnknownJobOrderId;
    return this.move(job, name) ? ReturnStatus.NoError : ReturnStatus.InvalidJobOrderStatus;
  }

  private move(job: MachineJob, command: JobCommand): boolean {
    const result = applyJobCommand({ state: job.record.state as JobStatus["state"], subState: job.record.subState }, command);
    if (!result.ok) return false;
    if (result.removed) {
      this.jobs.delete(job.record.id);
    } else {
      const now = new Date();
      job.record = {
        ...job.record,
        state: result.to.state,
        subState: result.to.subState,
        actualStart: job.record.actualStart ?? (result.to.state === JobState.Running ? now : null),
        actualEnd: result.to.state === JobState.Ended || result.to.state === JobState.Aborted ? now : null,
        updatedAt: now,
      };
    }
    this.changed();
    return true;
  }

  /** After any change: begin the next released job if none runs, keep the cycle timer right, publish. */
  private changed(): void {
    const jobs = [...this.jobs.values()];
    if (!jobs.some((job) => job.record.state === JobState.Running || job.record.state === JobState.Interrupted)) {
      const next = jobs.find((job) => job.record.state === JobState.AllowedToStart);
      if (next) {
        this.move(next, "Begin");
        return;
      }
    }
    const running = jobs.find((job) => job.record.state === JobState.Running);
    this.tags.set(`${this.config.name}.State`, running ? 1 : 0);
    if (running && !this.timer) this.timer = setTimeout(() => this.cycle(), this.config.cycleTimeMs);
    if (!running) this.stop();
    this.publish();
  }

  private cycle(): void {
    this.timer = undefined;
    const job = [...this.jobs.values()].find((candidate) => candidate.record.state === JobState.Running);
    if (!job) return;
    const reject = this.random() < this.config.rejectRate;
    const counter = `${this.config.name}.${reject ? "RejectCount" : "GoodCount"}`;
    this.tags.set(counter, (this.tags.get(counter) as number) + 1);
    if (reject) job.scrap++;
    else job.good++;
    if (job.good >= job.record.quantity) this.move(job, "Complete");
    else this.changed();
  }

  private publish(): void {
    if (!this.nodes) return;
    const { values, list, responses } = this.nodes;
    const jobs = [...this.jobs.values()];
    list.setValueFromSource({ dataType: DataType.ExtensionObject, arrayType: VariantArrayType.Array, value: jobs.map((job) => values.jobOrderAndState(job.record)) });
    const started = jobs.filter((job) => job.record.actualStart !== null);
    responses.setValueFromSource({ dataType: DataType.ExtensionObject, arrayType: VariantArrayType.Array, value: started.map((job) => values.jobResponse(job.record, job)) });
  }
}

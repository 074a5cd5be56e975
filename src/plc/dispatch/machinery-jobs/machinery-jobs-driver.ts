import {
  AttributeIds,
  DataType,
  makeBrowsePath,
  resolveNodeId,
  TimestampsToReturn,
  VariantArrayType,
  type ClientSession,
  type ClientSubscription,
  type NodeId,
} from "node-opcua";
import type { MachineryJobsDispatchConfig } from "../../../config/dispatch-schema.js";
import type { WorkUnitConfig } from "../../../config/schema.js";
import { JobState, type JobCommand } from "../../../domain/job-order-state-machine.js";
import { syncAction } from "../../../domain/machine-job-sync.js";
import type { Actor } from "../../../services/actor.js";
import type { MesEvents } from "../../../services/event-bus.js";
import type { JobOrderRecord } from "../../../services/ports/orders.js";
import { SerialQueue } from "../../../services/serial-queue.js";
import { ReturnStatus } from "../../../opcua/job-control/return-status.js";
import { JOB_CONTROL_NAMESPACE_URI } from "../../../opcua/namespaces.js";
import type { DispatchDriver, DispatchDriverContext, DispatchDriverFactory } from "../dispatch-driver.js";
import { machineJobs, machineResponses, type MachineJob } from "./machine-lists.js";

/** The receiver methods the MES forwards when another door moves a job order of this machine. */
const FORWARDED: Partial<Record<string, string>> = { Pause: "Pause", Resume: "Resume", Stop: "Stop", Abort: "Abort", Cancel: "Cancel", Clear: "Clear", RevokeStart: "RevokeStart" };

interface MachineNodes {
  readonly receiver: string;
  readonly methods: Map<string, NodeId>;
  readonly jobOrderList: NodeId;
  readonly responseList: NodeId;
  readonly jobOrderType: NodeId;
}

export const createMachineryJobsDriver: DispatchDriverFactory = (unit, context) => {
  if (unit.dispatch.driver !== "machinery-jobs") throw new Error(`${unit.id} is not configured for the machinery-jobs driver`);
  return new MachineryJobsDriver(unit, unit.dispatch, context);
};

/**
 * The MES as client of an OPC 40001-3 machine's JobManagement: a job order released in the MES is
 * stored and started on the machine (StoreAndStart); commands from other doors are forwarded; the
 * machine's JobOrderList and JobOrderResponseList are followed by subscription, and each change
 * reconciled: the MES job begins, is held, resumes, completes or aborts as the machine's does, and
 * the machine's good and scrap quantities become the job's production records.
 */
export class MachineryJobsDriver implements DispatchDriver {
  private readonly queue: SerialQueue;
  private readonly actor: Actor;
  private readonly unsubscribe: (() => void)[] = [];
  private subscription: ClientSubscription | undefined;
  private nodes: MachineNodes | undefined;
  private stopped = false;
  /** Jobs with a command from another door still on its way to the machine: the machine's view of them is stale until it arrives. */
  private readonly forwarding = new Map<string, number>();

  constructor(
    private readonly unit: WorkUnitConfig,
    private readonly config: MachineryJobsDispatchConfig,
    private readonly context: DispatchDriverContext,
  ) {
    this.queue = new SerialQueue((error) => context.log.error(`${unit.id}: machinery-jobs driver failed`, error));
    this.actor = { id: unit.plc, role: null, door: "plc" };
  }

  async start(): Promise<void> {
    const { bus } = this.context;
    this.unsubscribe.push(
      bus.on("job.transition", (event) => {
        if (event.jobOrder.equipmentId !== this.unit.id || this.isOwn(event)) return;
        this.enqueueForward(event);
      }),
      bus.on("plc.connection", ({ plcId, state }) => {
        if (plcId !== this.unit.plc) return;
        if (state === "connected") this.queue.push(() => this.follow());
        else {
          this.nodes = undefined;
          this.subscription = undefined;
        }
      }),
    );
    if (this.context.plcs.connection(this.unit.plc).connected) this.queue.push(() => this.follow());
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const off of this.unsubscribe.splice(0)) off();
    await this.queue.drain();
    await this.subscription?.terminate().catch(() => undefined);
  }

  /** Marks the job as having a command on its way to the machine until the call is done (see reconcile). */
  private enqueueForward(event: MesEvents["job.transition"]): void {
    const id = event.jobOrder.id;
    if (!FORWARDED[event.command]) return this.queue.push(() => this.forward(event));
    this.forwarding.set(id, (this.forwarding.get(id) ?? 0) + 1);
    this.queue.push(async () => {
      try {
        await this.forward(event);
      } finally {
        const left = this.forwarding.get(id)! - 1;
        if (left > 0) this.forwarding.set(id, left);
        else this.forwarding.delete(id);
      }
    });
  }

  private isOwn(event: MesEvents["job.transition"]): boolean {
    return event.actor.door === "plc" && event.actor.id === this.actor.id;
  }

  /** After each connect: find the machine's nodes, subscribe to its two lists, reconcile at once. */
  private async follow(): Promise<void> {
    if (this.stopped) return;
    try {
      await this.context.plcs.connection(this.unit.plc).withSession(async (session, resolve) => {
        this.nodes = await this.findNodes(session, resolve);
        const subscription = await session.createSubscription2({ requestedPublishingInterval: 100, requestedMaxKeepAliveCount: 10, requestedLifetimeCount: 60, publishingEnabled: true });
        const group = await subscription.monitorItems(
          [this.nodes.jobOrderList, this.nodes.responseList].map((nodeId) => ({ nodeId, attributeId: AttributeIds.Value })),
          { samplingInterval: 0, queueSize: 1, discardOldest: true },
          TimestampsToReturn.Neither,
        );
        group.on("changed", () => this.queue.push(() => this.reconcile()));
        this.subscription = subscription;
      });
      this.context.log.info(`${this.unit.id}: following the machine's JobOrderList`);
    } catch (error) {
      this.context.log.warn(`${this.unit.id}: cannot follow the machine's job management: ${(error as Error).message}`);
    }
  }

  /** Reads both lists and brings every MES job order of the machine in line with them. */
  private async reconcile(): Promise<void> {
    const nodes = this.nodes;
    if (this.stopped || !nodes) return;
    let lists: { jobs: Map<string, MachineJob>; produced: Map<string, { good: number; scrap: number }> };
    try {
      lists = await this.context.plcs.connection(this.unit.plc).withSession(async (session) => {
        const [list, responses] = await session.read([nodes.jobOrderList, nodes.responseList].map((nodeId) => ({ nodeId, attributeId: AttributeIds.Value })));
        return { jobs: machineJobs(list.value.value), produced: machineResponses(responses.value.value) };
      });
    } catch (error) {
      this.context.log.warn(`${this.unit.id}: machine lists not read: ${(error as Error).message}`);
      return;
    }
    // Jobs reach the machine in the order of the committed schedule: it runs released jobs in the order it got them.
    for (const job of bySchedule(await this.context.jobs.listed(this.unit.id))) {
      await this.takeProduction(job, lists.produced.get(job.id));
      // A Resume read back against a machine that has not had it yet would look like the machine holding the job.
      if (this.forwarding.has(job.id)) continue;
      const action = syncAction(job, lists.jobs.get(job.id) ?? null);
      if (action.kind === "send") await this.send(job);
      else if (action.kind === "follow") {
        if (action.command === "Complete" || action.command === "Stop") await this.takeProduction(job, lists.produced.get(job.id), true);
        await this.command(job, action.command, action.why);
      }
    }
  }

  /** The machine's quantities beyond what the MES has for the job become production records (only while it runs, as for every driver). */
  private async takeProduction(job: JobOrderRecord, machine: { good: number; scrap: number } | undefined, reread = false): Promise<void> {
    if (!machine) return;
    const current = reread ? await this.context.jobs.get(job.id) : job;
    if (current.state !== JobState.Running) return;
    const known = await this.context.jobs.produced(job.id);
    const good = Math.max(0, machine.good - known.good);
    const scrap = Math.max(0, machine.scrap - known.scrap);
    if (good > 0 || scrap > 0) await this.context.dispatch.reportProgress(this.unit.id, job.id, good, scrap);
  }

  private async command(job: JobOrderRecord, command: Exclude<JobCommand, "Update">, why: string): Promise<void> {
    try {
      await this.context.jobs.command(job.id, command, this.actor, why, this.unit.id);
    } catch (error) {
      this.context.log.warn(`${this.unit.id}: ${command} of job order ${job.id} after the machine: ${(error as Error).message}`);
    }
  }

  private async send(job: JobOrderRecord): Promise<void> {
    const refusal = await this.call("StoreAndStart", async (session) => [
      {
        dataType: DataType.ExtensionObject,
        value: await session.constructExtensionObject(this.nodes!.jobOrderType, {
          jobOrderID: job.id,
          ...(job.description ? { description: [{ text: job.description }] } : {}),
          priority: job.priority,
          jobOrderParameters: job.parameters.map((p) => ({ ID: p.id, value: { dataType: typeof p.value === "number" ? DataType.Double : typeof p.value === "boolean" ? DataType.Boolean : DataType.String, value: p.value } })),
          materialRequirements: [{ materialDefinitionID: job.productId ?? "", quantity: String(job.quantity) }],
        }),
      },
      comment(`released in the MES by its dispatch`),
    ]);
    if (refusal) await this.refused(job, "StoreAndStart", refusal);
    else this.context.log.info(`${this.unit.id}: job order ${job.id} stored and started on the machine`);
  }

  /** A command given to the MES through another door, passed on to the machine that executes the job. */
  private async forward(event: MesEvents["job.transition"]): Promise<void> {
    if (event.command === "Start" || event.command === "StoreAndStart") return this.reconcile();
    const method = FORWARDED[event.command];
    if (!method || !this.nodes) return;
    const refusal = await this.call(method, async () => [{ dataType: DataType.String, value: event.jobOrder.id }, comment(event.comment ?? `${event.command} by ${event.actor.id} through ${event.actor.door}`)]);
    // The machine never had a job that was cancelled or cleared before it got there: nothing to undo.
    if (refusal && !((method === "Cancel" || method === "Clear" || method === "RevokeStart") && /UnknownJobOrderId/.test(refusal))) {
      await this.refused(await this.context.jobs.get(event.jobOrder.id).catch(() => event.jobOrder), method, refusal);
    }
  }

  private async refused(job: JobOrderRecord, method: string, refusal: string): Promise<void> {
    this.context.log.warn(`${this.unit.id}: the machine refused ${method} of job order ${job.id}: ${refusal}`);
    const current = await this.context.jobs.get(job.id).catch(() => null);
    if (current?.state === JobState.Running) await this.command(current, "Hold", `machinery-jobs: the machine refused ${method}: ${refusal}`);
  }

  /** Calls a receiver method; null when it answered NoError, else why not. */
  private async call(method: string, args: (session: ClientSession) => Promise<{ dataType: DataType; value: unknown; arrayType?: VariantArrayType }[]>): Promise<string | null> {
    const nodes = this.nodes;
    if (!nodes) return "the machine is not connected";
    try {
      return await this.context.plcs.connection(this.unit.plc).withSession(async (session) => {
        const result = await session.call({ objectId: nodes.receiver, methodId: nodes.methods.get(method)!, inputArguments: await args(session) });
        if (result.statusCode.isBad()) return result.statusCode.name;
        const [high, low] = (result.outputArguments?.[0]?.value ?? [0, 0]) as [number, number];
        const status = high * 2 ** 32 + low;
        return status === 1 ? null : returnStatusText(status);
      });
    } catch (error) {
      return (error as Error).message;
    }
  }

  private async findNodes(session: ClientSession, resolve: (nodeId: string) => string): Promise<MachineNodes> {
    const jc = (await session.readNamespaceArray()).indexOf(JOB_CONTROL_NAMESPACE_URI);
    if (jc < 0) throw new Error("the machine serves no ISA-95 Job Control namespace");
    const receiver = resolve(this.config.jobOrderControl);
    const results = resolve(this.config.jobOrderResults);
    const child = async (parent: string, name: string) => {
      const target = (await session.translateBrowsePath(makeBrowsePath(parent, `/${jc}:${name}`))).targets?.[0]?.targetId;
      if (!target) throw new Error(`${parent} has no ${name}`);
      return target;
    };
    const methods = new Map<string, NodeId>();
    for (const name of ["StoreAndStart", ...Object.values(FORWARDED)] as string[]) methods.set(name, await child(receiver, name));
    return { receiver, methods, jobOrderList: await child(receiver, "JobOrderList"), responseList: await child(results, "JobOrderResponseList"), jobOrderType: resolveNodeId(`ns=${jc};i=3008`) };
  }
}

function bySchedule(jobs: JobOrderRecord[]): JobOrderRecord[] {
  const planned = (job: JobOrderRecord) => job.plannedStart?.getTime() ?? Number.POSITIVE_INFINITY;
  return [...jobs].sort((a, b) => planned(a) - planned(b) || b.priority - a.priority || a.createdAt.getTime() - b.createdAt.getTime());
}

function comment(text: string) {
  return { dataType: DataType.LocalizedText, arrayType: VariantArrayType.Array, value: [{ text }] };
}

/** OPC 10031-4 ReturnStatus bits by name, for logs and comments. */
function returnStatusText(status: number): string {
  const names = Object.entries(ReturnStatus)
    .filter(([name, bit]) => name !== "NoError" && Math.floor(status / bit) % 2 === 1)
    .map(([name]) => name);
  return `ReturnStatus ${status}${names.length > 0 ? ` (${names.join(", ")})` : ""}`;
}

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
import { JOB_CONTROL_NAMESPACE_URI, JobControlIds } from "../../../domain/job-control/ids.js";
import { returnStatusText } from "../../../domain/job-control/return-status.js";
import type { MachineryJobsDispatch } from "../../../domain/plant/dispatch.js";
import type { WorkUnit } from "../../../domain/plant/plant.js";
import type { Actor } from "../../../services/actor.js";
import type { MesEvents } from "../../../services/event-bus.js";
import { SerialQueue } from "../../../services/serial-queue.js";
import type { MachineSend, MachineView } from "../../../services/station-dispatch-service.js";
import type { DispatchDriver, DispatchDriverContext, DispatchDriverFactory } from "../dispatch-driver.js";
import { machineJobs, machineResponses } from "./machine-lists.js";

/** After a failed attempt to follow a machine that is still connected (a browse that timed out), the next one. */
const FOLLOW_RETRY_MS = 1000;

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
 * handed to the station dispatch service, which decides what the MES job does and what the
 * machine lacks. After every (re)connect the machine is followed anew and reconciled at once, so a
 * machine that restarted gets its running and queued jobs back.
 */
export class MachineryJobsDriver implements DispatchDriver {
  private readonly queue: SerialQueue;
  private readonly actor: Actor;
  private readonly unsubscribe: (() => void)[] = [];
  private subscription: ClientSubscription | undefined;
  private nodes: MachineNodes | undefined;
  private stopped = false;
  private retryTimer: NodeJS.Timeout | undefined;
  /** Jobs with a command from another door still on its way to the machine: the machine's view of them is stale until it arrives. */
  private readonly forwarding = new Map<string, number>();

  constructor(
    private readonly unit: WorkUnit,
    private readonly config: MachineryJobsDispatch,
    private readonly context: DispatchDriverContext,
  ) {
    this.queue = new SerialQueue((error) => context.log.error(`${unit.id}: machinery-jobs driver failed`, error));
    this.actor = { id: unit.plcId, role: null, door: "plc" };
  }

  async start(): Promise<void> {
    const { bus } = this.context;
    this.unsubscribe.push(
      // A peer's events: its unit's PLC is that peer's to drive.
      bus.on("job.transition", (event) => {
        if (event.fromPeer || event.jobOrder.equipmentId !== this.unit.id || this.isOwn(event)) return;
        this.enqueueForward(event);
      }),
      bus.on("plc.connection", ({ plcId, state, fromPeer }) => {
        if (plcId !== this.unit.plcId || fromPeer) return;
        if (state === "connected") this.queue.push(() => this.follow());
        else {
          clearTimeout(this.retryTimer);
          this.nodes = undefined;
          this.subscription = undefined;
        }
      }),
    );
    if (this.context.plcs.connection(this.unit.plcId).connected) this.queue.push(() => this.follow());
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
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
      await this.context.plcs.connection(this.unit.plcId).withSession(async (session, resolve) => {
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
      // A lost link brings a new "connected" event; a machine that is up but did not answer is tried again.
      if (this.context.plcs.connection(this.unit.plcId).connected) this.retryTimer = setTimeout(() => this.queue.push(() => this.follow()), FOLLOW_RETRY_MS);
      return;
    }
    // Whatever the machine lost while away (a restart without retentive memory) is sent again now.
    await this.reconcile();
  }

  /** Reads both lists, lets the station dispatch service bring the MES in line, and stores and starts what the machine lacks. */
  private async reconcile(): Promise<void> {
    const nodes = this.nodes;
    if (this.stopped || !nodes) return;
    let machine: MachineView;
    try {
      machine = await this.context.plcs.connection(this.unit.plcId).withSession(async (session) => {
        const [list, responses] = await session.read([nodes.jobOrderList, nodes.responseList].map((nodeId) => ({ nodeId, attributeId: AttributeIds.Value })));
        return { jobs: machineJobs(list.value.value), produced: machineResponses(responses.value.value) };
      });
    } catch (error) {
      this.context.log.warn(`${this.unit.id}: machine lists not read: ${(error as Error).message}`);
      return;
    }
    // A Resume read back against a machine that has not had it yet would look like the machine holding the job.
    const sends = await this.context.dispatch.followMachine(this.unit.id, machine, this.actor, (id) => this.forwarding.has(id));
    for (const send of sends) await this.send(send);
  }

  private async send({ job, quantity }: MachineSend): Promise<void> {
    const refusal = await this.call("StoreAndStart", async (session) => [
      {
        dataType: DataType.ExtensionObject,
        value: await session.constructExtensionObject(this.nodes!.jobOrderType, {
          jobOrderID: job.id,
          ...(job.description ? { description: [{ text: job.description }] } : {}),
          priority: job.priority,
          jobOrderParameters: job.parameters.map((p) => ({ ID: p.id, value: { dataType: typeof p.value === "number" ? DataType.Double : typeof p.value === "boolean" ? DataType.Boolean : DataType.String, value: p.value } })),
          materialRequirements: [{ materialDefinitionID: job.productId ?? "", quantity: String(quantity) }],
        }),
      },
      comment(quantity === job.quantity ? "released in the MES by its dispatch" : `sent again after the machine lost it: ${quantity} of ${job.quantity} left`),
    ]);
    if (refusal) await this.context.dispatch.machineRefused(this.unit.id, job.id, "StoreAndStart", refusal, this.actor);
    else this.context.log.info(`${this.unit.id}: job order ${job.id} stored and started on the machine (${quantity} of ${job.quantity})`);
  }

  /** A command given to the MES through another door, passed on to the machine that executes the job. */
  private async forward(event: MesEvents["job.transition"]): Promise<void> {
    if (event.command === "Start" || event.command === "StoreAndStart") return this.reconcile();
    const method = FORWARDED[event.command];
    if (!method || !this.nodes) return;
    const refusal = await this.call(method, async () => [{ dataType: DataType.String, value: event.jobOrder.id }, comment(event.comment ?? `${event.command} by ${event.actor.id} through ${event.actor.door}`)]);
    // The machine never had a job that was cancelled or cleared before it got there: nothing to undo.
    if (refusal && !((method === "Cancel" || method === "Clear" || method === "RevokeStart") && /UnknownJobOrderId/.test(refusal))) {
      await this.context.dispatch.machineRefused(this.unit.id, event.jobOrder.id, method, refusal, this.actor);
    }
  }

  /** Calls a receiver method; null when it answered NoError, else why not. */
  private async call(method: string, args: (session: ClientSession) => Promise<{ dataType: DataType; value: unknown; arrayType?: VariantArrayType }[]>): Promise<string | null> {
    const nodes = this.nodes;
    if (!nodes) return "the machine is not connected";
    try {
      return await this.context.plcs.connection(this.unit.plcId).withSession(async (session) => {
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
    return { receiver, methods, jobOrderList: await child(receiver, "JobOrderList"), responseList: await child(results, "JobOrderResponseList"), jobOrderType: resolveNodeId(`ns=${jc};i=${JobControlIds.ISA95JobOrderDataType}`) };
  }
}

function comment(text: string) {
  return { dataType: DataType.LocalizedText, arrayType: VariantArrayType.Array, value: [{ text }] };
}

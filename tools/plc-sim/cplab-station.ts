import { DataType } from "node-opcua";
import type { CpLabStationConfig } from "./config.js";
import type { Random } from "./random.js";
import type { TagTable } from "./tag-table.js";

/** The S7 tag names of the Festo CP Lab station (../shared/seed/course-project-behaviour.md), in ns=3. */
export const CPLAB_TAGS = {
  readComplete: '"abstractMachine"."read_complete"',
  readData: '"identData"."readData"',
  readData0: '"identData"."readData"[0]',
  readData1: '"identData"."readData"[1]',
  writeData: '"identData"."writeData"',
  rfidWrite: '"RFID_control"."write"',
  rfidWriteDone: '"RFID_control"."write_done"',
  taskCode: '"abstractMachine"."task code"',
  execOrder: '"abstractMachine"."exec_order"',
  orderComplete: '"abstractMachine"."order_complete"',
  // Our additions, not on the seed page: the echo the MES waits for, and what an MES needs for OEE.
  taskCodeEcho: '"abstractMachine"."task code echo"',
  busy: '"abstractMachine"."busy"',
  goodCount: '"abstractMachine"."good_count"',
  rejectCount: '"abstractMachine"."reject_count"',
  state: '"abstractMachine"."state"',
} as const;

const DATA_WORDS = 32;
const PASS_THROUGH = -1;

/**
 * The PLC side of the CP Lab handshake. A carrier arrives (RFID read: readData = [carrier, order],
 * read_complete); the MES may write the carrier tag (writeData + write -> write_done), sets a task
 * code (echoed), then exec_order; the station works and raises order_complete; the MES resets
 * exec_order and the carrier leaves. Task code -1 passes the carrier through uncounted.
 */
export class CpLabStation {
  private readonly carrierMemory = new Map<number, number>();
  private carrierQueue: number[] = [];
  private present: number | undefined;
  private readonly timers = new Set<NodeJS.Timeout>();
  private timeout: NodeJS.Timeout | undefined;
  private running = false;
  carriersTimedOut = 0;
  carriersServed = 0;

  constructor(
    readonly config: CpLabStationConfig,
    private readonly tags: TagTable,
    private readonly random: Random,
  ) {
    const db = (id: string) => id.match(/^"([^"]+)"/)![1];
    const member = (id: string) => id.slice(db(id).length + 3);
    const tag = (id: string, dataType: DataType, initial: unknown, options: { writable?: boolean; array?: boolean } = {}) =>
      tags.define({ id, browseName: member(id).replace(/"/g, ""), folder: ["DataBlocksGlobal", db(id)], dataType, initial, ...options });
    tag(CPLAB_TAGS.readComplete, DataType.Boolean, false);
    tag(CPLAB_TAGS.readData, DataType.Int32, new Int32Array(DATA_WORDS), { array: true });
    tag(CPLAB_TAGS.readData0, DataType.Int32, 0);
    tag(CPLAB_TAGS.readData1, DataType.Int32, 0);
    tag(CPLAB_TAGS.writeData, DataType.Int32, new Int32Array(DATA_WORDS), { array: true, writable: true });
    tag(CPLAB_TAGS.rfidWrite, DataType.Boolean, false, { writable: true });
    tag(CPLAB_TAGS.rfidWriteDone, DataType.Boolean, false);
    tag(CPLAB_TAGS.taskCode, DataType.Int16, 0, { writable: true });
    tag(CPLAB_TAGS.taskCodeEcho, DataType.Int16, 0);
    tag(CPLAB_TAGS.execOrder, DataType.Boolean, false, { writable: true });
    tag(CPLAB_TAGS.orderComplete, DataType.Boolean, false);
    tag(CPLAB_TAGS.busy, DataType.Boolean, false);
    tag(CPLAB_TAGS.goodCount, DataType.UInt32, 0);
    tag(CPLAB_TAGS.rejectCount, DataType.UInt32, 0);
    tag(CPLAB_TAGS.state, DataType.Int32, 0);

    for (const carrier of config.carriers) this.carrierMemory.set(carrier.id, carrier.orderId);
    this.carrierQueue = config.carriers.map((c) => c.id);
    tags.onWrite(CPLAB_TAGS.rfidWrite, (value) => this.onRfidWrite(value === true));
    tags.onWrite(CPLAB_TAGS.taskCode, (value) => this.after(config.echoMs, () => tags.set(CPLAB_TAGS.taskCodeEcho, Number(value))));
    tags.onWrite(CPLAB_TAGS.execOrder, (value) => this.onExecOrder(value === true));
  }

  /** Starts the conveyor: carriers arrive on their own. */
  run(): void {
    this.running = true;
    if (this.present === undefined) this.after(this.config.carrierIntervalMs, () => this.nextCarrier());
  }

  /** A carrier arrives now, whatever the conveyor is doing (tests). */
  arrive(carrierId: number, orderId?: number): void {
    if (orderId !== undefined) this.carrierMemory.set(carrierId, orderId);
    this.present = carrierId;
    const data = new Int32Array(DATA_WORDS);
    data[0] = carrierId;
    data[1] = this.carrierMemory.get(carrierId) ?? 0;
    this.tags.set(CPLAB_TAGS.readData, data);
    this.tags.set(CPLAB_TAGS.readData0, data[0]);
    this.tags.set(CPLAB_TAGS.readData1, data[1]);
    this.tags.set(CPLAB_TAGS.readComplete, true);
    clearTimeout(this.timeout);
    this.timeout = this.after(this.config.mesTimeoutMs, () => {
      this.carriersTimedOut++;
      this.leave();
    });
  }

  /** The order id now written on a carrier's RFID tag. */
  carrierOrder(carrierId: number): number | undefined {
    return this.carrierMemory.get(carrierId);
  }

  tag(id: string): unknown {
    return this.tags.get(id);
  }

  get goodCount(): number {
    return this.tags.get(CPLAB_TAGS.goodCount) as number;
  }

  get rejectCount(): number {
    return this.tags.get(CPLAB_TAGS.rejectCount) as number;
  }

  stop(): void {
    this.running = false;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private onRfidWrite(write: boolean): void {
    if (!write) {
      this.tags.set(CPLAB_TAGS.rfidWriteDone, false);
      return;
    }
    this.after(this.config.rfidWriteMs, () => {
      const data = this.tags.get(CPLAB_TAGS.writeData) as ArrayLike<number>;
      if (this.present !== undefined) this.carrierMemory.set(this.present, Number(data[1] ?? 0));
      this.tags.set(CPLAB_TAGS.rfidWriteDone, true);
    });
  }

  private onExecOrder(exec: boolean): void {
    if (!exec) {
      if (this.tags.get(CPLAB_TAGS.orderComplete)) {
        this.tags.set(CPLAB_TAGS.orderComplete, false);
        this.carriersServed++;
        this.leave();
      }
      return;
    }
    if (this.present === undefined) return;
    clearTimeout(this.timeout);
    const taskCode = Number(this.tags.get(CPLAB_TAGS.taskCode));
    const passThrough = taskCode === PASS_THROUGH;
    this.tags.set(CPLAB_TAGS.readComplete, false);
    this.tags.set(CPLAB_TAGS.busy, true);
    this.tags.set(CPLAB_TAGS.state, 1);
    this.after(passThrough ? this.config.passThroughMs : this.config.processingMs, () => {
      if (!passThrough) {
        const counter = this.random() < this.config.rejectRate ? CPLAB_TAGS.rejectCount : CPLAB_TAGS.goodCount;
        this.tags.set(counter, (this.tags.get(counter) as number) + 1);
      }
      this.tags.set(CPLAB_TAGS.busy, false);
      this.tags.set(CPLAB_TAGS.state, 0);
      this.tags.set(CPLAB_TAGS.orderComplete, true);
    });
  }

  private leave(): void {
    this.present = undefined;
    this.tags.set(CPLAB_TAGS.readComplete, false);
    if (this.running) this.after(this.config.carrierIntervalMs, () => this.nextCarrier());
  }

  private nextCarrier(): void {
    const carrier = this.carrierQueue.shift()!;
    this.carrierQueue.push(carrier);
    this.arrive(carrier);
  }

  private after(ms: number, action: () => void): NodeJS.Timeout {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      action();
    }, ms);
    this.timers.add(timer);
    return timer;
  }
}

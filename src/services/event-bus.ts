import type { JobStatus } from "../domain/job-order-state-machine.js";
import type { MachineState } from "../domain/machine-state.js";
import type { SignalRole } from "../domain/plant/signal.js";
import type { PlcConnectionState } from "../domain/plc-connection.js";
import type { SignalSample } from "../domain/signal-sample.js";
import type { Actor } from "./actor.js";
import type { AlarmView } from "./alarms/alarm-view.js";
import type { MaterialMovementRecord } from "./ports/inventory.js";
import type { JobOrderRecord } from "./ports/orders.js";
import type { MaintenanceWorkOrderView } from "./maintenance/work-order-view.js";

/**
 * Set on an event another MES instance of the cluster made, re-told here from the rows it wrote
 * (src/services/cluster/peer-follower.ts): the doors show it, but nothing writes it again.
 */
export interface FromPeer {
  readonly fromPeer?: true;
}

/** What happened, as the adapters (OPC UA, SSE, callbacks) learn it. Names are past tense facts. */
export interface MesEvents {
  "plc.connection": { plcId: string; state: PlcConnectionState; at: Date; error?: string } & FromPeer;
  /** signal: the signal's browse name (what the doors show); role: what it means (what the services act on). */
  "signal.changed": { workUnitId: string; signal: string; role: SignalRole; sample: SignalSample };
  "machine.state": { workUnitId: string; state: MachineState; previous: MachineState; at: Date; faultCode: string | null } & FromPeer;
  "production.counted": { workUnitId: string; good: number; scrap: number; at: Date; jobOrderId: string | null } & FromPeer;
  /** A job order was stored or moved (from null: stored; to null: taken out of the JobOrderList). */
  "job.transition": { jobOrder: JobOrderRecord; command: string; from: JobStatus | null; to: JobStatus | null; actor: Actor; comment: string | null; at: Date } & FromPeer;
  /** A schedule was committed: these job orders have new planned start and end times. */
  "schedule.committed": { rule: string; jobOrderIds: string[]; equipmentIds: string[]; at: Date };
  /** A work order was created, released or cancelled (its other status changes follow job.transition). */
  "work_order.changed": { workOrderId: string; status: string };
  /** An inspection result was recorded; status: how it left its characteristic (a signal outranks a failed check). */
  "quality.result": { characteristicId: string; characteristicName: string; workUnitId: string; value: number | null; passed: boolean; status: "ok" | "out-of-spec" | "failed" | "signal"; at: Date };
  /** An inspection plan was created, changed or removed: what is checked where changed. */
  "quality.plan": { planId: string; removed: boolean };
  /** A quality check failed or an SPC test fired on a characteristic (ISA-95 Part 3 quality). */
  "quality.signal": { characteristicId: string; planId: string; workUnitId: string; jobOrderId: string | null; lotId: string | null; resultId: string; kind: "failed-check" | "spc"; reasons: string[]; heldJob: boolean; at: Date };
  /** Material was received, moved, split, merged, staged, consumed or produced: the ledger rows of one committed movement. */
  "material.moved": { movements: MaterialMovementRecord[] };
  /** A preventive maintenance plan's due status was judged anew and changed (or was first judged not ok). */
  "maintenance.due": { planId: string; workUnitId: string; title: string; status: "ok" | "due" | "overdue"; dueAt: Date | null; at: Date };
  /** A maintenance work order was requested or moved on (every change). */
  "maintenance.work_order": { workOrder: MaintenanceWorkOrderView };
  /** An alarm was raised, cleared, acknowledged, confirmed, commented or (un)shelved: its state after the change. */
  "alarm.changed": { alarm: AlarmView } & FromPeer;
}

type Listener<K extends keyof MesEvents> = (event: MesEvents[K]) => void;

/**
 * In-process and synchronous: a publisher learns of a listener's exception at once (it is
 * reported, not thrown, so one faulty adapter cannot stop the others or the PLC path).
 */
export class EventBus {
  private readonly listeners = new Map<keyof MesEvents, Set<Listener<never>>>();

  constructor(private readonly onListenerError: (error: unknown, event: keyof MesEvents) => void = () => {}) {}

  on<K extends keyof MesEvents>(event: K, listener: Listener<K>): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener as Listener<never>);
    return () => set.delete(listener as Listener<never>);
  }

  emit<K extends keyof MesEvents>(event: K, payload: MesEvents[K]): void {
    const set = this.listeners.get(event);
    if (!set) return;
    for (const listener of set) {
      try {
        (listener as Listener<K>)(payload);
      } catch (error) {
        this.onListenerError(error, event);
      }
    }
  }
}

import { DomainError } from "../domain/domain-error.js";
import { EquipmentLevel, type EquipmentLevelName, type EquipmentNode } from "../domain/equipment.js";
import type { MachineState } from "../domain/machine-state.js";
import { FIXED_SIGNAL_NAMES } from "../domain/plant/signal.js";
import { clipStates } from "../domain/oee/state-history.js";
import type { PlcConnectionState } from "../domain/plc-connection.js";
import { quality, type SignalSample } from "../domain/signal-sample.js";
import type { LiveState } from "./live-state.js";
import type { Store } from "./ports/store.js";
import { isStoreUnavailable } from "./ports/store-unavailable.js";

export interface EquipmentSummary {
  readonly id: string;
  readonly name: string;
  readonly level: EquipmentLevelName;
  /** ISA95EquipmentElementLevelEnum value, as the OPC UA EquipmentLevel variable shows it. */
  readonly equipmentLevel: number;
}

export interface EquipmentTreeNode extends EquipmentSummary {
  readonly description: string | null;
  /** Work units only. */
  readonly machineState?: MachineState;
  readonly children: EquipmentTreeNode[];
}

export interface SignalView {
  readonly name: string;
  readonly value: unknown;
  readonly quality: "good" | "uncertain" | "bad";
  readonly statusCode: string;
  readonly sourceTimestamp: string | null;
}

export interface WorkUnitLiveView {
  readonly machineState: MachineState;
  readonly stateSince: string | null;
  readonly currentJob: string | null;
  /** The PLC's cumulative counters as last read (null while unknown). */
  readonly counters: { readonly good: number | null; readonly reject: number | null };
  readonly plc: { id: string; endpointUrl: string; connectionState: PlcConnectionState; since: string | null; lastError: string | null };
  readonly signals: SignalView[];
}

/** One recorded machine state of a work unit, cut to the window asked for. */
export interface StateHistoryItem {
  readonly state: MachineState;
  readonly start: Date;
  /** null while the state lasts. */
  readonly end: Date | null;
  readonly faultCode: string | null;
  readonly reasonCode: string | null;
  readonly jobOrderId: string | null;
}

export interface EquipmentDetail extends EquipmentSummary {
  readonly description: string | null;
  readonly parentId: string | null;
  /** From the enterprise down to the parent. */
  readonly path: EquipmentSummary[];
  readonly children: EquipmentSummary[];
  readonly live?: WorkUnitLiveView;
}

/** Reads the plant: the stored equipment hierarchy joined with what the PLCs say right now. */
export class EquipmentService {
  constructor(
    private readonly store: Store,
    private readonly live: LiveState,
    /** The plant as last read (at first the configured one): what live reads show while the database is unreachable. */
    private known: readonly EquipmentNode[] | null = null,
  ) {}

  /** The stored hierarchy; while the database is unreachable, the one last read, so live views keep answering. */
  private async nodes(): Promise<readonly EquipmentNode[]> {
    try {
      this.known = await this.store.read.equipment.findAll();
    } catch (error) {
      if (!this.known || !isStoreUnavailable(error)) throw error;
    }
    return this.known;
  }

  async tree(): Promise<EquipmentTreeNode[]> {
    const nodes = await this.nodes();
    const children = childrenByParent(nodes);
    const build = (node: EquipmentNode): EquipmentTreeNode => ({
      ...summary(node),
      description: node.description,
      ...(node.level === "WorkUnit" ? { machineState: this.live.workUnit(node.id)?.machineState ?? "unknown" } : {}),
      children: (children.get(node.id) ?? []).map(build),
    });
    return (children.get(null) ?? []).map(build);
  }

  async get(id: string): Promise<EquipmentDetail> {
    const nodes = await this.nodes();
    const byId = new Map(nodes.map((node) => [node.id, node]));
    const node = byId.get(id);
    if (!node) throw new DomainError("not_found", `no equipment with id "${id}"`, { id });
    const path: EquipmentSummary[] = [];
    for (let parent = node.parentId ? byId.get(node.parentId) : undefined; parent; parent = parent.parentId ? byId.get(parent.parentId) : undefined) {
      path.unshift(summary(parent));
    }
    const live = node.level === "WorkUnit" ? this.liveView(node.id) : undefined;
    return {
      ...summary(node),
      description: node.description,
      parentId: node.parentId,
      path,
      children: (childrenByParent(nodes).get(node.id) ?? []).map(summary),
      ...(live ? { live } : {}),
    };
  }

  /** A work unit's recorded states over [from, to); gaps between them are time the MES did not record. */
  async stateHistory(id: string, from: Date, to: Date): Promise<{ equipmentId: string; from: Date; to: Date; items: StateHistoryItem[] }> {
    const node = await this.store.read.equipment.findById(id);
    if (!node) throw new DomainError("not_found", `no equipment with id "${id}"`, { id });
    if (node.level !== "WorkUnit") throw new DomainError("invalid_input", `${id} is a ${node.level}: states are recorded per work unit`, { field: "id", value: id });
    const intervals = await this.store.read.stateIntervals.findByEquipment(id, from, to);
    const items = clipStates(intervals, { start: from.getTime(), end: to.getTime() }).map(({ interval, start, end }) => ({
      state: interval.state,
      start,
      end,
      faultCode: interval.faultCode,
      reasonCode: interval.reasonCode,
      jobOrderId: interval.jobOrderId,
    }));
    return { equipmentId: id, from, to, items };
  }

  private liveView(workUnitId: string): WorkUnitLiveView | undefined {
    const unit = this.live.workUnit(workUnitId);
    const plc = unit && this.live.plc(unit.plcId);
    if (!unit || !plc) return undefined;
    const counter = (name: string) => {
      const sample = unit.signals.get(name);
      return sample && quality(sample) === "good" && typeof sample.value === "number" ? sample.value : null;
    };
    const job = unit.signals.get(FIXED_SIGNAL_NAMES.currentJob);
    return {
      machineState: unit.machineState,
      stateSince: unit.stateSince?.toISOString() ?? null,
      currentJob: job && quality(job) === "good" && job.value ? String(job.value) : null,
      counters: { good: counter(FIXED_SIGNAL_NAMES.goodCount), reject: counter(FIXED_SIGNAL_NAMES.rejectCount) },
      plc: { id: plc.plcId, endpointUrl: plc.endpointUrl, connectionState: plc.state, since: plc.since?.toISOString() ?? null, lastError: plc.lastError },
      signals: [...unit.signals].map(([name, sample]) => signalView(name, sample)),
    };
  }
}

function summary(node: EquipmentNode): EquipmentSummary {
  return { id: node.id, name: node.name, level: node.level, equipmentLevel: EquipmentLevel[node.level] };
}

function childrenByParent(nodes: readonly EquipmentNode[]): Map<string | null, EquipmentNode[]> {
  const map = new Map<string | null, EquipmentNode[]>();
  for (const node of [...nodes].sort((a, b) => a.sortOrder - b.sortOrder)) {
    const list = map.get(node.parentId) ?? [];
    list.push(node);
    map.set(node.parentId, list);
  }
  return map;
}

function signalView(name: string, sample: SignalSample): SignalView {
  return {
    name,
    value: jsonValue(sample.value),
    quality: quality(sample),
    statusCode: sample.statusName ?? `0x${sample.statusCode.toString(16).padStart(8, "0")}`,
    sourceTimestamp: sample.sourceTimestamp?.toISOString() ?? null,
  };
}

/** Typed arrays and 64-bit pairs become plain JSON. */
function jsonValue(value: unknown): unknown {
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<number>);
  if (typeof value === "bigint") return value.toString();
  return value ?? null;
}

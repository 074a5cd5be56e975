import { DataType, NodeId, type AddressSpace, type Namespace, type UAAlarmConditionEx, type UAObject } from "node-opcua";
import { ALARM_KIND_INFO } from "../../domain/alarms/alarm-kinds.js";
import type { AlarmView } from "../../services/alarms/alarm-view.js";
import type { Log } from "../../services/log.js";
import { withChildNodeIds, type PlantNodes } from "../plant-address-space.js";

/** What node-opcua's shelving state machine keeps for its UnshelveTime (it has no setter for them). */
interface ShelvingInternals {
  setState(name: string): void;
  _shelvedTime?: Date;
  _duration?: number;
}

const SHELVING_STATE: Record<AlarmView["shelved"], string> = { unshelved: "Unshelved", timed: "TimedShelved", "one-shot": "OneShotShelved" };

/**
 * Each alarm not yet closed as a condition instance (OPC 10000-9) of its standard type, a
 * component of its work unit with HasCondition from it (the work unit is its ConditionSource):
 * `ns=<plant>;s=<unit>.Alarm.<alarm id>`. The node shows what the alarm service says and nothing
 * else: every change of the alarm is applied and raised as a condition event; once closed
 * (inactive, acknowledged, confirmed) it is raised with Retain false and removed.
 */
export class AlarmConditions {
  private readonly nodes = new Map<string, UAAlarmConditionEx>();
  /** Condition or ShelvingState NodeId -> alarm id: what the method calls address. */
  private readonly targets = new Map<string, { alarmId: string; shelving: boolean }>();
  /** The EventIds each condition has sent, as hex: an Acknowledge names one of them. */
  private readonly eventIds = new Map<string, Set<string>>();

  constructor(
    private readonly addressSpace: AddressSpace,
    private readonly plantNodes: PlantNodes,
    private readonly maxShelvingMs: number,
    private readonly log: Log,
  ) {}

  get namespace(): Namespace {
    return this.plantNodes.namespace;
  }

  /** The alarm a Call's ObjectId is (its condition) or belongs to (its ShelvingState). */
  targetOf(objectId: NodeId): { alarmId: string; shelving: boolean } | undefined {
    return this.targets.get(objectId.toString());
  }

  knowsEventId(alarmId: string, eventId: Buffer | null | undefined): boolean {
    return !!eventId && (this.eventIds.get(alarmId)?.has(eventId.toString("hex")) ?? false);
  }

  conditionNodeId(alarmId: string): NodeId | undefined {
    return this.nodes.get(alarmId)?.nodeId;
  }

  show(view: AlarmView): void {
    let node = this.nodes.get(view.id);
    if (!node) {
      if (!view.retain) return;
      node = this.create(view);
      if (!node) return;
    }
    this.apply(node, view);
    if (!view.retain) this.remove(view.id, node);
  }

  private create(view: AlarmView): UAAlarmConditionEx | undefined {
    const sourceId = this.plantNodes.nodeIdOf(view.workUnitId);
    const source = sourceId ? (this.addressSpace.findNode(sourceId) as UAObject | null) : null;
    if (!source) {
      this.log.warn(`alarm ${view.id}: no work unit ${view.workUnitId} in the address space, no condition shown`);
      return undefined;
    }
    const info = ALARM_KIND_INFO[view.kind];
    let node: UAAlarmConditionEx | undefined;
    withChildNodeIds(() => {
      node = this.namespace.instantiateDiscreteAlarm(info.conditionType, {
        browseName: `${info.conditionName} ${view.id}`,
        displayName: `${info.conditionName} ${view.sourceName}`,
        nodeId: `s=${view.workUnitId}.Alarm.${view.id}`,
        componentOf: source,
        conditionSource: source,
        conditionOf: source,
        conditionName: info.conditionName,
        conditionClass: this.addressSpace.findObjectType(info.conditionClass) ?? undefined,
        inputNode: NodeId.nullNodeId,
        maxTimeShelved: this.maxShelvingMs,
        optionals: ["ConfirmedState", "Confirm", "ShelvingState"],
      } as Parameters<Namespace["instantiateDiscreteAlarm"]>[1]);
    });
    const created = node!;
    // node-opcua names the source by its qualified browse name ("9:Press 1"); the alarm's is the display name.
    created.sourceName.setValueFromSource({ dataType: DataType.String, value: view.sourceName });
    // An OffNormalAlarm's NormalState: none, the MES decides (no variable holds "normal").
    const normalState = (created as unknown as { normalState?: { setValueFromSource(v: unknown): void } }).normalState;
    normalState?.setValueFromSource({ dataType: DataType.NodeId, value: NodeId.nullNodeId });
    this.nodes.set(view.id, created);
    this.eventIds.set(view.id, new Set());
    this.targets.set(created.nodeId.toString(), { alarmId: view.id, shelving: false });
    if (created.shelvingState) this.targets.set(created.shelvingState.nodeId.toString(), { alarmId: view.id, shelving: true });
    return created;
  }

  private apply(node: UAAlarmConditionEx, view: AlarmView): void {
    const branch = node.currentBranch();
    branch.setActiveState(view.active);
    branch.setAckedState(view.acknowledged);
    branch.setConfirmedState(view.confirmed);
    branch.setSeverity(view.severity);
    branch.setMessage(view.message);
    branch.setRetain(view.retain);
    const last = view.comments.at(-1);
    if (last) {
      branch.setComment(last.text);
      branch.setClientUserId(last.by);
    }
    const shelving = node.shelvingState as unknown as ShelvingInternals | undefined;
    if (shelving) {
      shelving.setState(SHELVING_STATE[view.shelved]);
      if (view.shelvedUntil) {
        shelving._shelvedTime = new Date();
        shelving._duration = Math.max(0, Date.parse(view.shelvedUntil) - Date.now());
      }
      node.suppressedOrShelved.setValueFromSource({ dataType: DataType.Boolean, value: view.shelved !== "unshelved" });
    }
    branch.setTime(new Date());
    node.raiseConditionEvent(branch, true);
    this.eventIds.get(view.id)?.add(branch.getEventId().toString("hex"));
  }

  private remove(alarmId: string, node: UAAlarmConditionEx): void {
    this.nodes.delete(alarmId);
    this.eventIds.delete(alarmId);
    for (const [key, target] of this.targets) if (target.alarmId === alarmId) this.targets.delete(key);
    try {
      this.namespace.deleteNode(node);
    } catch (error) {
      this.log.error(`alarm ${alarmId}: its closed condition was not removed`, error);
    }
  }

  /** Removes every condition (the server is stopping). */
  clear(): void {
    for (const [id, node] of [...this.nodes]) this.remove(id, node);
  }
}

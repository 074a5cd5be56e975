import { DomainError } from "../../domain/domain-error.js";
import type { Actor } from "../actor.js";
import type { EventBus, MesEvents } from "../event-bus.js";
import type { Log } from "../log.js";
import { allUnits, type UnitOwnership } from "../cluster/unit-ownership.js";
import type { InspectionPlanRecord } from "../ports/quality.js";
import type { Store } from "../ports/store.js";
import { SerialQueue } from "../serial-queue.js";
import type { QualityResultService } from "./result-service.js";

/** OPC UA StatusCode: 0x80000000 and above is Bad, 0x40000000 and above Uncertain (OPC 10000-4 §7.39). */
const UNCERTAIN_OR_BAD = 0x40000000;
/**
 * The automatic plans are read again at most this often: a plant of 50,000 mirrored tags sends
 * hundreds of values a second, and reading every plan for each was most of the MES's work. A plan
 * changed here is seen at once (quality.plan); one changed by another MES instance within this time.
 */
const PLANS_TTL_MS = 1000;

/**
 * Results of automatic plans from a mirrored PLC tag a gauge writes to: each new Good numeric
 * value of the plan's signal on a work unit of the plan's step is recorded as a result of the
 * plan's first variable characteristic, in the order the values came, through the PLC door.
 */
export class GaugeSampler {
  private off: (() => void) | null = null;
  private readonly queue: SerialQueue;
  /** Tags (unit and signal) whose last sample was Bad or Uncertain, and tags seen Good since start. */
  private readonly away = new Set<string>();
  private readonly seen = new Set<string>();
  /** The automatic plans by the signal they read, and when they were read (undefined: read them anew). */
  private plans: { readonly at: number; readonly bySignal: ReadonlyMap<string, readonly InspectionPlanRecord[]> } | undefined;
  /** Counts plan changes, so a read that a change overtook is not kept. */
  private planChanges = 0;

  constructor(
    private readonly store: Store,
    private readonly results: QualityResultService,
    private readonly bus: EventBus,
    private readonly log: Log,
    /** On a cluster, the units this instance owns: only their owner records their gauges. */
    private readonly units: UnitOwnership = allUnits,
  ) {
    this.queue = new SerialQueue((error) => this.log.warn(`quality: a gauge value was not recorded: ${error instanceof Error ? error.message : String(error)}`));
  }

  start(): void {
    if (this.off) return;
    const offSignals = this.bus.on("signal.changed", (event) => {
      if (event.role === "tag" && this.units.owns(event.workUnitId)) this.queue.push(() => this.sample(event));
    });
    // A unit gained is followed as after a restart: its first value is compared with the stored result.
    const offOwner = this.units.onChange((workUnitId) => {
      for (const set of [this.seen, this.away]) for (const key of [...set]) if (key.startsWith(`${workUnitId}\u0000`)) set.delete(key);
    });
    const offPlans = this.bus.on("quality.plan", () => {
      this.plans = undefined;
      this.planChanges++;
    });
    this.off = () => {
      offSignals();
      offOwner();
      offPlans();
    };
  }

  async stop(): Promise<void> {
    this.off?.();
    this.off = null;
    await this.queue.drain();
  }

  /** Resolves when every value received so far is recorded (tests, shutdown). */
  drain(): Promise<void> {
    return this.queue.drain();
  }

  /**
   * A PLC gives a monitored item's current value again on every new subscription (OPC 10000-4
   * §5.12.1.2): after a reconnect, or a restart of the MES. That is the reading already recorded,
   * not a new part: the unit's latest result with the same value and source timestamp, or, as the
   * first Good value after the tag was away (a restarted PLC stamps its values anew), the same value.
   * A new part measuring exactly the last value while the PLC was away is the one reading this loses.
   */
  private async alreadyRecorded(characteristicId: string, equipmentId: string, value: number, sourceTimestamp: Date | null, resumed: boolean): Promise<boolean> {
    const [latest] = await this.store.read.qualityResults.find({ characteristicId, equipmentId, limit: 1 });
    if (latest === undefined || latest.value !== value) return false;
    return resumed || (sourceTimestamp !== null && latest.recordedAt.getTime() === sourceTimestamp.getTime());
  }

  private async automaticPlansOf(signal: string): Promise<readonly InspectionPlanRecord[]> {
    const now = Date.now();
    if (!this.plans || now - this.plans.at > PLANS_TTL_MS) {
      const changes = this.planChanges;
      const bySignal = new Map<string, InspectionPlanRecord[]>();
      for (const plan of await this.store.read.inspectionPlans.findAll()) {
        if (plan.recordedBy !== "automatic" || plan.signalId === null || plan.signalId === undefined) continue;
        bySignal.set(plan.signalId, [...(bySignal.get(plan.signalId) ?? []), plan]);
      }
      const plans = { at: now, bySignal };
      if (changes === this.planChanges) this.plans = plans;
      return bySignal.get(signal) ?? [];
    }
    return this.plans.bySignal.get(signal) ?? [];
  }

  private async sample({ workUnitId, signal, sample }: MesEvents["signal.changed"]): Promise<void> {
    const key = `${workUnitId}\u0000${signal}`;
    if (sample.statusCode >= UNCERTAIN_OR_BAD) {
      this.away.add(key);
      return;
    }
    // The first Good value since the MES started, or since the tag was Bad or Uncertain (PLC away).
    const resumed = this.away.has(key) || !this.seen.has(key);
    this.away.delete(key);
    this.seen.add(key);
    if (typeof sample.value !== "number" || !Number.isFinite(sample.value)) return;
    const plans = await this.automaticPlansOf(signal);
    const actor: Actor = { id: workUnitId, role: null, door: "plc" };
    for (const plan of plans) {
      const characteristic = plan.characteristics.find((c) => c.kind === "variable");
      if (!characteristic) continue;
      if (await this.alreadyRecorded(characteristic.id, workUnitId, sample.value, sample.sourceTimestamp, resumed)) continue;
      try {
        await this.results.record({ characteristicId: characteristic.id, equipmentId: workUnitId, value: sample.value, recordedAt: sample.sourceTimestamp ?? undefined }, actor);
      } catch (error) {
        // The same tag name on a unit outside the plan's step is no result of the plan.
        if (error instanceof DomainError && error.code === "invalid_input" && error.details.field === "equipmentId") continue;
        throw error;
      }
    }
  }
}

import { DomainError } from "../../domain/domain-error.js";
import type { Actor } from "../actor.js";
import type { EventBus, MesEvents } from "../event-bus.js";
import type { Log } from "../log.js";
import type { Store } from "../ports/store.js";
import { SerialQueue } from "../serial-queue.js";
import type { QualityResultService } from "./result-service.js";

/** OPC UA StatusCode: 0x80000000 and above is Bad, 0x40000000 and above Uncertain (OPC 10000-4 §7.39). */
const UNCERTAIN_OR_BAD = 0x40000000;

/**
 * Results of automatic plans from a mirrored PLC tag a gauge writes to: each new Good numeric
 * value of the plan's signal on a work unit of the plan's step is recorded as a result of the
 * plan's first variable characteristic, in the order the values came, through the PLC door.
 */
export class GaugeSampler {
  private off: (() => void) | null = null;
  private readonly queue: SerialQueue;

  constructor(
    private readonly store: Store,
    private readonly results: QualityResultService,
    private readonly bus: EventBus,
    private readonly log: Log,
  ) {
    this.queue = new SerialQueue((error) => this.log.warn(`quality: a gauge value was not recorded: ${error instanceof Error ? error.message : String(error)}`));
  }

  start(): void {
    if (this.off) return;
    this.off = this.bus.on("signal.changed", (event) => {
      if (event.role === "tag") this.queue.push(() => this.sample(event));
    });
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

  private async sample({ workUnitId, signal, sample }: MesEvents["signal.changed"]): Promise<void> {
    if (sample.statusCode >= UNCERTAIN_OR_BAD || typeof sample.value !== "number" || !Number.isFinite(sample.value)) return;
    const plans = (await this.store.read.inspectionPlans.findAll()).filter((plan) => plan.recordedBy === "automatic" && plan.signalId === signal);
    const actor: Actor = { id: workUnitId, role: null, door: "plc" };
    for (const plan of plans) {
      const characteristic = plan.characteristics.find((c) => c.kind === "variable");
      if (!characteristic) continue;
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

import { workUnitsOf, type Plant } from "../domain/plant/plant.js";
import type { SignalSample } from "../domain/signal-sample.js";
import type { Clock, IdGenerator } from "./clock.js";
import type { EventBus } from "./event-bus.js";
import type { Log } from "./log.js";
import type { SignalSampleRecord } from "./ports/history.js";
import type { Store } from "./ports/store.js";

export interface SignalHistorySettings {
  readonly retentionDays: number;
  readonly pruneIntervalMs: number;
  readonly flushIntervalMs: number;
  readonly maxPendingSamples: number;
}

const DAY_MS = 86_400_000;

/**
 * Records every change of the signals a plant marks `historize: true`: value, status and the PLC's
 * source timestamp, written in one transaction per flush interval (a fast tag costs one insert a
 * second, not one per change). Samples older than history.retentionDays are pruned on a timer.
 * Data acquisition, not a user's action: no audit entry, as for production counts.
 */
export class SignalHistorian {
  private readonly historized = new Set<string>();
  private pending: SignalSampleRecord[] = [];
  private droppedSinceLog = 0;
  private flushing: Promise<void> = Promise.resolve();
  private timers: NodeJS.Timeout[] = [];
  private unsubscribe: (() => void) | undefined;

  constructor(
    plant: Plant,
    private readonly bus: EventBus,
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly newId: IdGenerator,
    private readonly log: Log,
    private readonly settings: SignalHistorySettings,
    /** Whether this instance prunes (on a cluster, the holder of the pruning's singleton lease). */
    private readonly pruneHere: () => boolean = () => true,
  ) {
    for (const unit of workUnitsOf(plant)) for (const signal of unit.signals) if (signal.historize) this.historized.add(key(unit.id, signal.name));
  }

  /** Whether the signal of the work unit is historized. */
  isHistorized(workUnitId: string, signal: string): boolean {
    return this.historized.has(key(workUnitId, signal));
  }

  start(): void {
    if (this.historized.size === 0) return;
    this.unsubscribe = this.bus.on("signal.changed", ({ workUnitId, signal, sample }) => {
      if (this.historized.has(key(workUnitId, signal))) this.record(workUnitId, signal, sample);
    });
    this.timers.push(setInterval(() => void this.flush(), this.settings.flushIntervalMs));
    this.timers.push(setInterval(() => void (this.pruneHere() ? this.prune() : Promise.resolve(0)).catch((error) => this.log.error("history prune failed", error)), this.settings.pruneIntervalMs));
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    for (const timer of this.timers) clearInterval(timer);
    await this.flush();
  }

  /** Writes what is pending; kept for the next try when the database does not take it. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.write());
    return this.flushing;
  }

  /** Deletes samples received longer ago than the retention; returns how many. */
  async prune(): Promise<number> {
    const cutoff = new Date(this.clock.now().getTime() - this.settings.retentionDays * DAY_MS);
    const deleted = await this.store.unitOfWork((repos) => repos.signalSamples.deleteReceivedBefore(cutoff));
    if (deleted > 0) this.log.info(`history: pruned ${deleted} signal samples received before ${cutoff.toISOString()}`);
    return deleted;
  }

  private record(workUnitId: string, signal: string, sample: SignalSample): void {
    const serverTime = this.clock.now();
    const { valueNumber, valueText } = storedValue(sample);
    if (this.pending.length >= this.settings.maxPendingSamples) {
      // Bounded while the database is away: the oldest go first, and the gap is said once per outage.
      this.pending.shift();
      if (this.droppedSinceLog++ === 0) this.log.warn(`history: ${this.settings.maxPendingSamples} signal samples held (history.maxPendingSamples); dropping the oldest until the database takes them`);
    }
    this.pending.push({ id: this.newId(), equipmentId: workUnitId, signal, sourceTime: sample.sourceTimestamp ?? serverTime, serverTime, valueNumber, valueText, statusCode: sample.statusCode >>> 0 });
  }

  private async write(): Promise<void> {
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    try {
      await this.store.unitOfWork((repos) => repos.signalSamples.insertMany(batch));
      this.droppedSinceLog = 0;
    } catch (error) {
      this.pending = [...batch, ...this.pending].slice(-this.settings.maxPendingSamples);
      this.log.error(`history: ${batch.length} signal samples not written yet`, error);
    }
  }
}

function key(workUnitId: string, signal: string): string {
  return `${workUnitId}\u0000${signal}`;
}

/** Numbers (and booleans, as 0/1) as numbers, anything else as its text; a Bad sample has no value (OPC 10000-4 §7.7.1). */
function storedValue(sample: SignalSample): { valueNumber: number | null; valueText: string | null } {
  if (sample.statusCode >>> 30 >= 2 || sample.value === null || sample.value === undefined) return { valueNumber: null, valueText: null };
  if (typeof sample.value === "number" && Number.isFinite(sample.value)) return { valueNumber: sample.value, valueText: null };
  if (typeof sample.value === "boolean") return { valueNumber: sample.value ? 1 : 0, valueText: null };
  const text = typeof sample.value === "string" ? sample.value : JSON.stringify(sample.value);
  return { valueNumber: null, valueText: text.slice(0, 1024) };
}

import type { Actor } from "../actor.js";
import type { EventBus, MesEvents } from "../event-bus.js";
import type { InventoryService } from "../inventory/inventory-service.js";
import type { Log } from "../log.js";
import type { Store } from "../ports/store.js";
import { SerialQueue } from "../serial-queue.js";

/** The MES itself acting on a quality signal: the audit entry names the signal's reasons. */
const QUALITY_ACTOR: Actor = { id: "quality", role: null, door: "system" };

/**
 * The other half of a plan's reaction to a failed check or an SPC signal (beside the Job Control
 * Hold): the lot the job order produced, and the lot the result names, go to quarantine until a
 * quality engineer decides (ISA-95 Part 3 §7: quality operations may hold material). Through the
 * inventory service, so each status change is a movement of the ledger and audited.
 */
export class QualityLotQuarantine {
  private off: (() => void) | null = null;
  private readonly queue: SerialQueue;

  constructor(
    private readonly store: Store,
    private readonly inventory: InventoryService,
    private readonly bus: EventBus,
    private readonly log: Log,
  ) {
    this.queue = new SerialQueue((error) => this.log.warn(`quality: a lot was not quarantined: ${error instanceof Error ? error.message : String(error)}`));
  }

  start(): void {
    if (this.off) return;
    this.off = this.bus.on("quality.signal", (signal) => this.queue.push(() => this.quarantine(signal)));
  }

  async stop(): Promise<void> {
    this.off?.();
    this.off = null;
    await this.queue.drain();
  }

  /** Resolves when every signal received so far is acted on (tests, shutdown). */
  drain(): Promise<void> {
    return this.queue.drain();
  }

  /** The lots a signal quarantines: available ones of the job order's output (the lot and its sublots) and the one the result names. */
  async lotsOf(signal: Pick<MesEvents["quality.signal"], "jobOrderId" | "lotId">): Promise<string[]> {
    const produced = signal.jobOrderId ? (await this.store.read.lots.findMany({ jobOrderId: signal.jobOrderId }, { limit: 500, offset: 0 })).items : [];
    const named = signal.lotId ? await this.store.read.lots.findById(signal.lotId) : null;
    const lots = [...produced, ...(named ? [named] : [])].filter((lot) => lot.status === "available");
    return [...new Set(lots.map((lot) => lot.id))];
  }

  private async quarantine(signal: MesEvents["quality.signal"]): Promise<void> {
    const plan = await this.store.read.inspectionPlans.findById(signal.planId);
    if (!plan?.holdJobOnSignal) return;
    const comment = `Quality hold: ${signal.reasons.join("; ")}`.slice(0, 500);
    for (const lotId of await this.lotsOf(signal)) {
      await this.inventory.setStatus(lotId, "quarantined", QUALITY_ACTOR, comment);
      this.log.info(`quality: lot ${lotId} quarantined (${signal.reasons.join("; ")})`);
    }
  }
}

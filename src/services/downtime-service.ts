import type { OeeSettings } from "../domain/oee/oee-settings.js";
import { DomainError } from "../domain/domain-error.js";
import { pareto, reasonPaths, type ParetoBar } from "../domain/oee/reasons.js";
import type { OeePolicy, TimeCategory } from "../domain/oee/time-model.js";
import type { Actor } from "./actor.js";
import type { Clock, IdGenerator } from "./clock.js";
import type { OeeService } from "./oee-service.js";
import type { StateIntervalRecord } from "./ports/production.js";
import type { Repositories, Store } from "./ports/store.js";
import { recordAudit } from "./audit-trail.js";

export interface DowntimeEvent {
  readonly id: string;
  readonly equipmentId: string;
  readonly state: string;
  readonly category: TimeCategory;
  readonly start: Date;
  /** Null while the stop lasts. */
  readonly end: Date | null;
  readonly durationMs: number;
  readonly microStop: boolean;
  readonly faultCode: string | null;
  readonly reasonCode: string | null;
  readonly reason: string[] | null;
  /** The people rostered on the unit's work center when the stop began (from the roster; empty without one). */
  readonly operators: string[];
}

export interface DowntimeFilter {
  readonly equipmentId: string;
  readonly from: Date;
  readonly to: Date;
  readonly reasonCode?: string;
  readonly unassigned?: boolean;
  readonly includeMicroStops?: boolean;
}

const UNASSIGNED = "unassigned";

/**
 * Stops as downtime events: every state interval whose time is delay or down time (by the OEE
 * policy), with its fault code and reason. Operators assign a reason or split a stop in two
 * (the interval itself is split, so intervals never overlap and the time model stays whole).
 */
export class DowntimeService {
  private readonly reasons: Map<string, string[]>;

  constructor(
    private readonly store: Store,
    private readonly oee: OeeService,
    config: OeeSettings,
    private readonly clock: Clock,
    private readonly newId: IdGenerator,
    private readonly crew: (equipmentId: string, from: Date, to: Date) => Promise<string[]> = async () => [],
  ) {
    this.reasons = reasonPaths(config.downtimeReasons);
  }

  async list(filter: DowntimeFilter): Promise<DowntimeEvent[]> {
    return this.withOperators(await this.events(filter));
  }

  /**
   * One page of the stops, oldest first or, with `newestFirst`, newest first (a list on a screen
   * shows the latest and pages back to older ones, so every stop can still be given its reason).
   */
  async page(filter: DowntimeFilter, page: { readonly limit: number; readonly offset: number; readonly newestFirst?: boolean }): Promise<{ items: DowntimeEvent[]; total: number }> {
    const events = await this.events(filter);
    if (page.newestFirst) events.reverse();
    return { items: await this.withOperators(events.slice(page.offset, page.offset + page.limit)), total: events.length };
  }

  /** The stops of the filter, oldest first, without looking up who was on shift (figures over long windows). */
  stops(filter: DowntimeFilter): Promise<DowntimeEvent[]> {
    return this.events(filter);
  }

  private async withOperators(events: readonly DowntimeEvent[]): Promise<DowntimeEvent[]> {
    const result: DowntimeEvent[] = [];
    for (const event of events) result.push({ ...event, operators: await this.crew(event.equipmentId, event.start, new Date(event.start.getTime() + 1)) });
    return result;
  }

  /** The stops of the filter, oldest first, without their operators. */
  private async events(filter: DowntimeFilter): Promise<DowntimeEvent[]> {
    const events: DowntimeEvent[] = [];
    for (const unitId of this.oee.workUnitsOf(filter.equipmentId)) {
      for (const interval of await this.store.read.stateIntervals.findByEquipment(unitId, filter.from, filter.to)) {
        const event = this.eventOf(interval);
        if (!event) continue;
        if (event.microStop && !filter.includeMicroStops) continue;
        if (filter.reasonCode && event.reasonCode !== filter.reasonCode) continue;
        if (filter.unassigned && event.reasonCode !== null) continue;
        events.push(event);
      }
    }
    return events.sort((a, b) => a.start.getTime() - b.start.getTime() || a.equipmentId.localeCompare(b.equipmentId));
  }

  async assignReason(id: string, reasonCode: string | null, actor: Actor): Promise<DowntimeEvent> {
    if (reasonCode !== null && !this.reasons.has(reasonCode)) {
      throw new DomainError("invalid_input", `reasonCode: no downtime reason "${reasonCode}" (config/oee.yaml downtimeReasons)`, { field: "reasonCode" });
    }
    return this.store.unitOfWork(async (repos) => {
      const before = await this.stop(repos, id);
      await repos.stateIntervals.setReason(id, reasonCode);
      const after = { ...before, reasonCode };
      await recordAudit(repos, { id: this.newId(), at: this.clock.now(), actor, action: "downtime.reason_assigned", targetType: "downtime", targetId: id, before, after });
      return this.eventOf(after)!;
    });
  }

  /** Splits a stop at `at` into two, each keeping the fault code; the second takes `reasonCode` when given (a stop that changed cause). */
  async split(id: string, at: Date, reasonCode: string | null | undefined, actor: Actor): Promise<DowntimeEvent[]> {
    if (reasonCode && !this.reasons.has(reasonCode)) throw new DomainError("invalid_input", `reasonCode: no downtime reason "${reasonCode}"`, { field: "reasonCode" });
    return this.store.unitOfWork(async (repos) => {
      const before = await this.stop(repos, id);
      const end = before.endedAt ?? this.clock.now();
      if (!(at > before.startedAt && at < end)) {
        throw new DomainError("invalid_input", `at: must lie inside the stop (${before.startedAt.toISOString()} to ${before.endedAt ? end.toISOString() : "now"})`, { field: "at" });
      }
      let second = await repos.stateIntervals.split(id, at, this.newId());
      if (reasonCode !== undefined) {
        await repos.stateIntervals.setReason(second.id, reasonCode);
        second = { ...second, reasonCode };
      }
      const first = { ...before, endedAt: at };
      await recordAudit(repos, { id: this.newId(), at: this.clock.now(), actor, action: "downtime.split", targetType: "downtime", targetId: id, before, after: { first, second } });
      return [this.eventOf(first)!, this.eventOf(second)!];
    });
  }

  /** Downtime by reason, biggest first; stops without a reason are one bar, "unassigned". */
  async pareto(filter: DowntimeFilter): Promise<{ totalMs: number; bars: (ParetoBar & { reason: string[] | null })[] }> {
    const events = await this.events({ ...filter, includeMicroStops: filter.includeMicroStops ?? true });
    const clipped = events.map((event) => ({
      key: event.reasonCode ?? UNASSIGNED,
      value: Math.min(event.end?.getTime() ?? this.clock.now().getTime(), filter.to.getTime()) - Math.max(event.start.getTime(), filter.from.getTime()),
    }));
    const bars = pareto(clipped).map((bar) => ({ ...bar, reason: this.reasons.get(bar.key) ?? null }));
    return { totalMs: clipped.reduce((sum, entry) => sum + entry.value, 0), bars };
  }

  /** The interval as a downtime event, or null when its state's time is neither delay nor down time (the overview asks it of each open interval). */
  eventOf(interval: StateIntervalRecord): DowntimeEvent | null {
    const policy: OeePolicy = this.oee.policy;
    const category = policy.stateCategories[interval.state];
    if (category !== "delay" && category !== "downtime") return null;
    const end = interval.endedAt?.getTime() ?? this.clock.now().getTime();
    const durationMs = Math.max(0, end - interval.startedAt.getTime());
    return {
      id: interval.id,
      equipmentId: interval.equipmentId,
      state: interval.state,
      category,
      start: interval.startedAt,
      end: interval.endedAt,
      durationMs,
      // A stop still running is not yet known to be short.
      microStop: interval.endedAt !== null && durationMs < policy.microStopMs,
      faultCode: interval.faultCode,
      reasonCode: interval.reasonCode,
      reason: interval.reasonCode ? (this.reasons.get(interval.reasonCode) ?? null) : null,
      operators: [],
    };
  }

  private async stop(repos: Repositories, id: string): Promise<StateIntervalRecord> {
    const interval = await repos.stateIntervals.findById(id);
    if (!interval || !this.eventOf(interval)) throw new DomainError("not_found", `no downtime event "${id}"`, { id });
    return interval;
  }
}

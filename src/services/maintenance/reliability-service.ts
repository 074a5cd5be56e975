import { reliabilityByReason, type ReasonReliability, type ReliabilityFigures } from "../../domain/oee/reliability.js";
import { DomainError } from "../../domain/domain-error.js";
import type { Clock } from "../clock.js";
import type { DowntimeService } from "../downtime-service.js";
import type { OeeService } from "../oee-service.js";

export interface UnitReliability extends ReliabilityFigures {
  readonly workUnitId: string;
  readonly aptMs: number;
  readonly reasons: readonly (ReasonReliability & { readonly reason: readonly string[] | null })[];
}

const WINDOW_MS = 30 * 86_400_000;

/**
 * MTBF and MTTR per work unit and failure reason over a window: the failures are the unit's down-time
 * stops that are not micro-stops (as OEE counts them), their repair the stop's length inside the
 * window, the operating time its APT from the OEE time model.
 */
export class ReliabilityService {
  constructor(
    private readonly oee: OeeService,
    private readonly downtime: DowntimeService,
    private readonly clock: Clock,
    /** The equipment asked of when none is named: the whole plant. */
    private readonly rootId: string,
  ) {}

  /** Of the equipment's work units (every unit of the plant without one), over [from, to) (default the last 30 days). */
  async of(equipmentId: string | undefined, from?: Date, to?: Date): Promise<{ from: Date; to: Date; items: UnitReliability[] }> {
    const end = to ?? this.clock.now();
    const start = from ?? new Date(end.getTime() - WINDOW_MS);
    if (start >= end) throw new DomainError("invalid_input", "from: must be before to", { field: "from" });
    return { from: start, to: end, items: await this.units(equipmentId ?? this.rootId, start, end) };
  }

  private async units(equipmentId: string, from: Date, to: Date): Promise<UnitReliability[]> {
    const result: UnitReliability[] = [];
    for (const workUnitId of this.oee.workUnitsOf(equipmentId)) {
      const report = await this.oee.report(workUnitId, from, to, null);
      const stops = (await this.downtime.stops({ equipmentId: workUnitId, from, to })).filter((stop) => stop.category === "downtime" && !stop.microStop);
      const reasons = new Map(stops.map((stop) => [stop.reasonCode, stop.reason]));
      const failures = stops.map((stop) => ({ reasonCode: stop.reasonCode, repairMs: Math.min(stop.start.getTime() + stop.durationMs, to.getTime()) - Math.max(stop.start.getTime(), from.getTime()) }));
      const { total, reasons: byReason } = reliabilityByReason(report.elements.aptMs, failures);
      result.push({ workUnitId, aptMs: report.elements.aptMs, ...total, reasons: byReason.map((r) => ({ ...r, reason: reasons.get(r.reasonCode) ?? null })) });
    }
    return result;
  }
}

import type { Granularity } from "../domain/oee/periods.js";
import type { Log } from "../services/log.js";
import type { OeeService } from "../services/oee-service.js";
import { historize, type HistoryLimits, type HistorySource, type StoredValue } from "./history/historized-variable.js";
import { OEE_VARIABLES, type OeeNodes, type OeeVariable } from "./oee-nodes.js";

/** OPC UA StatusCodes the OEE history uses (OPC 10000-4 §7.39, OPC 10000-11 §6.3.3). */
const GOOD = 0;
const BAD_NO_DATA = 0x809b0000;
/** The period is still running: its value is not based on the whole period (HistorianPartial). */
const PARTIAL = 0x4;

/**
 * HistoryRead on every Oee variable: one raw value per period (history.oeePeriod: shift, hour or
 * day) since the MES first recorded the equipment's state, stamped at the period's start, each the
 * figure of the whole period, the same whatever window asks for it; the period running now carries
 * the Partial bit. A ratio with nothing to divide by is a value with Bad_NoData. Processed reads
 * aggregate these values (OPC 10000-13): the Average of the shifts' OEE, the Minimum shift, etc.
 */
export function installOeeHistory(nodes: OeeNodes, oee: OeeService, equipmentIds: readonly string[], granularity: Granularity, limits: HistoryLimits, log: Log, now: () => number): void {
  for (const equipmentId of equipmentIds) {
    for (const [name, variable] of nodes.variablesOf(equipmentId) ?? []) historize(variable, oeeSource(oee, equipmentId, name, granularity, now), limits, log);
  }
}

function oeeSource(oee: OeeService, equipmentId: string, name: OeeVariable, granularity: Granularity, now: () => number): HistorySource {
  return {
    async read(from, to, limit, reverse) {
      const periods = await oee.historyPeriods(equipmentId, from, to, granularity);
      const chosen = (reverse ? periods.reverse() : periods).slice(0, limit);
      if (chosen.length === 0) return [];
      // Figures for the chosen periods only: a page of a long history costs a page.
      const ordered = [...chosen].sort((a, b) => a.start - b.start);
      const history = await oee.periodHistory(equipmentId, ordered[0].start, ordered[ordered.length - 1].start + 1, granularity);
      const values = history.map((period): StoredValue => {
        const value = OEE_VARIABLES[name](period.figures);
        const status = value === null ? BAD_NO_DATA : period.running ? GOOD | PARTIAL : GOOD;
        return { at: period.start, serverAt: Math.min(period.end, now()), value, statusCode: status };
      });
      return reverse ? values.reverse() : values;
    },
    async bounds() {
      const all = await oee.historyPeriods(equipmentId, 0, now() + 1, granularity);
      return { start: all[0]?.start ?? null, end: all[all.length - 1]?.start ?? null };
    },
  };
}

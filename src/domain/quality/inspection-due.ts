import type { InspectionFrequency } from "./inspection-plan.js";

/**
 * When an inspection falls due on a running job order, and when it is overdue. A job order's start
 * is the setup (a changeover to its product): first-off is due from then on.
 */

/** How late a due inspection may be before it is flagged overdue: by parts made, or by minutes. */
export interface OverdueGrace {
  readonly parts: number;
  readonly minutes: number;
}

/** Where the running job stands, and the last inspection of the characteristic within it. */
export interface InspectionContext {
  readonly jobStartedAt: number;
  readonly partsMade: number;
  /** The job's quantity; null when it has none (last-off cannot fall due then). */
  readonly partsPlanned: number | null;
  readonly now: number;
  /** The last result in this job: when, and how many parts were made by then. */
  readonly lastInspection: { readonly at: number; readonly partsMade: number } | null;
}

export interface InspectionDue {
  readonly due: boolean;
  readonly overdue: boolean;
  /** Why it is due, for the station's list ("every 50 parts: 112 made, last at 50"). */
  readonly reason: string | null;
}

const NOT_DUE: InspectionDue = { due: false, overdue: false, reason: null };

/** `sampleSize` parts are checked each time: last-off falls due when that many remain. */
export function inspectionDue(frequency: InspectionFrequency, sampleSize: number, context: InspectionContext, grace: OverdueGrace): InspectionDue {
  const { jobStartedAt, partsMade, partsPlanned, now, lastInspection } = context;
  const minutesSince = (at: number) => (now - at) / 60_000;
  switch (frequency.kind) {
    case "first-off": {
      if (lastInspection) return NOT_DUE;
      const overdue = partsMade > sampleSize + grace.parts || minutesSince(jobStartedAt) > grace.minutes;
      return { due: true, overdue, reason: "first-off after setup" };
    }
    case "every-parts": {
      const dueAtParts = (lastInspection?.partsMade ?? 0) + frequency.parts;
      if (partsMade < dueAtParts) return NOT_DUE;
      return { due: true, overdue: partsMade >= dueAtParts + grace.parts, reason: `every ${frequency.parts} parts: ${partsMade} made, due at ${dueAtParts}` };
    }
    case "every-minutes": {
      const dueAt = (lastInspection?.at ?? jobStartedAt) + frequency.minutes * 60_000;
      if (now < dueAt) return NOT_DUE;
      return { due: true, overdue: minutesSince(dueAt) >= grace.minutes, reason: `every ${frequency.minutes} min: due since ${new Date(dueAt).toISOString()}` };
    }
    case "last-off": {
      if (partsPlanned === null) return NOT_DUE;
      const dueAtParts = Math.max(0, partsPlanned - sampleSize);
      if (partsMade < dueAtParts || (lastInspection && lastInspection.partsMade >= dueAtParts)) return NOT_DUE;
      return { due: true, overdue: partsMade >= partsPlanned, reason: `last-off: ${partsMade} of ${partsPlanned} made` };
    }
  }
}

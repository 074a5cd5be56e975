/** A person as the roster sees them (ISA-95 personnel: classes and qualifications per work center). */
export interface RosterPerson {
  readonly id: string;
  /** Personnel classes: Operator, Maintenance, Quality, Manager, ... */
  readonly classes: readonly string[];
  /** Work centers the person is qualified for. */
  readonly qualifications: readonly string[];
  readonly contractedHours: number;
  readonly minHours: number;
  readonly maxHours: number;
  /** Times the person cannot work (leave, training), as instants. */
  readonly unavailable: readonly { readonly start: number; readonly end: number }[];
}

/** One shift of one work center that needs people. */
export interface RosterShift {
  /** E.g. "2026-11-24 Morning". */
  readonly key: string;
  readonly workCenterId: string;
  readonly start: number;
  readonly end: number;
  readonly needed: number;
  /** The class the people must have (Operator by default in the config). */
  readonly personnelClass: string;
  /** A night shift (it runs over midnight): rotated fairly on its own. */
  readonly night: boolean;
}

export interface RosterAssignment {
  readonly shiftKey: string;
  readonly workCenterId: string;
  readonly personId: string;
  readonly start: number;
  readonly end: number;
}

export interface RosterShortage {
  readonly shiftKey: string;
  readonly workCenterId: string;
  readonly needed: number;
  readonly assigned: number;
  /** Why nobody else could take it: each reason with how many people it ruled out. */
  readonly reasons: string[];
}

export interface Roster {
  readonly assignments: RosterAssignment[];
  readonly shortages: RosterShortage[];
  /** Planned hours per person, and who stays under their minimum. */
  readonly hours: Record<string, number>;
  readonly underMinimum: { personId: string; hours: number; minHours: number }[];
}

/** At least this long between the end of one shift and the start of the next for a person (working-time law). */
export const MIN_REST_MS = 11 * 3_600_000;
const H = 3_600_000;

/**
 * A weekly roster: shifts in time order, each filled with qualified, available people who are not
 * on another shift then, have had 11 hours of rest since their last shift and before their next,
 * and stay within their maximum hours. Among them, the one furthest below their contracted hours
 * goes first (then the one with fewer night shifts, then by id), so work rotates fairly. A shift
 * that cannot be covered is reported with why. Limits are never broken to cover a shift.
 */
export function buildRoster(people: readonly RosterPerson[], shifts: readonly RosterShift[]): Roster {
  const byPerson = new Map<string, { start: number; end: number }[]>(people.map((p) => [p.id, []]));
  const hours = new Map<string, number>(people.map((p) => [p.id, 0]));
  const nights = new Map<string, number>(people.map((p) => [p.id, 0]));
  const assignments: RosterAssignment[] = [];
  const shortages: RosterShortage[] = [];

  for (const shift of [...shifts].sort((a, b) => a.start - b.start || a.workCenterId.localeCompare(b.workCenterId))) {
    const lengthH = (shift.end - shift.start) / H;
    const ruledOut = new Map<string, number>();
    const rule = (reason: string) => ruledOut.set(reason, (ruledOut.get(reason) ?? 0) + 1);
    const candidates = people.filter((person) => {
      if (!person.classes.includes(shift.personnelClass)) return rule(`not ${shift.personnelClass}`), false;
      if (!person.qualifications.includes(shift.workCenterId)) return rule(`not qualified for ${shift.workCenterId}`), false;
      if (person.unavailable.some((u) => u.start < shift.end && u.end > shift.start)) return rule("not available"), false;
      const worked = byPerson.get(person.id)!;
      if (worked.some((w) => w.start < shift.end && w.end > shift.start)) return rule("on another shift then"), false;
      if (worked.some((w) => (w.end <= shift.start && shift.start - w.end < MIN_REST_MS) || (shift.end <= w.start && w.start - shift.end < MIN_REST_MS))) return rule("less than 11 h rest"), false;
      if (hours.get(person.id)! + lengthH > person.maxHours) return rule("would exceed their maximum hours"), false;
      return true;
    });
    const night = shift.night;
    candidates.sort(
      (a, b) => hours.get(a.id)! / Math.max(1, a.contractedHours) - hours.get(b.id)! / Math.max(1, b.contractedHours) || (night ? nights.get(a.id)! - nights.get(b.id)! : 0) || (a.id < b.id ? -1 : 1),
    );
    const chosen = candidates.slice(0, shift.needed);
    for (const person of chosen) {
      assignments.push({ shiftKey: shift.key, workCenterId: shift.workCenterId, personId: person.id, start: shift.start, end: shift.end });
      byPerson.get(person.id)!.push({ start: shift.start, end: shift.end });
      hours.set(person.id, hours.get(person.id)! + lengthH);
      if (night) nights.set(person.id, nights.get(person.id)! + 1);
    }
    if (chosen.length < shift.needed) {
      shortages.push({
        shiftKey: shift.key,
        workCenterId: shift.workCenterId,
        needed: shift.needed,
        assigned: chosen.length,
        reasons: ruledOut.size > 0 ? [...ruledOut.entries()].map(([reason, count]) => `${count} ${count === 1 ? "person" : "people"}: ${reason}`) : ["nobody is in the personnel list"],
      });
    }
  }
  return {
    assignments,
    shortages,
    hours: Object.fromEntries(hours),
    underMinimum: people.filter((p) => hours.get(p.id)! < p.minHours).map((p) => ({ personId: p.id, hours: hours.get(p.id)!, minHours: p.minHours })),
  };
}

import { plannedTime, parseClockTime, type ShiftCalendar } from "../../src/domain/oee/shift-calendar.js";
import { plan, type PlanJob, type SchedulingRule } from "../../src/domain/scheduling/planner.js";
import { round, spread } from "./stats.js";

const H = 3_600_000;
const every = [1, 2, 3, 4, 5, 6, 7];

/**
 * The planner alone (pure, in process) on generated plants: `orders` work orders of 1-3 routing
 * steps over 50 work units on a three-shift calendar with breaks, 6 products and a changeover
 * between any two, due within 30 days. Times in ms, median of the repetitions, per rule.
 */
export function benchScheduling(orderCounts: readonly number[], repetitions: number): Record<string, unknown>[] {
  const calendar: ShiftCalendar = {
    timeZone: "UTC",
    shifts: [
      { name: "Morning", start: parseClockTime("06:00"), end: parseClockTime("14:00"), days: every, breaks: [{ start: parseClockTime("10:00"), end: parseClockTime("10:30") }] },
      { name: "Afternoon", start: parseClockTime("14:00"), end: parseClockTime("22:00"), days: every, breaks: [{ start: parseClockTime("18:00"), end: parseClockTime("18:30") }] },
      { name: "Night", start: parseClockTime("22:00"), end: parseClockTime("06:00"), days: every, breaks: [{ start: parseClockTime("02:00"), end: parseClockTime("02:30") }] },
    ],
    nonWorkingDays: [],
    plannedDowntime: [],
  };
  const now = Date.parse("2026-11-24T06:00:00Z");
  const units = Array.from({ length: 50 }, (_, i) => `unit-${i}`);
  const busyOf = (days: number) => new Map(units.map((u) => [u, plannedTime(calendar, { start: now, end: now + days * 24 * H }).busy]));
  const results: Record<string, unknown>[] = [];
  for (const orders of orderCounts) {
    const jobs = generate(orders, units, now);
    const workMs = jobs.reduce((sum, job) => sum + job.workMs!, 0);
    // Enough busy time for all of it whatever the rule: the average load per unit, with room for the idle gaps precedence makes.
    const days = Math.max(30, Math.ceil((6 * workMs) / units.length / (22.5 * H)));
    const busy = busyOf(days);
    const figures: Record<string, unknown> = {};
    for (const rule of ["edd", "priority", "setup"] as SchedulingRule[]) {
      const times: number[] = [];
      let scheduled = 0;
      let changeover = 0;
      for (let rep = 0; rep < repetitions; rep++) {
        const t0 = performance.now();
        const result = plan({ now, jobs, running: [], busy, rule, changeoverMs: (_u, from, to) => (from && to && from !== to ? 20 * 60_000 : 0) });
        times.push(performance.now() - t0);
        scheduled = result.jobs.length;
        changeover = result.totalChangeoverMs;
      }
      const s = spread(times)!;
      figures[rule] = { medianMs: round(s.median, 1), minMs: round(s.min, 1), maxMs: round(s.max, 1), scheduled, totalChangeoverHours: round(changeover / H, 1) };
    }
    results.push({ orders, jobOrders: jobs.length, workUnits: units.length, horizonDays: days, figures });
  }
  return results;
}

function generate(orders: number, units: readonly string[], now: number): PlanJob[] {
  let seed = 42;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const jobs: PlanJob[] = [];
  for (let o = 0; o < orders; o++) {
    const steps = 1 + Math.floor(rnd() * 3);
    const dueAt = now + Math.floor(rnd() * 30 * 24) * H;
    const priority = Math.floor(rnd() * 5);
    const productId = `P${Math.floor(rnd() * 6)}`;
    for (let s = 0; s < steps; s++) {
      jobs.push({ id: `WO${o}-${s}`, workOrderId: `WO${o}`, unitId: units[Math.floor(rnd() * units.length)], productId, workMs: Math.floor((0.25 + rnd() * 4) * H), dueAt, priority, after: s > 0 ? [`WO${o}-${s - 1}`] : [] });
    }
  }
  return jobs;
}

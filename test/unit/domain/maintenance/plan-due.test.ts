import { expect } from "chai";
import { intervalProblem, planDue } from "../../../../src/domain/maintenance/plan-due.js";

const DAY = 86_400_000;
const HOUR = 3_600_000;
const t0 = Date.parse("2026-11-01T00:00:00Z");
const since = (over: Partial<{ now: number; runHours: number; count: number }>) => ({ lastDoneAt: t0, now: t0, runHours: 0, count: 0, ...over });

describe("When a preventive maintenance plan falls due", function () {
  it("by calendar: every 10 days, due soon 2 days before, overdue past the date", function () {
    const plan = { kind: "calendar" as const, every: 10, dueSoon: 2 };
    expect(planDue(plan, since({ now: t0 + 7 * DAY }))).to.deep.equal({ status: "ok", dueAt: t0 + 10 * DAY, dueCount: null, used: 0.7 });
    expect(planDue(plan, since({ now: t0 + 8 * DAY })).status).to.equal("due");
    expect(planDue(plan, since({ now: t0 + 10 * DAY })).status).to.equal("due");
    expect(planDue(plan, since({ now: t0 + 10 * DAY + 1 })).status).to.equal("overdue");
  });

  it("by counter: due from N minus the margin and at N, overdue past it; the margin defaults to a tenth", function () {
    const plan = { kind: "counter" as const, every: 150 };
    expect(planDue(plan, since({ count: 134 })).status).to.equal("ok");
    expect(planDue(plan, since({ count: 135 }))).to.deep.equal({ status: "due", dueAt: null, dueCount: 150, used: 0.9 });
    expect(planDue(plan, since({ count: 150 })).status).to.equal("due");
    expect(planDue(plan, since({ count: 151 })).status).to.equal("overdue");
    expect(planDue({ ...plan, dueSoon: 0 }, since({ count: 149 })).status).to.equal("ok");
  });

  it("by run time: APT hours since the service, with the due date the run rate so far gives", function () {
    const plan = { kind: "run-time" as const, every: 100, dueSoon: 10 };
    // 40 run hours in 80 calendar hours: half the time running, so 60 more run hours take 120 h.
    const judged = planDue(plan, since({ now: t0 + 80 * HOUR, runHours: 40 }));
    expect(judged).to.deep.equal({ status: "ok", dueAt: t0 + 200 * HOUR, dueCount: null, used: 0.4 });
    expect(planDue(plan, since({ now: t0 + 80 * HOUR, runHours: 90 })).status).to.equal("due");
    expect(planDue(plan, since({ now: t0 + 300 * HOUR, runHours: 101 }))).to.include({ status: "overdue", dueAt: t0 + 300 * HOUR });
    expect(planDue(plan, since({ now: t0 + HOUR, runHours: 0 })).dueAt, "never ran: no rate to tell").to.equal(null);
  });

  it("refuses an interval that cannot work, naming the field", function () {
    expect(intervalProblem({ kind: "counter", every: 0 })).to.deep.equal({ field: "every", message: "must be above 0" });
    expect(intervalProblem({ kind: "counter", every: 2.5 })?.field).to.equal("every");
    expect(intervalProblem({ kind: "calendar", every: 2.5 })).to.equal(null);
    expect(intervalProblem({ kind: "calendar", every: 7, dueSoon: 7 })?.field).to.equal("dueSoon");
  });
});

import { expect } from "chai";
import { inspectionDue, type InspectionContext } from "../../../../src/domain/quality/inspection-due.js";

const MIN = 60_000;
const start = Date.parse("2026-12-01T06:00:00Z");
const grace = { parts: 5, minutes: 10 };
const context = (over: Partial<InspectionContext>): InspectionContext => ({ jobStartedAt: start, partsMade: 0, partsPlanned: 100, now: start, lastInspection: null, ...over });

describe("inspection due and overdue", () => {
  it("first-off is due from the setup until a result is recorded, overdue past the grace", () => {
    expect(inspectionDue({ kind: "first-off" }, 1, context({}), grace)).to.include({ due: true, overdue: false });
    // 1 sampled + 5 grace = 6 parts may be made; the 7th makes it overdue.
    expect(inspectionDue({ kind: "first-off" }, 1, context({ partsMade: 6 }), grace).overdue).to.equal(false);
    expect(inspectionDue({ kind: "first-off" }, 1, context({ partsMade: 7 }), grace).overdue).to.equal(true);
    expect(inspectionDue({ kind: "first-off" }, 1, context({ now: start + 11 * MIN }), grace).overdue).to.equal(true);
    expect(inspectionDue({ kind: "first-off" }, 1, context({ partsMade: 30, lastInspection: { at: start, partsMade: 1 } }), grace).due).to.equal(false);
  });

  it("every 50 parts falls due at 50 made after the last result and is overdue 5 parts later", () => {
    const every50 = { kind: "every-parts", parts: 50 } as const;
    const last = { at: start, partsMade: 20 };
    expect(inspectionDue(every50, 1, context({ partsMade: 69, lastInspection: last }), grace).due).to.equal(false);
    expect(inspectionDue(every50, 1, context({ partsMade: 70, lastInspection: last }), grace)).to.include({ due: true, overdue: false });
    expect(inspectionDue(every50, 1, context({ partsMade: 75, lastInspection: last }), grace)).to.include({ due: true, overdue: true });
  });

  it("every 30 minutes counts from the last result, or from the setup before the first", () => {
    const every30 = { kind: "every-minutes", minutes: 30 } as const;
    expect(inspectionDue(every30, 1, context({ now: start + 29 * MIN }), grace).due).to.equal(false);
    expect(inspectionDue(every30, 1, context({ now: start + 30 * MIN }), grace)).to.include({ due: true, overdue: false });
    expect(inspectionDue(every30, 1, context({ now: start + 40 * MIN }), grace)).to.include({ due: true, overdue: true });
    const last = { at: start + 25 * MIN, partsMade: 10 };
    expect(inspectionDue(every30, 1, context({ now: start + 50 * MIN, lastInspection: last }), grace).due).to.equal(false);
  });

  it("last-off falls due when the sample's parts remain and is overdue once the quantity is made", () => {
    const lastOff = { kind: "last-off" } as const;
    expect(inspectionDue(lastOff, 3, context({ partsMade: 96 }), grace).due).to.equal(false);
    expect(inspectionDue(lastOff, 3, context({ partsMade: 97 }), grace)).to.include({ due: true, overdue: false });
    expect(inspectionDue(lastOff, 3, context({ partsMade: 100 }), grace)).to.include({ due: true, overdue: true });
    expect(inspectionDue(lastOff, 3, context({ partsMade: 99, lastInspection: { at: start, partsMade: 98 } }), grace).due).to.equal(false);
    expect(inspectionDue(lastOff, 3, context({ partsMade: 99, partsPlanned: null }), grace).due).to.equal(false);
  });
});

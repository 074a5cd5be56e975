import { expect } from "chai";
import { carrierPacket, decideCarrier, taskCodeOf, type CarrierJob } from "../../../src/domain/carrier-decision.js";
import { JobState } from "../../../src/domain/job-order-state-machine.js";

const job = (fields: Partial<CarrierJob> = {}): CarrierJob => ({ id: "J1", equipmentId: "cplab-1", state: JobState.Running, removed: false, done: false, ...fields });

describe("decideCarrier (the CP Lab carrier rule)", () => {
  it("gives a blank carrier the next job", () => {
    expect(decideCarrier(0, null, "cplab-1")).to.deep.equal({ kind: "assign" });
  });

  it("works a carrier of a running job of this station, and begins a released one", () => {
    expect(decideCarrier(7, job(), "cplab-1")).to.deep.equal({ kind: "work", jobOrderId: "J1", begin: false });
    expect(decideCarrier(7, job({ state: JobState.AllowedToStart }), "cplab-1")).to.deep.equal({ kind: "work", jobOrderId: "J1", begin: true });
  });

  it("frees a carrier whose job is over: ended, aborted, cleared, or with all its parts made", () => {
    for (const over of [job({ state: JobState.Ended }), job({ state: JobState.Aborted }), job({ removed: true }), job({ done: true })]) {
      expect(decideCarrier(7, over, "cplab-1")).to.deep.equal({ kind: "assign" });
    }
  });

  it("passes an unknown order number, another station's job, and a job not released or interrupted", () => {
    expect(decideCarrier(9, null, "cplab-1")).to.deep.include({ kind: "pass", reason: "order number 9 is unknown" });
    expect(decideCarrier(7, job({ equipmentId: "cplab-2" }), "cplab-1")).to.deep.include({ kind: "pass" });
    expect(decideCarrier(7, job({ state: JobState.NotAllowedToStart }), "cplab-1")).to.deep.include({ kind: "pass", reason: "job order J1 is not released" });
    expect(decideCarrier(7, job({ state: JobState.Interrupted }), "cplab-1")).to.deep.include({ kind: "pass", reason: "job order J1 is interrupted" });
  });
});

describe("taskCodeOf", () => {
  it("takes the station's code for the product first, then the job's parameter, else none", () => {
    expect(taskCodeOf({ productId: "black", parameters: [{ id: "TaskCode", value: 9 }] }, { black: 1 }, "TaskCode")).to.equal(1);
    expect(taskCodeOf({ productId: "white", parameters: [{ id: "TaskCode", value: 2 }] }, { black: 1 }, "TaskCode")).to.equal(2);
    expect(taskCodeOf({ productId: null, parameters: [{ id: "TaskCode", value: "3" }] }, {}, "TaskCode")).to.equal(3);
    expect(taskCodeOf({ productId: null, parameters: [{ id: "TaskCode", value: "blue" }] }, {}, "TaskCode")).to.equal(null);
    expect(taskCodeOf({ productId: null, parameters: [] }, {}, "TaskCode")).to.equal(null);
  });
});

describe("carrierPacket", () => {
  it("is [carrier, order number, 0...] in the station's word count", () => {
    expect([...carrierPacket(4, 17, 6)]).to.deep.equal([4, 17, 0, 0, 0, 0]);
  });
});
